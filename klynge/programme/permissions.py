"""Who may do what in the cluster programme. Each predicate takes (user, obj).

Roles: programme officers (`user.is_programme_officer`, every cluster), superusers, the cluster team
(manager/staff, `klynge.clusters.roles`), evaluators (a user with an active `Evaluator` profile; they
see only the applications they are assigned to), member contacts (nothing here beyond public pages).
"""

from __future__ import annotations

from typing import Any

from klynge.clusters.roles import is_manager_of, is_team_of
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser


def is_officer(user: Any) -> bool:
    """Programme officers and superusers run the programme."""
    return is_superuser(user) or is_programme_officer(user)


# --- levels, statuses and labels (obj is a Cluster, or None for programme-wide pages) -----------


def can_view_programme_status(user: Any, cluster: Any) -> bool:
    """The current level and label are public facts; everyone may see them."""
    return True


def can_view_programme_record(user: Any, cluster: Any) -> bool:
    """The cluster's programme page: status history with decisions, labels, assessments."""
    return is_officer(user) or is_team_of(user, cluster)


def can_manage_programme_status(user: Any, obj: Any = None) -> bool:
    """Record levels and labels, and edit the level catalogue."""
    return is_officer(user)


def can_view_label_evidence(user: Any, label: Any) -> bool:
    return is_officer(user) or is_team_of(user, label.cluster_id)


def can_view_programme_portfolio(user: Any, obj: Any = None) -> bool:
    """Every cluster with level, label, applications, quota use and key figures; exports."""
    return is_officer(user)


def can_view_levels(user: Any, obj: Any = None) -> bool:
    return is_authenticated(user)


def can_receive_label_warnings(user: Any, cluster: Any) -> bool:
    return is_programme_officer(user) or is_manager_of(user, cluster)


# --- assessments (obj is an Assessment; a Cluster for creating and readiness) -------------------


def _assessor_ids(assessment: Any) -> set[int]:
    cached = getattr(assessment, "_klynge_assessor_ids", None)
    if cached is None:
        if "assessors" in getattr(assessment, "_prefetched_objects_cache", {}):
            cached = {user.pk for user in assessment.assessors.all()}
        else:
            cached = set(assessment.assessors.values_list("pk", flat=True))
        assessment._klynge_assessor_ids = cached
    return cached


def is_assessor_of(user: Any, assessment: Any) -> bool:
    return is_authenticated(user) and user.pk in _assessor_ids(assessment)


def can_create_assessment(user: Any, cluster: Any) -> bool:
    return is_officer(user)


def can_view_assessment(user: Any, assessment: Any) -> bool:
    return (
        is_officer(user)
        or is_team_of(user, assessment.cluster_id)
        or is_assessor_of(user, assessment)
    )


def can_manage_assessment(user: Any, assessment: Any) -> bool:
    """Open it for self-assessment or review, recompute the indicators, return it, decide."""
    return is_officer(user)


def can_self_assess(user: Any, assessment: Any) -> bool:
    """Write the cluster's own scores and comments and hand the self-assessment in."""
    return is_superuser(user) or is_team_of(user, assessment.cluster_id)


def can_score_assessment(user: Any, assessment: Any) -> bool:
    return is_officer(user) or is_assessor_of(user, assessment)


def can_view_readiness(user: Any, cluster: Any) -> bool:
    return is_officer(user) or is_team_of(user, cluster)
