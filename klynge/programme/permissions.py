"""Who may do what in the cluster programme. Each predicate takes (user, obj).

Roles: programme officers (`user.is_programme_officer`, every cluster), superusers, the cluster team
(manager/staff, `klynge.clusters.roles`), evaluators (a user with an active `Evaluator` profile; they
see only the applications they are assigned to), member contacts (nothing here beyond public pages).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles, is_manager_of, is_team_of
from klynge.core import user_scopes
from klynge.core.permissions import is_programme_officer, is_superuser

if TYPE_CHECKING:
    from .models import (
        AnnualReport,
        Application,
        Assessment,
        Call,
        CertificationLabel,
        FollowUpReport,
        ReviewAssignment,
    )

# Caches on the user object (evaluator profile, review assignments) and on an assessment.
_EVALUATOR_ATTR = "_klynge_is_evaluator"
_ASSIGNMENTS_ATTR = "_klynge_assignments"
_ASSESSORS_ATTR = "_klynge_assessor_ids"


def is_officer(user: Viewer) -> bool:
    """Programme officers and superusers run the programme."""
    return is_superuser(user) or is_programme_officer(user)


# --- levels, statuses and labels (obj is a Cluster, or None for programme-wide pages) -----------


def can_view_programme_record(user: Viewer, cluster: Any) -> bool:
    """The cluster's programme page: status history with decisions, labels, assessments."""
    return is_officer(user) or is_team_of(user, cluster)


def can_manage_programme_status(user: Viewer, obj: Any = None) -> bool:
    """Record levels and labels, and edit the level catalogue."""
    return is_officer(user)


def can_view_label_evidence(user: Viewer, label: CertificationLabel) -> bool:
    return is_officer(user) or is_team_of(user, label.cluster_id)


def can_view_programme_portfolio(user: Viewer, obj: Any = None) -> bool:
    """Every cluster with level, label, applications, quota use and key figures; exports."""
    return is_officer(user)


def can_view_levels(user: Viewer, obj: Any = None) -> bool:
    return user.is_authenticated


def can_receive_label_warnings(user: Viewer, cluster: Any) -> bool:
    """The mails before a cluster's label expires: programme officers and the cluster's managers."""
    return is_programme_officer(user) or is_manager_of(user, cluster)


# --- assessments (obj is an Assessment; a Cluster for creating and readiness) -------------------


def _assessor_ids(assessment: Assessment) -> set[int]:
    cached: set[int] | None = getattr(assessment, _ASSESSORS_ATTR, None)
    if cached is None:
        if "assessors" in getattr(assessment, "_prefetched_objects_cache", {}):
            cached = {user.pk for user in assessment.assessors.all()}
        else:
            cached = set(assessment.assessors.values_list("pk", flat=True))
        setattr(assessment, _ASSESSORS_ATTR, cached)
    return cached


def is_assessor_of(user: Viewer, assessment: Assessment) -> bool:
    if not user.is_authenticated:
        return False
    return user.pk in _assessor_ids(assessment)


def can_create_assessment(user: Viewer, cluster: Any) -> bool:
    return is_officer(user)


def can_view_assessment(user: Viewer, assessment: Assessment) -> bool:
    return (
        is_officer(user)
        or is_team_of(user, assessment.cluster_id)
        or is_assessor_of(user, assessment)
    )


def can_manage_assessment(user: Viewer, assessment: Assessment) -> bool:
    """Open it for self-assessment or review, recompute the indicators, return it, decide."""
    return is_officer(user)


def can_self_assess(user: Viewer, assessment: Assessment) -> bool:
    """Write the cluster's own scores and comments and hand the self-assessment in."""
    return is_superuser(user) or is_team_of(user, assessment.cluster_id)


def can_score_assessment(user: Viewer, assessment: Assessment) -> bool:
    return is_officer(user) or is_assessor_of(user, assessment)


def can_enter_scores(user: Viewer, assessment: Assessment) -> bool:
    """The cluster's self-assessment while it is open, or the assessors' scores in draft/review."""
    if assessment.status == "self_assessment":
        return can_self_assess(user, assessment)
    return assessment.status in ("draft", "in_review") and can_score_assessment(user, assessment)


def can_oversee_programme(user: Viewer, obj: Any = None) -> bool:
    """Officers (and superusers) see every cluster's applications, assessments and reports."""
    return is_officer(user)


def can_view_readiness(user: Viewer, cluster: Any) -> bool:
    return is_officer(user) or is_team_of(user, cluster)


# --- evaluators -----------------------------------------------------------------------------------


def is_evaluator(user: Viewer) -> bool:
    """A user with an active evaluator profile (cached on the user object)."""
    if not user.is_authenticated:
        return False
    if getattr(user, _EVALUATOR_ATTR, None) is None:
        user_scopes.load(user)
    cached: bool | None = getattr(user, _EVALUATOR_ATTR, None)
    if cached is None:  # scopes not registered
        from .models import Evaluator

        cached = Evaluator.objects.filter(user_id=user.pk, is_active=True).exists()
        setattr(user, _EVALUATOR_ATTR, cached)
    return cached


def evaluator_scope_expression() -> Any:
    """Whether the user evaluates (a part of `klynge.core.user_scopes`)."""
    from django.db.models import Exists, OuterRef

    from .models import Evaluator

    return Exists(Evaluator.objects.filter(user_id=OuterRef("pk"), is_active=True))


def remember_evaluator_scope(user: Viewer, value: bool | None) -> None:
    setattr(user, _EVALUATOR_ATTR, bool(value))


def can_view_own_reviews(user: Viewer, obj: Any = None) -> bool:
    """The evaluator's list of assigned reviews."""
    return is_evaluator(user)


