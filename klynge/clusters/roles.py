"""A user's roles in clusters, loaded once per user object and cached on it.

Later apps add their own scopes (member contacts through `members`, evaluators through `programme`)
with their own predicates; this module only knows cluster management roles.
"""

from __future__ import annotations

from typing import Any

from klynge.core.permissions import is_authenticated

from .models import ClusterRole

_CACHE_ATTR = "_klynge_cluster_roles"
_CLUSTERS_ATTR = "_klynge_role_clusters"


def _load(user: Any) -> None:
    """One query: the user's roles with their clusters (for the predicates and the switcher)."""
    roles = ClusterRole.objects.filter(user=user).select_related("cluster")
    clusters = []
    for role in roles.order_by("cluster__name"):
        role.cluster.my_role = role.role
        clusters.append(role.cluster)
    setattr(user, _CLUSTERS_ATTR, clusters)
    setattr(user, _CACHE_ATTR, {cluster.pk: cluster.my_role for cluster in clusters})


def cluster_roles(user: Any) -> dict[int, str]:
    """Map of cluster id -> role ('manager' or 'staff') for `user`."""
    if not is_authenticated(user):
        return {}
    if getattr(user, _CACHE_ATTR, None) is None:
        _load(user)
    return getattr(user, _CACHE_ATTR)


def role_clusters(user: Any) -> list[Any]:
    """The clusters the user has a role in (by name), each with `.my_role`; loaded with the roles."""
    if not is_authenticated(user):
        return []
    if getattr(user, _CLUSTERS_ATTR, None) is None:
        _load(user)
    return list(getattr(user, _CLUSTERS_ATTR))


def forget_cluster_roles(user: Any) -> None:
    for attr in (_CACHE_ATTR, _CLUSTERS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def role_in(user: Any, cluster: Any) -> str | None:
    cluster_id = getattr(cluster, "pk", cluster)
    return cluster_roles(user).get(cluster_id)


def is_manager_of(user: Any, cluster: Any) -> bool:
    return role_in(user, cluster) == ClusterRole.Role.MANAGER


def is_team_of(user: Any, cluster: Any) -> bool:
    """Manager or staff of the cluster."""
    return role_in(user, cluster) in (ClusterRole.Role.MANAGER, ClusterRole.Role.STAFF)
