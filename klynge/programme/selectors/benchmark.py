"""Peer benchmarking: every cluster's dashboard figures (from insight) and computed programme
indicators for a year, with its level and focus topics, as `insight.benchmark.Peer` rows.

Per cluster: its dashboard (cached by insight for a while) and the indicator inputs (about ten
queries); levels and topics for all clusters in two queries. The whole set is cached per year.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from klynge.clusters.models import Cluster
from klynge.core.cache import cached_figure
from klynge.insight.benchmark import Peer
from klynge.insight.selectors.dashboard import PERCENT, RATIO, cluster_dashboard

from ..indicators import INDICATORS
from .inputs import indicator_inputs
from .statuses import status_map

DASHBOARD = (
    "members",
    "new_members",
    "reach",
    "active",
    "events",
    "participants",
    "courses",
    "completions",
    "sme_completions",
    "projects",
    "funding",
    "b2b",
    "satisfaction",
    "nps",
    "density",
    "cross_helix",
)
INDICATOR_KEYS = tuple(k for k in INDICATORS if k != "valid_label")
FIGURES = DASHBOARD + tuple(f"indicator:{k}" for k in INDICATOR_KEYS)


def figure_unit(figure: str) -> str:
    """ "percent", "ratio", "nok", "score" or "count" (indicators: their own unit)."""
    if figure.startswith("indicator:"):
        return PERCENT if INDICATORS[figure.split(":", 1)[1]].kind == "share" else "count"
    return {
        "reach": PERCENT,
        "sme_completions": PERCENT,
        "cross_helix": PERCENT,
        "density": RATIO,
        "funding": "nok",
        "satisfaction": "score",
        "nps": "score",
    }.get(figure, "count")


def _compute(year: int) -> list[Peer]:
    today = timezone.localdate()
    as_of = min(date(year, 12, 31), today)
    clusters = list(Cluster.objects.prefetch_related("focus_topics").order_by("name"))
    statuses = status_map([c.pk for c in clusters], on=as_of)
    peers = []
    for cluster in clusters:
        dashboard = cluster_dashboard(cluster=cluster, year=year)
        values: dict[str, float | None] = {t.key: t.value for t in dashboard.tiles}
        inputs = indicator_inputs(cluster=cluster, as_of=as_of)
        for key in INDICATOR_KEYS:
            value, _used = INDICATORS[key].value(inputs, {})
            values[f"indicator:{key}"] = value
        status = statuses.get(cluster.pk)
        peers.append(
            Peer(
                id=cluster.pk,
                name=cluster.name,
                level=status.level.code if status else "",
                topics=frozenset(t.slug for t in cluster.focus_topics.all()),
                values=values,
            )
        )
    return peers


def benchmark_peers(*, year: int) -> list[Peer]:
    """Every cluster as a peer for `year`, cached for `KLYNGE_FIGURE_CACHE_SECONDS`."""
    return cached_figure("programme-benchmark", str(year), lambda: _compute(year))


def level_names(peers: list[Peer]) -> dict[str, str]:
    from ..models import Level

    codes = {p.level for p in peers if p.level}
    return {lv.code: str(lv) for lv in Level.objects.filter(code__in=codes)}


def cluster_slugs(peers: list[Peer]) -> dict[int, str]:
    return dict(Cluster.objects.filter(pk__in=[p.id for p in peers]).values_list("pk", "slug"))
