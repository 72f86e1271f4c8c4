"""Cluster dashboard API: the sixteen figures of a year with last year's value and the trend (the
page's predicate: the cluster's team and programme officers)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from klynge.core.permissions import require
from klynge.insight.figures import LABELS
from klynge.insight.permissions import can_view_dashboard
from klynge.insight.selectors.dashboard import cluster_dashboard
from klynge.insight.selectors.network import FIRST_YEAR

from ..lookups import path_cluster
from ..schemas.dashboard import DashboardOut

router = Router(tags=["insight"])


@router.get(
    "/clusters/{slug}/dashboard", response=DashboardOut, summary="A cluster's dashboard figures"
)
def dashboard_get(
    request: HttpRequest,
    slug: str,
    year: int | None = Query(None, ge=FIRST_YEAR, le=2100, description="Default: this year"),
) -> dict[str, Any]:
    cluster = path_cluster(slug)
    require(can_view_dashboard, request.user, cluster)
    chosen = min(year or timezone.localdate().year, timezone.localdate().year)
    dashboard = cluster_dashboard(cluster=cluster, year=chosen)
    return {
        "cluster": cluster.slug,
        "year": dashboard.year,
        "as_of": dashboard.as_of.isoformat(),
        "tiles": [
            {
                "key": t.key,
                "label": str(LABELS[t.key]),
                "unit": t.unit,
                "value": t.value,
                "previous": t.previous,
                "change": t.change,
                "trend": [{"year": y, "value": v} for y, v in t.trend],
            }
            for t in dashboard.tiles
        ],
    }
