"""Who may do what with clusters. Each predicate takes (user, cluster)."""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Viewer
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser

from .roles import is_manager_of, is_team_of


def can_view_cluster(user: Viewer, cluster: Any) -> bool:
    """The public profile of an active cluster is open to everyone."""
    if getattr(cluster, "is_active", True):
        return True
    return can_work_in_cluster(user, cluster) or is_programme_officer(user)


def can_work_in_cluster(user: Viewer, cluster: Any) -> bool:
    """The cluster's own dashboard and working lists: its managers and staff."""
    return is_superuser(user) or is_team_of(user, cluster)


def can_see_team_duties(user: Viewer, cluster: Any) -> bool:
    """The "what needs the team now" widgets on the home page of the cluster in scope: its managers
    and staff (a superuser who is on no team is not shown a team's work queue)."""
    return cluster is not None and is_team_of(user, cluster)


def can_oversee_cluster(user: Viewer, cluster: Any) -> bool:
    """Read the cluster's internal figures: its team and the programme owner's officers."""
    return can_work_in_cluster(user, cluster) or is_programme_officer(user)


def can_edit_cluster(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_manager_of(user, cluster)


def can_manage_cluster_roles(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_manager_of(user, cluster)


def can_view_cluster_audit(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_manager_of(user, cluster) or is_programme_officer(user)


def can_view_cluster_deliveries(user: Viewer, cluster: Any) -> bool:
    """The log of mails sent on the cluster's behalf (addresses, subjects, failures): its team."""
    return is_superuser(user) or is_team_of(user, cluster)


def can_list_all_clusters(user: Viewer, obj: Any = None) -> bool:
    """The programme view of every cluster with internal figures and exports."""
    return is_superuser(user) or is_programme_officer(user)


def can_switch_cluster(user: Viewer, cluster: Any) -> bool:
    return is_authenticated(user) and (
        can_work_in_cluster(user, cluster) or can_list_all_clusters(user)
    )
