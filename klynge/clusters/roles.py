"""A user's roles in clusters, loaded once per user object and cached on it.

Later apps add their own scopes (member contacts through `members`, evaluators through `programme`)
with their own predicates; this module only knows cluster management roles.
"""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Viewer
from klynge.core import user_scopes
from klynge.core.permissions import is_authenticated

from .models import ClusterRole

_CACHE_ATTR = "_klynge_cluster_roles"
_CLUSTERS_ATTR = "_klynge_role_clusters"


def roles_scope_expression() -> Any:
    """The user's roles as text "cluster:role,..." (a part of `klynge.core.user_scopes`)."""
    from django.db.models import CharField, OuterRef, Value
    from django.db.models.functions import Cast, Concat

    from klynge.core.aggregates import joined_text

    pair = Concat(Cast("cluster_id", CharField()), Value(":"), "role", output_field=CharField())
    return joined_text(ClusterRole.objects.filter(user=OuterRef("pk")), "user_id", pair, ",")


def remember_roles_scope(user: Viewer, value: str | None) -> None:
    roles = {}
    for pair in (value or "").split(","):
        if pair:
            cluster_id, role = pair.split(":", 1)
            roles[int(cluster_id)] = role
    setattr(user, _CACHE_ATTR, roles)


def cluster_roles(user: Viewer | None) -> dict[int, str]:
    """Map of cluster id -> role ('manager' or 'staff') for `user` (read with the user's scope)."""
    if user is None or not user.is_authenticated:
        return {}
    if getattr(user, _CACHE_ATTR, None) is None:
        user_scopes.load(user)
    if getattr(user, _CACHE_ATTR, None) is None:  # scopes not registered (apps not ready)
        roles = ClusterRole.objects.filter(user=user).values_list("cluster_id", "role")
        setattr(user, _CACHE_ATTR, dict(roles))
    return getattr(user, _CACHE_ATTR)


def role_clusters(user: Viewer) -> list[Any]:
    """The clusters the user has a role in (by name), each with `.my_role` (one query, and none
    for a user without roles)."""
    if not is_authenticated(user):
        return []
    if getattr(user, _CLUSTERS_ATTR, None) is None:
        from .models import Cluster

        roles = cluster_roles(user)
        clusters = list(Cluster.objects.filter(pk__in=roles).order_by("name")) if roles else []
        for cluster in clusters:
            cluster.my_role = roles[cluster.pk]  # type: ignore[attr-defined]  # for the switcher only
        setattr(user, _CLUSTERS_ATTR, clusters)
    return list(getattr(user, _CLUSTERS_ATTR))


def forget_cluster_roles(user: Viewer) -> None:
    for attr in (_CACHE_ATTR, _CLUSTERS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)
    user_scopes.forget(user)


def role_in(user: Viewer, cluster: Any) -> str | None:
    cluster_id = getattr(cluster, "pk", cluster)
    return cluster_roles(user).get(cluster_id)


def is_manager_of(user: Viewer, cluster: Any) -> bool:
    return role_in(user, cluster) == ClusterRole.Role.MANAGER


def is_team_of(user: Viewer, cluster: Any) -> bool:
    """Manager or staff of the cluster."""
    return role_in(user, cluster) in (ClusterRole.Role.MANAGER, ClusterRole.Role.STAFF)
