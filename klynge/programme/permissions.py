"""Who may do what in the cluster programme. Each predicate takes (user, obj).

Roles: programme officers (`user.is_programme_officer`, every cluster), superusers, the cluster team
(manager/staff, `klynge.clusters.roles`), evaluators (a user with an active `Evaluator` profile; they
see only the applications they are assigned to), member contacts (nothing here beyond public pages).
"""

from __future__ import annotations

from typing import Any

from klynge.clusters.roles import cluster_roles, is_manager_of, is_team_of
from klynge.core import user_scopes
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser


def is_officer(user: Any) -> bool:
    """Programme officers and superusers run the programme."""
    return is_superuser(user) or is_programme_officer(user)


# --- levels, statuses and labels (obj is a Cluster, or None for programme-wide pages) -----------


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
    """The mails before a cluster's label expires: programme officers and the cluster's managers."""
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


def can_enter_scores(user: Any, assessment: Any) -> bool:
    """The cluster's self-assessment while it is open, or the assessors' scores in draft/review."""
    if assessment.status == "self_assessment":
        return can_self_assess(user, assessment)
    return assessment.status in ("draft", "in_review") and can_score_assessment(user, assessment)


def can_oversee_programme(user: Any, obj: Any = None) -> bool:
    """Officers (and superusers) see every cluster's applications, assessments and reports."""
    return is_officer(user)


def can_view_readiness(user: Any, cluster: Any) -> bool:
    return is_officer(user) or is_team_of(user, cluster)


# --- evaluators -----------------------------------------------------------------------------------


def is_evaluator(user: Any) -> bool:
    """A user with an active evaluator profile (cached on the user object)."""
    if not is_authenticated(user):
        return False
    if getattr(user, "_klynge_is_evaluator", None) is None:
        user_scopes.load(user)
    if getattr(user, "_klynge_is_evaluator", None) is None:  # scopes not registered
        from .models import Evaluator

        user._klynge_is_evaluator = Evaluator.objects.filter(
            user_id=user.pk, is_active=True
        ).exists()
    return user._klynge_is_evaluator


def evaluator_scope_expression() -> Any:
    """Whether the user evaluates (a part of `klynge.core.user_scopes`)."""
    from django.db.models import Exists, OuterRef

    from .models import Evaluator

    return Exists(Evaluator.objects.filter(user_id=OuterRef("pk"), is_active=True))


def remember_evaluator_scope(user: Any, value: Any) -> None:
    user._klynge_is_evaluator = bool(value)


def can_view_own_reviews(user: Any, obj: Any = None) -> bool:
    """The evaluator's list of assigned reviews."""
    return is_evaluator(user)


def can_open_programme(user: Any, obj: Any = None) -> bool:
    """The programme's front door: officers (the portfolio) and cluster teams (their clusters)."""
    return is_officer(user) or bool(cluster_roles(user))


def can_manage_evaluators(user: Any, obj: Any = None) -> bool:
    return is_officer(user)


# --- calls (obj is a Call, or None) ---------------------------------------------------------------


def can_view_call(user: Any, call: Any) -> bool:
    """Published calls are public announcements; drafts are for officers."""
    return bool(call.is_published) or is_officer(user)


def can_manage_calls(user: Any, obj: Any = None) -> bool:
    return is_officer(user)


def can_apply_for(user: Any, cluster: Any) -> bool:
    """Start an application for the cluster: its managers and staff."""
    return is_superuser(user) or is_team_of(user, cluster)


# --- applications (obj is an Application) -------------------------------------------------------


def _assignment_status(user: Any, application: Any) -> str | None:
    """The user's assignment: 'pending' (conflicts not declared), 'assigned', 'submitted',
    'conflict' (declared, recused) or None (cached on the user)."""
    if not is_authenticated(user):
        return None
    cache = getattr(user, "_klynge_assignments", None)
    if cache is None:
        from .models import ReviewAssignment

        rows = ReviewAssignment.objects.filter(evaluator_id=user.pk).values_list(
            "application_id", "status", "conflict"
        )
        cache = {
            app_id: "conflict"
            if conflict == "declared"
            else "pending"
            if conflict == "pending"
            else status
            for app_id, status, conflict in rows
        }
        user._klynge_assignments = cache
    return cache.get(getattr(application, "pk", application))


