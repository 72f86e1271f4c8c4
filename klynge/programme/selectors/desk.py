"""The programme officer's desk: everything that needs the programme now, on one page.

Labels expiring within 90 days; follow-up reports due soon and overdue; follow-up reports, annual
reports and assessments waiting for review; applications waiting for a decision; quota use in the
open calls; and public funding granted per cluster over the programme period
(`KLYNGE_PROGRAMME_PERIOD_YEARS`) against `KLYNGE_PUBLIC_FUNDING_CEILING`. Each list is one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from klynge.clusters.models import Cluster

from ..models import (
    AnnualReport,
    Application,
    Assessment,
    Call,
    CertificationLabel,
    FollowUpReport,
)
from ..models.applications import QUOTA_STATUSES
from .statuses import WARNING_DAYS

LIMIT = 50  # rows per list; the count says how many there are in all

F = FollowUpReport.Status
OPEN_FOLLOW_UP = (F.DUE, F.CHANGES)


@dataclass(frozen=True)
class Listing:
    rows: list[Any]
    count: int


@dataclass(frozen=True)
class FundingRow:
    cluster: Cluster
    granted: int
    ceiling: int

    @property
    def share(self) -> float:
        return self.granted / self.ceiling if self.ceiling else 0.0

    @property
    def over(self) -> bool:
        return self.granted > self.ceiling


@dataclass(frozen=True)
class QuotaRow:
    call: Call
    cluster: Cluster
    used: int

    @property
    def full(self) -> bool:
        return self.call.quota_per_cluster is not None and self.used >= self.call.quota_per_cluster


@dataclass(frozen=True)
class Desk:
    today: datetime.date
    labels_expiring: Listing
    follow_ups_due: Listing
    follow_ups_overdue: Listing
    follow_ups_to_review: Listing
    reports_to_review: Listing
    assessments_to_review: Listing
    applications_to_decide: Listing
    quota: list[QuotaRow]
    funding: list[FundingRow]
    period_start: datetime.date
    ceiling: int


def _listing(queryset: Any) -> Listing:
    rows = list(queryset[: LIMIT + 1])
    count = len(rows) if len(rows) <= LIMIT else queryset.count()
    return Listing(rows=rows[:LIMIT], count=count)


def period_start(today: datetime.date) -> datetime.date:
    years = settings.KLYNGE_PROGRAMME_PERIOD_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def funding_per_cluster(*, today: datetime.date) -> list[FundingRow]:
    """Public funding granted by the programme per cluster, decided within the period, largest first."""
    start = timezone.make_aware(datetime.datetime.combine(period_start(today), datetime.time.min))
    ceiling = settings.KLYNGE_PUBLIC_FUNDING_CEILING
    rows = (
        Application.objects.filter(
            status=Application.Status.APPROVED, decided_at__gte=start, granted_amount__isnull=False
        )
        .values("cluster_id")
        .annotate(total=Sum("granted_amount"))
        .order_by("-total", "cluster_id")
    )
    totals = {row["cluster_id"]: row["total"] for row in rows[:LIMIT]}
    clusters = Cluster.objects.in_bulk(list(totals))
    return [FundingRow(clusters[pk], total, ceiling) for pk, total in totals.items()]


def quota_in_open_calls(*, now: datetime.datetime) -> list[QuotaRow]:
    """Per open call with a quota: the clusters that used any of it (full ones first)."""
    calls = list(
        Call.objects.filter(
            Q(closes_at__gte=now) | Q(full_closes_at__gte=now),
            is_published=True,
            opens_at__lte=now,
            quota_per_cluster__isnull=False,
        ).order_by("closes_at", "pk")[:10]
    )
    result: list[QuotaRow] = []
    for call in calls:
        used = (
            Application.objects.filter(
                call__kind=call.kind, call__period=call.period, status__in=QUOTA_STATUSES
            )
            .values("cluster_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "cluster_id")
        )
        counts = {row["cluster_id"]: row["n"] for row in used[:LIMIT]}
        clusters = Cluster.objects.in_bulk(list(counts))
        result.extend(QuotaRow(call, clusters[pk], n) for pk, n in counts.items())
    return result


def desk_get(*, today: datetime.date | None = None) -> Desk:
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.KLYNGE_FOLLOW_UP_REMINDER_DAYS)
    follow_ups = FollowUpReport.objects.select_related(
        "application__project", "application__cluster"
    ).order_by("due_on", "pk")
    longest = max(WARNING_DAYS)
    return Desk(
        today=today,
        labels_expiring=_listing(
            CertificationLabel.objects.filter(
                valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=longest)
            )
            .select_related("cluster")
            .order_by("valid_until", "pk")
        ),
        follow_ups_due=_listing(
            follow_ups.filter(status__in=OPEN_FOLLOW_UP, due_on__gte=today, due_on__lte=soon)
        ),
        follow_ups_overdue=_listing(follow_ups.filter(status__in=OPEN_FOLLOW_UP, due_on__lt=today)),
        follow_ups_to_review=_listing(follow_ups.filter(status=F.SUBMITTED)),
        reports_to_review=_listing(
            AnnualReport.objects.filter(status=AnnualReport.Status.SUBMITTED)
            .select_related("cluster")
            .order_by("submitted_at", "pk")
        ),
        assessments_to_review=_listing(
            Assessment.objects.filter(status=Assessment.Status.IN_REVIEW)
            .select_related("cluster")
            .order_by("pk")
        ),
        applications_to_decide=_listing(
            Application.objects.filter(
                status__in=(Application.Status.SUBMITTED, Application.Status.IN_REVIEW)
            )
            .select_related("cluster", "project", "call")
            .order_by("submitted_at", "pk")
        ),
        quota=quota_in_open_calls(now=timezone.now()),
        funding=funding_per_cluster(today=today),
        period_start=period_start(today),
        ceiling=settings.KLYNGE_PUBLIC_FUNDING_CEILING,
    )
