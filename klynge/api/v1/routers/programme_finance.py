"""Programme API: the cluster organisation's income by source and year (at /api/v1/programme)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from klynge.clusters.models import Cluster
from klynge.core.permissions import acting, require
from klynge.programme import permissions as perms
from klynge.programme.models.finance import SOURCES
from klynge.programme.selectors.finance import cluster_finance_list
from klynge.programme.services.finance import cluster_finance_set

from ..pagination import PageNumber
from ..schemas.programme_finance import ClusterFinanceIn, ClusterFinanceOut

router = Router(tags=["programme"])


def _cluster(slug: str) -> Cluster:
    return get_object_or_404(Cluster, slug=slug)


@router.get(
    "/clusters/{slug}/finances",
    response=list[ClusterFinanceOut],
    summary="The cluster organisation's income by year",
)
@paginate(PageNumber)
def finance_list(request: HttpRequest, slug: str) -> Any:
    cluster = _cluster(slug)
    require(perms.can_view_cluster_finance, request.user, cluster)
    return cluster_finance_list(cluster=cluster)


@router.put(
    "/clusters/{slug}/finances/{year}",
    response=ClusterFinanceOut,
    summary="Record a year of the cluster organisation's income (replaces the year)",
)
def finance_set(request: HttpRequest, slug: str, year: int, payload: ClusterFinanceIn) -> Any:
    cluster = _cluster(slug)
    require(perms.can_edit_cluster_finance, request.user, cluster)
    return cluster_finance_set(
        actor=acting(request.user),
        cluster=cluster,
        year=year,
        amounts={name: getattr(payload, name) for name in SOURCES},
        note=payload.note,
    )