def forget_assignments(user: Any) -> None:
    for attr in ("_klynge_assignments", "_klynge_is_evaluator"):
        if hasattr(user, attr):
            delattr(user, attr)
    user_scopes.forget(user)


def is_assigned_to(user: Any, application: Any) -> bool:
    """Assigned and not recused for a conflict of interest."""
    return _assignment_status(user, application) in ("pending", "assigned", "submitted")


def can_view_application(user: Any, application: Any) -> bool:
    """Officers, the applicant cluster's team, and the evaluators assigned to it (no others)."""
    return (
        is_officer(user)
        or is_team_of(user, application.cluster_id)
        or is_assigned_to(user, application)
    )


def can_edit_application(user: Any, application: Any) -> bool:
    """Change the request, answers and attachments while it is a draft (or invited to full)."""
    return (is_superuser(user) or is_team_of(user, application.cluster_id)) and (
        application.status in ("draft", "invited")
    )


def can_submit_application(user: Any, application: Any) -> bool:
    return is_superuser(user) or is_team_of(user, application.cluster_id)


def can_manage_application(user: Any, application: Any) -> bool:
    """Invite to full application, start the review, assign evaluators, decide."""
    return is_officer(user)


def can_act_on_assignment(user: Any, assignment: Any) -> bool:
    """Declare the conflicts of an assignment and write its review: its evaluator, nobody else."""
    return is_authenticated(user) and assignment.evaluator_id == user.pk


def can_start_reports(user: Any, obj: Any = None) -> bool:
    """The "new report" button: members of a cluster team."""
    return bool(cluster_roles(user))


def can_view_evaluators(user: Any, application: Any = None) -> bool:
    """Who reviews an application (and who declared a conflict) is known to officers only.

    The application page and every audit view of reviews use this one rule.
    """
    return is_officer(user)


def can_view_review_summary(user: Any, application: Any) -> bool:
    """Every evaluator's scores: officers, and assigned evaluators once their own is submitted."""
    return is_officer(user) or _assignment_status(user, application) == "submitted"


def can_view_decision_pack(user: Any, call: Any) -> bool:
    return is_officer(user)


# --- annual reports (obj is an AnnualReport; a Cluster for creating) ----------------------------


def can_create_report(user: Any, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster)


def can_view_report(user: Any, report: Any) -> bool:
    return is_officer(user) or is_team_of(user, report.cluster_id)


def can_edit_report(user: Any, report: Any) -> bool:
    return (is_superuser(user) or is_team_of(user, report.cluster_id)) and report.is_editable


def can_submit_report(user: Any, report: Any) -> bool:
    return is_superuser(user) or is_team_of(user, report.cluster_id)


def can_review_report(user: Any, report: Any) -> bool:
    return is_officer(user)


# --- follow-up of funded projects (obj is a FollowUpReport) and the officer's desk -------------


def _follow_up_cluster(report: Any) -> int:
    return report.application.cluster_id


def can_view_follow_up(user: Any, report: Any) -> bool:
    return is_officer(user) or is_team_of(user, _follow_up_cluster(report))


def can_edit_follow_up(user: Any, report: Any) -> bool:
    return (
        is_superuser(user) or is_team_of(user, _follow_up_cluster(report))
    ) and report.is_editable


def can_submit_follow_up(user: Any, report: Any) -> bool:
    return is_superuser(user) or is_team_of(user, _follow_up_cluster(report))


def can_review_follow_up(user: Any, report: Any) -> bool:
    return is_officer(user)


def can_view_desk(user: Any, obj: Any = None) -> bool:
    """The officer's desk: what needs the programme now, across all clusters."""
    return is_officer(user)


# --- the cluster organisation's finances (obj is a Cluster) --------------------------------------


def can_view_cluster_finance(user: Any, cluster: Any) -> bool:
    """The cluster's team and the programme see the cluster organisation's income by source."""
    return is_officer(user) or is_team_of(user, cluster)


def can_edit_cluster_finance(user: Any, cluster: Any) -> bool:
    """The cluster's manager records its income; the programme reads it."""
    return is_superuser(user) or is_manager_of(user, cluster)
