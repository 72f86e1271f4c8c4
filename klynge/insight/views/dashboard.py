"""The cluster dashboard: sixteen tiles (number, change against last year, five-year trend, link to
the page behind it) for a chosen year, and the same as a PDF "insight report" for the board."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core import charts
from klynge.core.permissions import require

from ..figures import LABELS, YearForm, show
from ..permissions import can_view_benchmark, can_view_dashboard
from ..selectors.dashboard import (
    PERCENT,
    Dashboard,
    Tile,
    cluster_dashboard,
)
from ..selectors.responses import kind_label
from .common import cluster_or_404


def tile_url(key: str, slug: str) -> str:
    pages = {
        "members": reverse("members:directory", args=[slug]),
        "new_members": reverse("members:directory", args=[slug]),
        "reach": reverse("insight:reach", args=[slug]),
        "active": reverse("insight:engagement", args=[slug]),
        "events": reverse("events:list") + f"?cluster={slug}",
        "participants": reverse("events:list") + f"?cluster={slug}",
        "courses": reverse("learning:kpis", args=[slug]),
        "completions": reverse("learning:kpis", args=[slug]),
        "sme_completions": reverse("learning:kpis", args=[slug]),
        "projects": reverse("projects:portfolio", args=[slug]),
        "funding": reverse("projects:portfolio", args=[slug]),
        "b2b": reverse("insight:engagement", args=[slug]),
        "satisfaction": reverse("insight:surveys", args=[slug]),
        "nps": reverse("insight:surveys", args=[slug]),
        "density": reverse("insight:network", args=[slug]),
        "cross_helix": reverse("insight:network", args=[slug]),
    }
    return pages[key]


def show_change(tile: Tile) -> str:
    change = tile.change
    if change is None:
        return ""
    if tile.unit == PERCENT:
        points = round(100 * change)
        text = _("%(sign)s%(n)s points") % {"sign": "+" if points > 0 else "", "n": points}
    else:
        sign = "+" if change > 0 else ("−" if change < 0 else "±")
        text = sign + show(abs(change), tile.unit)
    return _("%(change)s on last year") % {"change": text}


def tile_rows(dashboard: Dashboard, slug: str) -> list[dict[str, Any]]:
    rows = []
    for tile in dashboard.tiles:
        label = str(LABELS[tile.key])
        detail = ""
        if tile.key == "members" and tile.detail.get("by_kind"):
            detail = ", ".join(
                f"{kind_label(k)} {n}"
                for k, n in sorted(tile.detail["by_kind"].items(), key=lambda kv: -kv[1])
            )
        if tile.key == "projects" and tile.detail.get("by_status"):
            detail = ", ".join(f"{_status(k)} {n}" for k, n in tile.detail["by_status"].items())
        rows.append(
            {
                "key": tile.key,
                "label": label,
                "value": show(tile.value, tile.unit),
                "change": show_change(tile),
                "direction": "" if not tile.change else ("up" if tile.change > 0 else "down"),
                "detail": detail,
                "url": tile_url(tile.key, slug),
                "trend": charts.sparkline(
                    [v for _y, v in tile.trend],
                    label=_("%(figure)s, %(first)s–%(last)s")
                    % {"figure": label, "first": tile.trend[0][0], "last": tile.trend[-1][0]},
                ),
                "trend_years": tile.trend,
                "unit": tile.unit,
            }
        )
    return rows


def _status(key: str) -> str:
    from klynge.projects.models import Project

    return str(dict(Project.Status.choices).get(key, key))


def _context(request: HttpRequest, slug: str) -> dict[str, Any]:
    cluster = cluster_or_404(slug)
    require(can_view_dashboard, request.user, cluster)
    form = YearForm(request.GET or None)
    year = form.chosen()
    dashboard = cluster_dashboard(cluster=cluster, year=year)
    return {
        "cluster": cluster,
        "form": form,
        "year": year,
        "dashboard": dashboard,
        "tiles": tile_rows(dashboard, cluster.slug),
        "can_benchmark": can_view_benchmark(request.user, cluster),
        "now": timezone.now(),
    }


@login_required
def dashboard_page(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "insight/dashboard.html", _context(request, slug))


@login_required
def dashboard_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    from weasyprint import HTML

    context = _context(request, slug)
    html = render_to_string("insight/dashboard_pdf.html", context, request=request)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    name = f"{context['cluster'].slug}-insight-report-{context['year']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("clusters/<slug:slug>/dashboard/", dashboard_page, name="dashboard"),
    path("clusters/<slug:slug>/dashboard/report.pdf", dashboard_pdf, name="dashboard_pdf"),
]
