"""The programme portfolio: every cluster with its level, label and (from other areas) figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from klynge.clusters.models import Cluster

from .portfolio_figures import portfolio_figures
from .statuses import Badge, badge_map


@dataclass(frozen=True)
class PortfolioRow:
    cluster: Cluster
    badge: Badge
    figures: dict[str, Any] = field(default_factory=dict)


def portfolio_rows(
    *, search: str = "", level: str = "", on: datetime.date | None = None
) -> list[PortfolioRow]:
    """All clusters (active first, by name) with badges and key figures, in a fixed number of queries."""
    day = on or timezone.localdate()
    clusters = Cluster.objects.order_by("-is_active", "name")
    if search:
        clusters = clusters.filter(Q(name__icontains=search) | Q(short_name__icontains=search))
    clusters = list(clusters)
    ids = [c.pk for c in clusters]
    badges = badge_map(ids, on=day)
    figures = portfolio_figures(ids, day)
    rows = [PortfolioRow(c, badges[c.pk], figures[c.pk]) for c in clusters]
    if level == "none":
        rows = [r for r in rows if r.badge.level is None]
    elif level:
        rows = [r for r in rows if r.badge.level and r.badge.level.code == level]
    return rows
