"""What the programme tells people: label expiry warnings and decisions (cluster managers and
officers); assigned reviews and their due dates (evaluators).

The hub (`klynge.notifications`) renders each mail in the recipient's language, builds the links
from KLYNGE_BASE_URL and sends it after commit. Kinds are declared in `KINDS` (see `apps.py`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import ClusterRole
from klynge.core.links import absolute_url
from klynge.notifications.kinds import Kind
from klynge.notifications.services import Recipient, notify

from .permissions import can_receive_label_warnings

KINDS = (
    Kind(
        "programme.label_expiry",
        _("Certification label expiry warnings"),
        transactional=False,
        help_text=_("90 and 30 days before a cluster's label expires (managers and officers)."),
    ),
    Kind("programme.decision", _("Decisions on applications")),
    Kind("programme.review_assigned", _("Reviews assigned to you")),
    Kind(
        "programme.review_reminder",
        _("Review due-date reminders"),
        transactional=False,
        help_text=_("Before a review assigned to you is due, and once when it is overdue."),
    ),
    Kind(
        "programme.follow_up",
        _("Follow-up reports of funded projects"),
        transactional=False,
        help_text=_("Before a progress or final report is due, and once when it is overdue."),
    ),
)

REMINDER_SOON = "soon"
REMINDER_OVERDUE = "overdue"


def cluster_managers(cluster_id: int) -> list[Any]:
    roles = ClusterRole.objects.filter(
        cluster_id=cluster_id, role=ClusterRole.Role.MANAGER, user__is_active=True
    ).select_related("user")
    return [role.user for role in roles]


def programme_officers() -> list[Any]:
    return list(
        get_user_model().objects.filter(is_programme_officer=True, is_active=True).order_by("pk")
    )


def send_label_warning(label: Any, days_left: int) -> None:
    cluster = label.cluster
    candidates = [*cluster_managers(cluster.pk), *programme_officers()]
    users = [user for user in candidates if can_receive_label_warnings(user, cluster)]
    notify(
        kind="programme.label_expiry",
        to=[Recipient.of(user) for user in users],
        template="programme/email/label_expiry",
        context={
            "label": label,
            "cluster": cluster,
            "days_left": days_left,
            "programme_url": absolute_url(reverse("programme:cluster", args=[cluster.slug])),
        },
        cluster=cluster.pk,
        key=f"programme.label_expiry:{label.pk}:{label.valid_until}:{30 if days_left <= 30 else 90}",
    )


def send_decision(application_id: int) -> None:
    """Tell the applicant cluster's managers and the submitter about the decision."""
    from .models import Application

    application = (
        Application.objects.select_related("call", "project", "cluster", "submitted_by")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not application.is_decided:
        return
    users = cluster_managers(application.cluster_id)
    if application.submitted_by is not None:
        users.append(application.submitted_by)
    notify(
        kind="programme.decision",
        to=[Recipient.of(user) for user in users],
        template="programme/email/decision",
        context={
            "application": application,
            "approved": application.status == "approved",
            "application_url": absolute_url(application.get_absolute_url()),
        },
        cluster=application.cluster_id,
        key=f"programme.decision:{application.pk}:{application.status}",
    )


def _review_context(assignment: Any) -> dict[str, Any]:
    application = assignment.application
    return {
        "assignment": assignment,
        "application": application,
        "project": application.project,
        "call": application.call,
        "due_on": assignment.due_on,
        "review_url": absolute_url(reverse("programme:review", args=[assignment.pk])),
        "reviews_url": absolute_url(reverse("programme:my_reviews")),
    }


def _open_assignment(assignment_id: int) -> Any:
    from .models import ReviewAssignment

    return (
        ReviewAssignment.objects.select_related(
            "evaluator", "application__project", "application__call"
        )
        .filter(pk=assignment_id, status=ReviewAssignment.Status.ASSIGNED)
        .first()
    )


def send_review_assigned(assignment_id: int) -> None:
    """Tell the evaluator an application waits for their review (and by when)."""
    assignment = _open_assignment(assignment_id)
    if assignment is None or not assignment.evaluator.is_active:
        return
    notify(
        kind="programme.review_assigned",
        to=Recipient.of(assignment.evaluator),
        template="programme/email/review_assigned",
        context=_review_context(assignment),
        cluster=assignment.application.cluster_id,
        key=f"programme.review_assigned:{assignment.pk}",
    )


def send_review_reminder(assignment: Any, stage: str) -> None:
    """Remind the evaluator of a review due soon (`REMINDER_SOON`) or overdue; once per due date
    and stage (the key), however often the task runs."""
    notify(
        kind="programme.review_reminder",
        to=Recipient.of(assignment.evaluator),
        template="programme/email/review_reminder",
        context={**_review_context(assignment), "overdue": stage == REMINDER_OVERDUE},
        cluster=assignment.application.cluster_id,
        key=f"programme.review_reminder:{assignment.pk}:{assignment.due_on}:{stage}",
    )


def send_follow_up_reminder(report: Any, *, overdue: bool) -> None:
    """Remind the cluster's managers (and whoever submitted the application) of a report due."""
    application = report.application
    users = cluster_managers(application.cluster_id)
    if application.submitted_by is not None and application.submitted_by not in users:
        users.append(application.submitted_by)
    notify(
        kind="programme.follow_up",
        to=[Recipient.of(user) for user in users],
        template="programme/email/follow_up_due",
        context={
            "report": report,
            "project": application.project,
            "overdue": overdue,
            "report_url": absolute_url(report.get_absolute_url()),
        },
        cluster=application.cluster_id,
        key=f"programme.follow_up:{report.pk}:{report.due_on}:{'overdue' if overdue else 'due'}",
    )
