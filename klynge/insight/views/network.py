"""The collaboration network: the drawing, its figures (each with what it means), a filter by kind
of contact and years, GEXF and GraphML exports, and the manager's settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require

from ..forms.network import EXPORTS, KIND_CHOICES, NetworkFilterForm, NetworkSettingsForm
from ..network import drawing
from ..network import graph as g
from ..permissions import can_manage_network, can_view_network
from ..selectors.network import Network, cluster_network, network_cached, network_settings
from ..selectors.responses import KIND_LABELS
from ..services.network import network_settings_update
from .common import cluster_or_404

EXPLANATIONS = {
    "nodes": gettext_lazy(
        "Organisations in the picture: members, and partners outside the cluster."
    ),
    "edges": gettext_lazy("Pairs of organisations that worked together at least once."),
    "density": gettext_lazy(
        "Share of all possible pairs that are linked; low is normal in big clusters, a fall "
        "means members work less with each other."
    ),
    "components": gettext_lazy(
        "Separate groups with no link between them; many small ones mean islands to connect."
    ),
    "largest_share": gettext_lazy(
        "Share of organisations in the biggest connected group: how much of the cluster is one "
        "network."
    ),
    "mean_degree": gettext_lazy("How many partners an organisation has on average."),
    "clustering": gettext_lazy(
        "How often two partners of an organisation also work together: high means tight groups."
    ),
    "cross_helix_share": gettext_lazy(
        "Share of links between industry, research and the public sector: the triple helix at work."
    ),
    "smes_with_research": gettext_lazy(
        "SMEs and start-ups with at least one research partner: the competence lift the "
        "programme asks for."
    ),
    "isolated": gettext_lazy(
        "Members with no link in the period: candidates for a call, a meeting or a project."
    ),
}


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{number_format(round(100 * value, 1))} %"


def figure_rows(network: Network) -> list[dict[str, Any]]:
    """The figures as (key, label, value, explanation) rows, for the page and the API."""
    f = network.figures
    return [
        {"key": "nodes", "label": _("Organisations"), "value": number_format(f.nodes)},
        {"key": "edges", "label": _("Links"), "value": number_format(f.edges)},
        {
            "key": "density",
            "label": _("Density"),
            "value": number_format(round(f.density, 3), 3),
        },
        {"key": "components", "label": _("Groups"), "value": number_format(f.components)},
        {
            "key": "largest_share",
            "label": _("In the largest group"),
            "value": _percent(f.largest_share),
        },
        {
            "key": "mean_degree",
            "label": _("Partners per organisation"),
            "value": number_format(round(f.mean_degree, 1), 1),
        },
        {
            "key": "clustering",
            "label": _("Clustering"),
            "value": number_format(round(f.clustering, 2), 2),
        },
        {
            "key": "cross_helix_share",
            "label": _("Links across helices"),
            "value": _percent(f.cross_helix_share),
        },
        {
            "key": "smes_with_research",
            "label": _("SMEs with a research partner"),
            "value": _("%(linked)s of %(smes)s") % {"linked": f.smes_with_research, "smes": f.smes},
        },
        {
            "key": "isolated",
            "label": _("Members without links"),
            "value": number_format(len(f.isolated_members)),
        },
    ]


def explained(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "explanation": str(EXPLANATIONS[row["key"]])} for row in rows]


def kind_labels() -> dict[str, str]:
    return {k: str(v) for k, v in KIND_LABELS.items()}


def edge_labels() -> dict[str, str]:
    return {
        g.PROJECT: _("Shared project"),
        g.B2B: _("B2B meeting"),
        g.EVENT: _("Same event or course"),
    }


def network_svg(
    graph: Any,
    positions: Any,
    *,
    title: str,
    highlight: int | None = None,
    chart_id: str = "network",
) -> str:
    return drawing.svg(
        graph,
        positions,
        title=title,
        description=_(
            "Circles are organisations, coloured by kind and sized by their number of partners; "
            "rings are partners that are not members; lines are links, the darkest are shared "
            "projects. The table beside it gives the figures."
        ),
        kind_labels=kind_labels(),
        edge_labels=edge_labels(),
        non_member_label=_("Not a member"),
        highlight=highlight,
        chart_id=chart_id,
    )


def export_response(network: Network, kind: str) -> HttpResponse:
    name = f"{network.cluster.slug}-network-{network.period.key}"
    if kind == "gexf":
        body, content_type = g.gexf(network.graph), "application/gexf+xml"
    else:
        body, content_type = g.graphml(network.graph), "application/graphml+xml"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
def network_page(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_view_network, request.user, cluster)
    form = NetworkFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    period, kinds = form.period(), form.chosen_kinds()
    export = request.GET.get("export", "")
    wants_export = export in EXPORTS
    network = cluster_network(
        cluster=cluster, period=period, kinds=kinds, positions=not wants_export
    )
    if wants_export:
        return export_response(network, export)
    f = network.figures
    names = {v: d["name"] for v, d in network.graph.nodes(data=True)}
    top = sorted(network.graph.nodes(), key=lambda v: (-network.graph.degree(v), names[v]))[:10]
    return render(
        request,
        "insight/network.html",
        {
            "cluster": cluster,
            "form": form,
            "network": network,
            "period": period,
            "kinds": [label for key, label in KIND_CHOICES if key in kinds],
            "svg": network_cached(
                cluster,
                network.key,
                f"svg-{get_language()}",
                lambda: network_svg(
                    network.graph,
                    network.positions,
                    title=_("Collaboration network of %(cluster)s")
                    % {"cluster": cluster.short_name},
                ),
            ),
            "figures": explained(figure_rows(network)),
            "brokers": f.brokers,
            "broker_explanation": _(
                "Organisations on many of the shortest paths between others: they connect groups "
                "that would otherwise not meet. Losing one splits the network."
            ),
            "new_edges": sorted(f.new_edges_per_year.items(), reverse=True),
            "isolated": sorted(names[v] for v in f.isolated_members),
            "cross_helix": {k.replace("-", "_"): v for k, v in f.cross_helix.items()},
            "top": [(names[v], network.graph.degree(v)) for v in top],
            "can_manage": can_manage_network(request.user, cluster),
            "settings": network_settings(cluster=cluster),
            "drawn_edges": min(f.edges, 3000),
        },
    )


@login_required
def network_settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_network, request.user, cluster)
    current = network_settings(cluster=cluster)
    form = NetworkSettingsForm(
        request.POST or None,
        initial={
            "small_gathering": current.small_gathering,
            "shared_with_members": current.shared_with_members,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            network_settings_update(
                actor=acting(request.user),
                cluster=cluster,
                small_gathering=form.cleaned_data["small_gathering"],
                shared_with_members=form.cleaned_data["shared_with_members"],
            )
            messages.success(request, _("The network settings were saved."))
            return redirect("insight:network", slug=cluster.slug)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(request, "insight/network_settings.html", {"cluster": cluster, "form": form})


urlpatterns = [
    path("clusters/<slug:slug>/network/", network_page, name="network"),
    path("clusters/<slug:slug>/network/settings/", network_settings_page, name="network_settings"),
]