def can_open_programme(user: Viewer, obj: Any = None) -> bool:
    """The programme's front door: officers (the portfolio) and cluster teams (their clusters)."""
    return is_officer(user) or bool(cluster_roles(user))


def can_manage_evaluators(user: Viewer, obj: Any = None) -> bool:
    return is_officer(user)


# --- calls (obj is a Call, or None) ---------------------------------------------------------------


def can_view_call(user: Viewer, call: Call) -> bool:
    """Published calls are public announcements; drafts are for officers."""
    return bool(call.is_published) or is_officer(user)


def can_manage_calls(user: Viewer, obj: Any = None) -> bool:
    return is_officer(user)


def can_apply_for(user: Viewer, cluster: Any) -> bool:
    """Start an application for the cluster: its managers and staff."""
    return is_superuser(user) or is_team_of(user, cluster)


# --- applications (obj is an Application) -------------------------------------------------------


def _assignment_status(user: Viewer, application: Application | int) -> str | None:
    """The user's assignment: 'pending' (conflicts not declared), 'assigned', 'submitted',
    'conflict' (declared, recused) or None (cached on the user)."""
    if not user.is_authenticated:
        return None
    cache: dict[int, str] | None = getattr(user, _ASSIGNMENTS_ATTR, None)
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
        setattr(user, _ASSIGNMENTS_ATTR, cache)
    return cache.get(application if isinstance(application, int) else application.pk)


def forget_assignments(user: Viewer) -> None:
    for attr in (_ASSIGNMENTS_ATTR, _EVALUATOR_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)
    user_scopes.forget(user)


def is_assigned_to(user: Viewer, application: Application) -> bool:
    """Assigned and not recused for a conflict of interest."""
    return _assignment_status(user, application) in ("pending", "assigned", "submitted")


def can_view_application(user: Viewer, application: Application) -> bool:
    """Officers, the applicant cluster's team, and the evaluators assigned to it (no others)."""
    return (
        is_officer(user)
        or is_team_of(user, application.cluster_id)
        or is_assigned_to(user, application)
    )


def can_edit_application(user: Viewer, application: Application) -> bool:
    """Change the request, answers and attachments while it is a draft (or invited to full)."""
    return (is_superuser(user) or is_team_of(user, application.cluster_id)) and (
        application.status in ("draft", "invited")
    )


def can_submit_application(user: Viewer, application: Application) -> bool:
    return is_superuser(user) or is_team_of(user, application.cluster_id)


def can_manage_application(user: Viewer, application: Application | None) -> bool:
    """Invite to full application, start the review, assign evaluators, decide (None: any one,
    for the officer's home page)."""
    return is_officer(user)


def can_act_on_assignment(user: Viewer, assignment: ReviewAssignment) -> bool:
    """Declare the conflicts of an assignment and write its review: its evaluator, nobody else."""
    if not user.is_authenticated:
        return False
    return assignment.evaluator_id == user.pk


def can_start_reports(user: Viewer, obj: Any = None) -> bool:
    """The "new report" button: members of a cluster team."""
    return bool(cluster_roles(user))


def can_view_evaluators(user: Viewer, application: Any = None) -> bool:
    """Who reviews an application (and who declared a conflict) is known to officers only.

    The application page and every audit view of reviews use this one rule.
    """
    return is_officer(user)


def can_view_review_summary(user: Viewer, application: Application) -> bool:
    """Every evaluator's scores: officers, and assigned evaluators once their own is submitted."""
    return is_officer(user) or _assignment_status(user, application) == "submitted"


def can_view_decision_pack(user: Viewer, call: Call) -> bool:
    return is_officer(user)


# --- annual reports (obj is an AnnualReport; a Cluster for creating) ----------------------------


def can_create_report(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster)


def can_view_report(user: Viewer, report: AnnualReport) -> bool:
    return is_officer(user) or is_team_of(user, report.cluster_id)


def can_edit_report(user: Viewer, report: AnnualReport) -> bool:
    return (is_superuser(user) or is_team_of(user, report.cluster_id)) and report.is_editable


def can_submit_report(user: Viewer, report: AnnualReport) -> bool:
    return is_superuser(user) or is_team_of(user, report.cluster_id)


def can_review_report(user: Viewer, report: AnnualReport) -> bool:
    return is_officer(user)


# --- follow-up of funded projects (obj is a FollowUpReport) and the officer's desk -------------


def _follow_up_cluster(report: FollowUpReport) -> int:
    return report.application.cluster_id


def can_view_follow_up(user: Viewer, report: FollowUpReport) -> bool:
    return is_officer(user) or is_team_of(user, _follow_up_cluster(report))


def can_edit_follow_up(user: Viewer, report: FollowUpReport) -> bool:
    return (
        is_superuser(user) or is_team_of(user, _follow_up_cluster(report))
    ) and report.is_editable


def can_submit_follow_up(user: Viewer, report: FollowUpReport) -> bool:
    return is_superuser(user) or is_team_of(user, _follow_up_cluster(report))


def can_review_follow_up(user: Viewer, report: FollowUpReport) -> bool:
    return is_officer(user)


def can_view_desk(user: Viewer, obj: Any = None) -> bool:
    """The officer's desk: what needs the programme now, across all clusters."""
    return is_officer(user)


# --- the cluster organisation's finances (obj is a Cluster) --------------------------------------


def can_view_cluster_finance(user: Viewer, cluster: Any) -> bool:
    """The cluster's team and the programme see the cluster organisation's income by source."""
    return is_officer(user) or is_team_of(user, cluster)


def can_edit_cluster_finance(user: Viewer, cluster: Any) -> bool:
    """The cluster's manager records its income; the programme reads it."""
    return is_superuser(user) or is_manager_of(user, cluster)
