"""Reads for clusters: lists with their joins, a user's clusters, a cluster's audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Q, QuerySet

from klynge.accounts.typing import Actor, Viewer
from klynge.core.cache import cached_figure
from klynge.core.models import AuditEntry

from .models import Cluster, ClusterRole, Topic
from .roles import role_clusters

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class TeamCounts(TypedDict):
    """What `cluster_list_programme` annotates on each cluster."""

    manager_count: int
    staff_count: int


def topic_list() -> list[Topic]:
    """Every topic, by English name: a cached figure (filter forms show it on every view). Topics
    change rarely, through the admin; a change shows within KLYNGE_FIGURE_CACHE_SECONDS."""
    return cached_figure("topics", "all", lambda: list(Topic.objects.order_by("name_en")))


def cluster_get(*, slug: str) -> Cluster:
    return Cluster.objects.prefetch_related("focus_topics").get(slug=slug)


def cluster_list_public(
    *, search: str = "", region: str = "", country: str = "", include_inactive: bool = False
) -> QuerySet[Cluster]:
    clusters = Cluster.objects.prefetch_related("focus_topics").order_by("name")
    if not include_inactive:
        clusters = clusters.filter(is_active=True)
    if search:
        clusters = clusters.filter(
            Q(name__icontains=search)
            | Q(short_name__icontains=search)
            | Q(focus_topics__name_en__icontains=search)
            | Q(focus_topics__name_nb__icontains=search)
        ).distinct()
    if region:
        clusters = clusters.filter(region=region)
    if country:
        clusters = clusters.filter(country=country.upper())
    return clusters


def cluster_list_programme(**filters: Any) -> QuerySet[WithAnnotations[Cluster, TeamCounts]]:
    """Every cluster with team counts, for programme officers."""
    return cluster_list_public(include_inactive=True, **filters).annotate(
        manager_count=Count("roles", filter=Q(roles__role=ClusterRole.Role.MANAGER), distinct=True),
        staff_count=Count("roles", filter=Q(roles__role=ClusterRole.Role.STAFF), distinct=True),
    )


def cluster_regions() -> list[str]:
    return list(
        Cluster.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


def cluster_list_for_user(*, user: Viewer) -> list[Cluster]:
    """The clusters whose team the user belongs to (the cluster switcher), each with `.my_role`.

    The same query as the permission predicates' role cache (no query when they ran first).
    """
    return role_clusters(user)


def cluster_role_list_for_user(*, user: Actor) -> QuerySet[ClusterRole]:
    return ClusterRole.objects.filter(user=user).select_related("cluster").order_by("cluster__slug")


def cluster_role_list(*, cluster: Cluster) -> QuerySet[ClusterRole]:
    return cluster.roles.select_related("user").order_by("role", "user__email")


def audit_list_for_cluster(*, cluster: Cluster) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(cluster_id=cluster.pk).select_related("actor")
