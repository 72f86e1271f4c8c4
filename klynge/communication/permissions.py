"""Who may do what with news, newsletters and subscriptions. Predicates take (user, cluster) unless
they say otherwise."""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import is_manager_of, is_team_of
from klynge.core.permissions import is_superuser
from klynge.members.roles import contact_cluster_ids


def _cluster_id(obj: Any) -> Any:
    return getattr(obj, "cluster_id", None) or getattr(obj, "pk", obj)


def can_manage_news(user: Viewer, cluster: Any) -> bool:
    """Write, publish, pin and delete the cluster's posts: its team."""
    return is_superuser(user) or is_team_of(user, _cluster_id(cluster))


def can_read_members_news(user: Viewer, cluster: Any) -> bool:
    """Members-only posts: the cluster's team and the contacts of its member organisations."""
    cluster_id = _cluster_id(cluster)
    return can_manage_news(user, cluster_id) or cluster_id in contact_cluster_ids(user)


def can_read_news_from_own_clusters(user: Viewer, obj: Any = None) -> bool:
    """The home widget with the latest news of the clusters the user's organisation is a member of."""
    return bool(contact_cluster_ids(user))


def can_view_post(user: Viewer, post: Any) -> bool:
    """A published public post is open to all; members-only posts to members; drafts to the team."""
    if not post.is_published:
        return can_manage_news(user, post.cluster_id)
    if post.visibility == "public":
        return True
    return can_read_members_news(user, post.cluster_id)


def can_manage_newsletters(user: Viewer, cluster: Any) -> bool:
    """Compose, preview, test-send and read statistics: the cluster's team."""
    return is_superuser(user) or is_team_of(user, _cluster_id(cluster))


def can_send_newsletter(user: Viewer, cluster: Any) -> bool:
    """Schedule or send to the audience (and cancel): the cluster's managers."""
    return is_superuser(user) or is_manager_of(user, _cluster_id(cluster))


def can_manage_subscribers(user: Viewer, cluster: Any) -> bool:
    """The list of external subscribers (addresses) and the cluster's newsletter settings."""
    return is_superuser(user) or is_manager_of(user, _cluster_id(cluster))


def can_view_newsletter_archive(user: Viewer, cluster: Any) -> bool:
    """Sent newsletters are public (the archive page)."""
    return True
