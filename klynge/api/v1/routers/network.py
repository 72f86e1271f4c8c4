"""Collaboration network API: a cluster's network with its figures (the page's predicate: the team,
officers, and members once the manager shares it), and an organisation's own network in a cluster
(whoever may see the organisation's activity there)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from klynge.core.errors import DomainError, requested
from klynge.core.permissions import require
from klynge.insight.network import graph as g
from klynge.insight.permissions import can_view_ego_network, can_view_network
from klynge.insight.selectors.engagement import clusters_seen_by
from klynge.insight.selectors.network import FIRST_YEAR, Period, cluster_network, ego_network
from klynge.insight.views.network import EXPLANATIONS
from klynge.members.models import Organisation
from klynge.members.selectors.organisations import organisation_get

from ..lookups import path_cluster
from ..schemas.network import EgoOut, NetworkOut

router = Router(tags=["insight"])
Kind = Literal["project", "b2b", "event", "course"]
LAST_YEAR = 2100


def _period(first_year: int | None, year: int | None) -> Period:
    last = year or timezone.localdate().year
    if first_year is not None and first_year > last:
        raise DomainError(_("The first year comes after the last."), field="first_year")
    return Period(last_year=last, first_year=first_year)


def _nodes(graph: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": v,
            "name": d["name"],
            "kind": d["kind"],
            "member": d["member"],
            "degree": graph.degree(v),
        }
        for v, d in sorted(graph.nodes(data=True), key=lambda item: item[0])
    ]


def _edges(graph: Any) -> list[dict[str, Any]]:
    return [
        {
            "source": min(a, b),
            "target": max(a, b),
            "weight": d["weight"],
            "kinds": d["kinds"],
            "first_year": d["first_year"],
        }
        for a, b, d in sorted(graph.edges(data=True), key=lambda e: (min(e[:2]), max(e[:2])))
    ]


@router.get(
    "/clusters/{slug}/network",
    response=NetworkOut,
    summary="A cluster's collaboration network and its figures",
)
def network_get(
    request: HttpRequest,
    slug: str,
    year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Last year"),
    first_year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR),
    kinds: list[Kind] | None = Query(None, description="Kinds of contact (default: all)"),  # noqa: B008
) -> dict[str, Any]:
    cluster = path_cluster(slug)
    require(can_view_network, request.user, cluster)
    period = _period(first_year, year)
    network = cluster_network(
        cluster=cluster, period=period, kinds=kinds or g.KINDS, positions=False
    )
    f = network.figures
    values = {
        "nodes": f.nodes,
        "edges": f.edges,
        "density": f.density,
        "components": f.components,
        "largest_share": f.largest_share,
        "mean_degree": f.mean_degree,
        "clustering": f.clustering,
        "cross_helix_share": f.cross_helix_share,
        "smes_with_research": f.smes_with_research,
        "isolated": len(f.isolated_members),
    }
    return {
        "cluster": cluster.slug,
        "first_year": period.first_year,
        "last_year": period.last_year,
        "kinds": list(network.kinds),
        "figures": [
            {"key": key, "label": key, "value": value, "explanation": str(EXPLANATIONS[key])}
            for key, value in values.items()
        ],
        "brokers": [{"id": b.id, "name": b.name, "betweenness": b.betweenness} for b in f.brokers],
        "betweenness_estimated": f.betweenness_estimated,
        "new_edges_per_year": [
            {"year": y, "count": n} for y, n in sorted(f.new_edges_per_year.items())
        ],
        "isolated_members": f.isolated_members,
        "nodes": _nodes(network.graph),
        "edges": _edges(network.graph),
    }


@router.get(
    "/clusters/{slug}/network/organisations/{organisation_id}",
    response=EgoOut,
    summary="An organisation's own collaboration network in a cluster",
)
def ego_get(
    request: HttpRequest,
    slug: str,
    organisation_id: int,
    year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Last year"),
) -> dict[str, Any]:
    cluster = path_cluster(slug)
    with requested(Organisation):
        organisation = organisation_get(pk=organisation_id)
    require(can_view_ego_network, request.user, organisation)
    if cluster.pk not in {
        c.pk for c in clusters_seen_by(organisation=organisation, viewer=request.user)
    }:
        raise Http404
    period = _period(None, year)
    graph, _positions = ego_network(cluster=cluster, organisation_id=organisation.pk, period=period)
    return {
        "cluster": cluster.slug,
        "organisation": organisation.pk,
        "last_year": period.last_year,
        "nodes": _nodes(graph),
        "edges": _edges(graph),
    }
