"""What the programme asks of each role now: the home page widgets' reads (one query or a few each)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from klynge.accounts.typing import Viewer
from klynge.core.aggregates import row_counts

from ..models import (
    AnnualReport,
    Application,
    Assessment,
    CertificationLabel,
    FollowUpReport,
    ReviewAssignment,
)

LABEL_WARNING_DAYS = 90


@dataclass(frozen=True)
class ClusterDuties:
    """The cluster team's programme duties: an expiring label, the annual report to send."""

    label: CertificationLabel | None  # valid and expiring within LABEL_WARNING_DAYS
    days_left: int | None
    report_year: int
    report: AnnualReport | None  # that year's report, if started
    report_due: bool  # not started, or a draft or returned
    follow_ups: list[FollowUpReport] = field(default_factory=list)  # due soon or overdue


def cluster_duties(*, cluster: Any, on: datetime.date | None = None) -> ClusterDuties:
    today = on or timezone.localdate()
    label = (
        CertificationLabel.objects.filter(
            cluster=cluster,
            awarded_on__lte=today,
            valid_until__gte=today,
        )
        .order_by("-valid_until")
        .first()
    )
    expiring = label if label and (label.valid_until - today).days <= LABEL_WARNING_DAYS else None
    year = today.year - 1
    report = AnnualReport.objects.filter(cluster=cluster, year=year).first()
    due = report is None or report.status in (
        AnnualReport.Status.DRAFT,
        AnnualReport.Status.RETURNED,
    )
    soon = today + datetime.timedelta(days=settings.KLYNGE_FOLLOW_UP_REMINDER_DAYS)
    follow_ups = list(
        FollowUpReport.objects.filter(
            application__cluster=cluster,
            status__in=(FollowUpReport.Status.DUE, FollowUpReport.Status.CHANGES),
            due_on__lte=soon,
        )
        .select_related("application__project")
        .order_by("due_on", "pk")[:10]
    )
    return ClusterDuties(
        label=expiring,
        days_left=(expiring.valid_until - today).days if expiring else None,
        report_year=year,
        report=report,
        report_due=due,
        follow_ups=follow_ups,
    )


def review_list_open(*, user: Viewer) -> list[ReviewAssignment]:
    """The evaluator's assignments still to do (not submitted, not recused), soonest due first."""
    return list(
        ReviewAssignment.objects.filter(evaluator_id=getattr(user, "pk", None))
        .exclude(status__in=[ReviewAssignment.Status.SUBMITTED, ReviewAssignment.Status.RECUSED])
        .exclude(conflict=ReviewAssignment.Conflict.DECLARED)
        .select_related("application__project", "application__cluster", "application__call")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class WorkQueue:
    """The programme officer's queue, counted across every cluster."""

    to_start: int  # submitted applications and sketches waiting for the officer
    to_decide: int  # in review with every assigned review in
    reviews_overdue: int
    assessments_waiting: int  # in review
    reports_to_review: int  # submitted annual reports
    labels_expiring: int  # valid labels expiring within LABEL_WARNING_DAYS
    follow_ups_to_review: int = 0  # submitted follow-up reports of funded projects
    follow_ups_overdue: int = 0


def officer_work_queue(*, on: datetime.date | None = None) -> WorkQueue:
    """Every count of the queue, read with one query."""
    today = on or timezone.localdate()
    ready = (
        Application.objects.filter(status=Application.Status.IN_REVIEW)
        .annotate(
            open_reviews=Count(
                "assignments",
                filter=Q(assignments__status=ReviewAssignment.Status.ASSIGNED)
                & ~Q(assignments__conflict=ReviewAssignment.Conflict.DECLARED),
            ),
            reviews=Count("assignments"),
        )
        .filter(open_reviews=0, reviews__gt=0)
    )
    counts = row_counts(
        to_start=Application.objects.filter(
            status__in=(Application.Status.SUBMITTED, Application.Status.SKETCH_SUBMITTED)
        ),
        to_decide=ready,
        reviews_overdue=ReviewAssignment.objects.filter(
            status=ReviewAssignment.Status.ASSIGNED, due_on__lt=today
        ),
        assessments_waiting=Assessment.objects.filter(status=Assessment.Status.IN_REVIEW),
        reports_to_review=AnnualReport.objects.filter(status=AnnualReport.Status.SUBMITTED),
        follow_ups_to_review=FollowUpReport.objects.filter(status=FollowUpReport.Status.SUBMITTED),
        follow_ups_overdue=FollowUpReport.objects.filter(
            status__in=(FollowUpReport.Status.DUE, FollowUpReport.Status.CHANGES),
            due_on__lt=today,
        ),
        labels_expiring=CertificationLabel.objects.filter(
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=LABEL_WARNING_DAYS),
        ),
    )
    return WorkQueue(**counts)
