"""Background work of the programme (django-tasks): label expiry warnings, review reminders and
reminders of follow-up reports of funded projects."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from . import notices
from .models import Application, CertificationLabel, FollowUpReport, ReviewAssignment
from .selectors.statuses import WARNING_DAYS, days_left, is_superseded


def _claim(label_id: int, field: str, also: Mapping[str, object]) -> bool:
    """Mark the warning as sent before sending, so two workers never send it twice."""
    return bool(
        CertificationLabel.objects.filter(pk=label_id, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}, **also
        )
    )


@task()
def send_label_expiry_warnings(today: str | None = None) -> int:
    """Warn the cluster's managers and the programme officers 90 and 30 days before a label expires.

    Idempotent: each warning is claimed on the label row first, so running the task again (or on
    two machines) never sends a warning twice. A label renewed by a longer-running label of the
    same grade or better is skipped. Returns the number of labels warned about.
    """
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    longest, shortest = WARNING_DAYS
    due = CertificationLabel.objects.filter(
        Q(warned_90_at__isnull=True) | Q(warned_30_at__isnull=True),
        awarded_on__lte=day,
        valid_until__gte=day,
        valid_until__lte=day + datetime.timedelta(days=longest),
    ).select_related("cluster")
    warned = 0
    for label in due:
        left = days_left(label, on=day)
        if is_superseded(label):
            continue
        if left <= shortest and label.warned_30_at is None:
            also = {"warned_90_at": timezone.now()} if label.warned_90_at is None else {}
            claimed = _claim(label.pk, "warned_30_at", also)
        elif left > shortest and label.warned_90_at is None:
            claimed = _claim(label.pk, "warned_90_at", {})
        else:
            claimed = False
        if claimed:
            notices.send_label_warning(label, left)
            warned += 1
    return warned


@task()
def send_review_reminders(today: str | None = None) -> int:
    """Remind evaluators of open reviews due within KLYNGE_REVIEW_REMINDER_DAYS, and once of overdue
    ones. Idempotent: each mail's key names the assignment, its due date and the stage, so running
    the task again (or on two machines) sends nothing twice; a new due date reminds again.
    Returns the number of reminders queued (including ones the key then skips as sent)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    window = day + datetime.timedelta(days=settings.KLYNGE_REVIEW_REMINDER_DAYS)
    due = (
        ReviewAssignment.objects.filter(
            status=ReviewAssignment.Status.ASSIGNED,
            due_on__isnull=False,
            due_on__lte=window,
            evaluator__is_active=True,
            application__status__in=(Application.Status.SUBMITTED, Application.Status.IN_REVIEW),
        )
        .exclude(conflict=ReviewAssignment.Conflict.DECLARED)
        .select_related("evaluator", "application__project", "application__call")
        .order_by("pk")
    )
    sent = 0
    for assignment in due:
        # never None here (due_on__isnull=False); the check narrows the type
        overdue = assignment.due_on is not None and assignment.due_on < day
        notices.send_review_reminder(
            assignment, notices.REMINDER_OVERDUE if overdue else notices.REMINDER_SOON
        )
        sent += 1
    return sent


def _claim_reminder(report_id: int, field: str, day: datetime.date) -> bool:
    return bool(
        FollowUpReport.objects.filter(pk=report_id, **{f"{field}__isnull": True}).update(
            **{field: day}
        )
    )


@task()
def send_follow_up_reminders(today: str | None = None) -> int:
    """Remind clusters of follow-up reports: `KLYNGE_FOLLOW_UP_REMINDER_DAYS` before the due date
    and once when overdue. Each reminder is claimed on the report row first, so running the task
    again (or on two machines) never sends one twice. Returns the number of reminders sent."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    soon = day + datetime.timedelta(days=settings.KLYNGE_FOLLOW_UP_REMINDER_DAYS)
    waiting = FollowUpReport.objects.filter(
        status__in=(FollowUpReport.Status.DUE, FollowUpReport.Status.CHANGES)
    ).select_related("application__project", "application__cluster", "application__submitted_by")
    sent = 0
    overdue = waiting.filter(due_on__lt=day, reminded_overdue_on__isnull=True)
    for report in overdue:
        if _claim_reminder(report.pk, "reminded_overdue_on", day):
            notices.send_follow_up_reminder(report, overdue=True)
            sent += 1
    coming = waiting.filter(due_on__gte=day, due_on__lte=soon, reminded_before_on__isnull=True)
    for report in coming:
        if _claim_reminder(report.pk, "reminded_before_on", day):
            notices.send_follow_up_reminder(report, overdue=False)
            sent += 1
    return sent
