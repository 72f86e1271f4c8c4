from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from klynge.clusters import selectors
from klynge.clusters.models import Cluster
from klynge.clusters.permissions import can_view_cluster

from ..auth import AUTH_OPTIONAL
from ..lookups import path_cluster
from ..pagination import PageNumber
from ..schemas.clusters import ClusterOut

router = Router(tags=["clusters"])


@router.get("", response=list[ClusterOut], auth=AUTH_OPTIONAL, summary="Active clusters")
@paginate(PageNumber)
def cluster_list(
    request: HttpRequest, search: str = "", region: str = "", country: str = ""
) -> Any:
    return selectors.cluster_list_public(search=search, region=region, country=country)


@router.get("/{slug}", response=ClusterOut, auth=AUTH_OPTIONAL, summary="One cluster's profile")
def cluster_detail(request: HttpRequest, slug: str) -> Cluster:
    cluster = path_cluster(slug)
    if not can_view_cluster(request.user, cluster):
        raise Http404
    return cluster
