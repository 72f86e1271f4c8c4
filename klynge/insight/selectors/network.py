"""A cluster's collaboration network, read from the other modules' selectors.

One query each for the settings, the members, project partners, B2B meetings, event check-ins,
course completions and the organisations that are not members: seven queries whatever the size of
the cluster. The graph, its figures and its layout are cached per cluster, period and kinds of
contact, keyed by a fingerprint of the rows, so a change in the records draws a new picture at once.
"""

from __future__ import annotations

import hashlib
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


def _build(rows: Rows, period: Period, kinds: Iterable[str]) -> nx.Graph:
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


def rows_digest(rows: Rows) -> str:
    """A fingerprint of the rows: the cache key of everything computed from them."""
    h = hashlib.sha1(usedforsecurity=False)
    h.update(repr(sorted((o.id, o.name, o.kind, o.member) for o in rows.organisations)).encode())
    for part in (rows.projects, rows.meetings, rows.gatherings):
        h.update(repr(sorted(part)).encode())
    h.update(str(rows.small_gathering).encode())
    return h.hexdigest()[:20]


def cluster_graph(*, cluster: Any, period: Period, kinds: Iterable[str] = g.KINDS) -> nx.Graph:
    return _build(network_rows(cluster=cluster, period=period), period, kinds)


@dataclass
class Network:
    cluster: Any
    period: Period
    kinds: tuple[str, ...]
    key: str  # period, kinds and the rows' fingerprint: the cache key of what follows
    graph: nx.Graph
    figures: g.Figures
    positions: dict[int, tuple[float, float]]


def _topic(cluster: Any) -> str:
    return f"insight-network-{cluster.pk}"


def network_cached(cluster: Any, network_key: str, what: str, compute: Any) -> Any:
    """A value computed from the network `network_key` (graph, figures, layout, drawing)."""
    return cached_figure(_topic(cluster), f"{what}:{network_key}", compute)


def cluster_network(
    *, cluster: Any, period: Period, kinds: Iterable[str] = g.KINDS, positions: bool = True
) -> Network:
    """The graph, its figures and (unless `positions` is False) its layout.

    The seven queries run every time; the graph, its figures and its layout are cached per
    cluster, period and kinds under the rows' fingerprint, so changed records give a new picture.
    """
    chosen = tuple(k for k in g.KINDS if k in set(kinds))
    rows = network_rows(cluster=cluster, period=period)
    key = f"{period.key}:{','.join(chosen)}:{rows_digest(rows)}"
    graph = network_cached(cluster, key, "graph", lambda: _build(rows, period, chosen))
    return Network(
        cluster=cluster,
        period=period,
        kinds=chosen,
        key=key,
        graph=graph,
        figures=network_cached(cluster, key, "figures", lambda: g.figures(graph)),
        positions=network_cached(cluster, key, "layout", lambda: g.layout(graph))
        if positions
        else {},
    )


def ego_network(
    *, cluster: Any, organisation_id: int, period: Period, kinds: Iterable[str] = g.KINDS
) -> tuple[nx.Graph, dict[int, Any]]:
    """The organisation's own network in the cluster (its partners and the links among them)."""
    network = cluster_network(cluster=cluster, period=period, kinds=kinds, positions=False)
    mine = g.ego(network.graph, organisation_id)
    positions = network_cached(
        cluster, network.key, f"ego-layout-{organisation_id}", lambda: g.layout(mine)
    )
    return mine, positions
