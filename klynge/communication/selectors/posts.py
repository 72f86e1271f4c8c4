"""Reads of news: what a viewer may see per cluster, the team's list, a member's latest posts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from klynge.accounts.typing import Viewer
from klynge.members.roles import contact_cluster_ids

from ..models import Post
from ..permissions import can_read_members_news


def _published(now: Any = None) -> Q:
    return Q(publish_at__isnull=False, publish_at__lte=now or timezone.now())


def post_list_visible(*, viewer: Viewer, cluster: Any) -> QuerySet[Post]:
    """Published posts of a cluster the viewer may read (members-only ones for members), pinned first."""
    posts = Post.objects.filter(_published(), cluster=cluster).select_related("cluster")
    if not can_read_members_news(viewer, cluster):
        posts = posts.filter(visibility=Post.Visibility.PUBLIC)
    return posts.order_by("-pinned", "-publish_at", "-pk")


def post_list_public(*, cluster: Any) -> QuerySet[Post]:
    """What the Atom feed carries: published public posts, newest first."""
    return (
        Post.objects.filter(_published(), cluster=cluster, visibility=Post.Visibility.PUBLIC)
        .select_related("cluster")
        .order_by("-publish_at", "-pk")
    )


def post_list_manage(*, cluster: Any) -> QuerySet[Post]:
    """Every post of the cluster (drafts and scheduled ones too), newest first."""
    return (
        Post.objects.filter(cluster=cluster)
        .select_related("cluster")
        .order_by("-publish_at", "-pk")
    )


def post_list_for_clusters(*, viewer: Viewer, cluster_ids: Iterable[int]) -> QuerySet[Post]:
    """Published posts of several clusters, members-only ones where the viewer is a member."""
    ids = set(cluster_ids)
    member_of = {cid for cid in ids if can_read_members_news(viewer, cid)}
    return (
        Post.objects.filter(_published(), cluster_id__in=ids)
        .filter(Q(visibility=Post.Visibility.PUBLIC) | Q(cluster_id__in=member_of))
        .select_related("cluster")
        .order_by("-publish_at", "-pk")
    )


def post_list_latest_for_member(*, viewer: Viewer, limit: int = 5) -> list[Post]:
    """The latest posts of the clusters the viewer's organisation belongs to."""
    ids = contact_cluster_ids(viewer)
    if not ids:
        return []
    return list(post_list_for_clusters(viewer=viewer, cluster_ids=ids)[:limit])


def post_get(*, pk: int, cluster: Any = None) -> Post:
    posts = Post.objects.select_related("cluster", "author")
    if cluster is not None:
        posts = posts.filter(cluster=cluster)
    return posts.get(pk=pk)
