"""The programme portfolio: every cluster with its level, label and (from other areas) figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from klynge.clusters.models import Cluster

from ..models import ClusterStatus
from .portfolio_figures import FiguredCluster, portfolio_figures, with_portfolio_figures
from .statuses import Badge, badge_map, status_active_q


@dataclass(frozen=True)
class PortfolioRow:
    cluster: Cluster
    badge: Badge
    figures: dict[str, Any] = field(default_factory=dict)


def portfolio_clusters(
    *, search: str = "", level: str = "", on: datetime.date | None = None
) -> QuerySet[FiguredCluster]:
    """The portfolio's clusters (active first, by name), filtered by name and by the level held on
    the day, in SQL: paginate this, then compute the rows of one page (`portfolio_rows_for`)."""
    day = on or timezone.localdate()
    clusters = with_portfolio_figures(Cluster.objects.order_by("-is_active", "name", "pk"), day)
    if search:
        clusters = clusters.filter(Q(name__icontains=search) | Q(short_name__icontains=search))
    holding = ClusterStatus.objects.filter(status_active_q(day))
    if level == "none":
        clusters = clusters.exclude(pk__in=holding.values("cluster_id"))
    elif level:
        clusters = clusters.filter(pk__in=holding.filter(level__code=level).values("cluster_id"))
    return clusters


def portfolio_rows_for(
    clusters: list[FiguredCluster], *, on: datetime.date | None = None
) -> list[PortfolioRow]:
    """Badges and key figures of these clusters (from `portfolio_clusters`, which annotates the
    figures), in a fixed number of queries."""
    day = on or timezone.localdate()
    ids = [c.pk for c in clusters]
    badges = badge_map(ids, on=day)
    figures = portfolio_figures(clusters, day)
    return [PortfolioRow(c, badges[c.pk], figures[c.pk]) for c in clusters]


def portfolio_rows(
    *, search: str = "", level: str = "", on: datetime.date | None = None
) -> list[PortfolioRow]:
    """Every row (for exports): `portfolio_clusters` with `portfolio_rows_for`."""
    clusters = list(portfolio_clusters(search=search, level=level, on=on))
    return portfolio_rows_for(clusters, on=on)
