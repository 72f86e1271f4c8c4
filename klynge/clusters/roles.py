"""A user's roles in clusters, loaded once per user object and cached on it.

Later apps add their own scopes (member contacts through `members`, evaluators through `programme`)
with their own predicates; this module only knows cluster management roles.
"""

from __future__ import annotations

from typing import Any

from klynge.core.permissions import is_authenticated

from .models import ClusterRole

_CACHE_ATTR = "_klynge_cluster_roles"


def cluster_roles(user: Any) -> dict[int, str]:
    """Map of cluster id -> role ('manager' or 'staff') for `user`."""
    if not is_authenticated(user):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = dict(ClusterRole.objects.filter(user=user).values_list("cluster_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def remember_cluster_roles(user: Any, roles: dict[int, str]) -> None:
    """Prime the cache when a caller already loaded the user's roles with another query."""
    setattr(user, _CACHE_ATTR, dict(roles))


def forget_cluster_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_in(user: Any, cluster: Any) -> str | None:
    cluster_id = getattr(cluster, "pk", cluster)
    return cluster_roles(user).get(cluster_id)


def is_manager_of(user: Any, cluster: Any) -> bool:
    return role_in(user, cluster) == ClusterRole.Role.MANAGER


def is_team_of(user: Any, cluster: Any) -> bool:
    """Manager or staff of the cluster."""
    return role_in(user, cluster) in (ClusterRole.Role.MANAGER, ClusterRole.Role.STAFF)
