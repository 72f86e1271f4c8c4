"""A cluster's collaboration network, read from the other modules' selectors.

One query each for the settings, the members, project partners, B2B meetings, event check-ins,
course completions and the organisations that are not members: seven queries whatever the size of
the cluster. The layout and the figures are cached per cluster and period, keyed by a fingerprint of
the graph, so a change in the records draws a new picture at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from klynge.core.cache import cached_figure
from klynge.events.selectors import attendance_rows
from klynge.learning.selectors.activity import completion_rows
from klynge.matchmaking.selectors.activity import meeting_pairs
from klynge.members.selectors.contacts import member_rows_for_cluster, organisation_rows
from klynge.projects.selectors.activity import partner_rows

from ..models import NetworkSettings
from ..models.network import DEFAULT_SMALL_GATHERING
from ..network import graph as g

FIRST_YEAR = 2000  # the earliest year the filter offers


@dataclass(frozen=True)
class Period:
    """The years a network covers (`first_year` None: from the beginning)."""

    last_year: int
    first_year: int | None = None

    @property
    def until(self) -> date:
        return date(self.last_year, 12, 31)

    @property
    def key(self) -> str:
        return f"{self.first_year or ''}-{self.last_year}"


@dataclass(frozen=True)
class NetworkChoices:
    small_gathering: int = DEFAULT_SMALL_GATHERING
    shared_with_members: bool = False


def network_settings(*, cluster: Any) -> NetworkChoices:
    row = NetworkSettings.objects.filter(cluster=cluster).first()
    if row is None:
        return NetworkChoices()
    return NetworkChoices(row.small_gathering, row.shared_with_members)


def network_shared_with_members(cluster: Any) -> bool:
    cluster_id = getattr(cluster, "pk", cluster)
    return NetworkSettings.objects.filter(cluster_id=cluster_id, shared_with_members=True).exists()


@dataclass
class Rows:
    organisations: list[g.Organisation]
    projects: list[g.ProjectRow]
    meetings: list[g.MeetingRow]
    gatherings: list[g.GatheringRow]
    small_gathering: int


def network_rows(*, cluster: Any, period: Period) -> Rows:
    """Everything the graph is built from, as plain rows (seven queries)."""
    choices = network_settings(cluster=cluster)
    until = period.until
    members = member_rows_for_cluster(cluster=cluster, on=until)
    projects = partner_rows(cluster_id=cluster.pk, until=until)
    meetings = meeting_pairs(cluster_id=cluster.pk, until=until)
    gatherings: list[g.GatheringRow] = [
        (g.EVENT, event, org, year)
        for event, org, year in attendance_rows(cluster_id=cluster.pk, until=until)
    ]
    gatherings += [
        (g.COURSE, course, org, year)
        for course, org, year in completion_rows(cluster_id=cluster.pk, until=until)
    ]
    organisations = [
        g.Organisation(m["organisation_id"], m["organisation__name"], m["organisation__kind"])
        for m in members
    ]
    known = {o.id for o in organisations}
    seen: set[int] = {org for _p, org, _y in projects}
    seen.update(org for _k, _g, org, _y in gatherings)
    for a, b, _year in meetings:
        seen.update((a, b))
    others = seen - known
    organisations += [
        g.Organisation(row["id"], row["name"], row["kind"], member=False)
        for row in organisation_rows(ids=sorted(others))
    ]
    return Rows(organisations, projects, meetings, gatherings, choices.small_gathering)


def cluster_graph(*, cluster: Any, period: Period, kinds: Iterable[str] = g.KINDS) -> nx.Graph:
    rows = network_rows(cluster=cluster, period=period)
    return g.build_graph(
        rows.organisations,
        projects=rows.projects,
        meetings=rows.meetings,
        gatherings=rows.gatherings,
        kinds=kinds,
        first_year=period.first_year,
        last_year=period.last_year,
        max_gathering=rows.small_gathering,
    )


@dataclass
class Network:
    cluster: Any
    period: Period
    kinds: tuple[str, ...]
    graph: nx.Graph
    figures: g.Figures
    positions: dict[int, tuple[float, float]]


def _topic(cluster: Any) -> str:
    return f"insight-network-{cluster.pk}"


def network_layout(*, cluster: Any, period: Period, graph: nx.Graph) -> dict[int, Any]:
    """The graph's layout, cached per cluster and period (and the graph's fingerprint)."""
    name = f"layout:{period.key}:{g.digest(graph)}"
    return cached_figure(_topic(cluster), name, lambda: g.layout(graph))


def network_figures(*, cluster: Any, period: Period, graph: nx.Graph) -> g.Figures:
    name = f"figures:{period.key}:{g.digest(graph)}"
    return cached_figure(_topic(cluster), name, lambda: g.figures(graph))


def cluster_network(
    *, cluster: Any, period: Period, kinds: Iterable[str] = g.KINDS, positions: bool = True
) -> Network:
    """The graph, its figures and (unless `positions` is False) its layout."""
    chosen = tuple(k for k in g.KINDS if k in set(kinds))
    graph = cluster_graph(cluster=cluster, period=period, kinds=chosen)
    return Network(
        cluster=cluster,
        period=period,
        kinds=chosen,
        graph=graph,
        figures=network_figures(cluster=cluster, period=period, graph=graph),
        positions=network_layout(cluster=cluster, period=period, graph=graph) if positions else {},
    )


def ego_network(
    *, cluster: Any, organisation_id: int, period: Period, kinds: Iterable[str] = g.KINDS
) -> tuple[nx.Graph, dict[int, Any]]:
    """The organisation's own network in the cluster (its partners and the links among them)."""
    graph = cluster_graph(cluster=cluster, period=period, kinds=kinds)
    mine = g.ego(graph, organisation_id)
    return mine, network_layout(cluster=cluster, period=period, graph=mine)
