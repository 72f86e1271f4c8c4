"""Reads for calls: visible lists, eligibility of a cluster, and quota use per cluster and period."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles

from ..models import Application, Call, CertificationLabel, Level
from ..models.applications import QUOTA_STATUSES
from ..permissions import is_officer
from .statuses import label_valid, level_current


def call_list_visible(*, user: Viewer, state: str = "", kind: str = "") -> QuerySet[Call]:
    calls = Call.objects.select_related("framework").prefetch_related("allowed_levels")
    if not is_officer(user):
        calls = calls.filter(is_published=True)
    now = timezone.now()
    if state == "open":
        calls = calls.filter(is_published=True, opens_at__lte=now, closes_at__gte=now)
    elif state == "upcoming":
        calls = calls.filter(is_published=True, opens_at__gt=now)
    elif state == "closed":
        calls = calls.filter(is_published=True, closes_at__lt=now)
    elif state == "draft":
        calls = calls.filter(is_published=False)
    if kind:
        calls = calls.filter(kind=kind)
    return calls.annotate(
        application_count=Count("applications", filter=~Q(applications__status="draft"))
    ).order_by("-opens_at", "pk")


def call_get(*, pk: int) -> Call:
    return Call.objects.select_related("framework").prefetch_related("allowed_levels").get(pk=pk)


@dataclass(frozen=True)
class CallEligibility:
    eligible: bool
    reasons: tuple[str, ...]
    level: Level | None
    label: CertificationLabel | None


def call_eligibility(
    *, call: Call, cluster: Any, on: datetime.date | None = None
) -> CallEligibility:
    """Whether the cluster may submit to the call on `on` (today): level and valid label."""
    day = on or timezone.localdate()
    level = level_current(cluster=cluster, on=day)
    allowed = list(call.allowed_levels.all())
    reasons = []
    if allowed and (level is None or level.pk not in {lv.pk for lv in allowed}):
        names = ", ".join(lv.name for lv in allowed)
        reasons.append(_("Open to %(levels)s only.") % {"levels": names})
    label = (
        label_valid(cluster=cluster, grade=call.label_required, on=day)
        if call.label_required
        else None
    )
    if call.label_required and label is None:
        grade = CertificationLabel.Grade(call.label_required).label
        reasons.append(_("Needs a valid %(grade)s label or better.") % {"grade": grade})
    return CallEligibility(not reasons, tuple(reasons), level, label)


@dataclass(frozen=True)
class QuotaUse:
    used: int
    quota: int | None

    @property
    def left(self) -> int | None:
        return None if self.quota is None else max(0, self.quota - self.used)

    @property
    def full(self) -> bool:
        return self.quota is not None and self.used >= self.quota


def quota_holders(*, call: Call, cluster_id: int) -> QuerySet[Application]:
    """Applications of the cluster that share this call's quota (same kind and period)."""
    return Application.objects.filter(
        cluster_id=cluster_id, call__kind=call.kind, call__period=call.period
    )


def quota_use(*, call: Call, cluster: Any) -> QuotaUse:
    cluster_id = getattr(cluster, "pk", cluster)
    used = quota_holders(call=call, cluster_id=cluster_id).filter(status__in=QUOTA_STATUSES)
    return QuotaUse(used=used.count(), quota=call.quota_per_cluster)


def quota_use_map(*, call: Call, cluster_ids: Iterable[int]) -> dict[int, QuotaUse]:
    """Quota use of many clusters in one query."""
    ids = list(cluster_ids)
    rows = (
        Application.objects.filter(
            cluster_id__in=ids,
            call__kind=call.kind,
            call__period=call.period,
            status__in=QUOTA_STATUSES,
        )
        .values("cluster_id")
        .annotate(n=Count("pk"))
    )
    counts = {row["cluster_id"]: row["n"] for row in rows}
    return {pk: QuotaUse(counts.get(pk, 0), call.quota_per_cluster) for pk in ids}


def clusters_for_applicant(*, user: Viewer) -> list[int]:
    """Clusters the user may apply for (manager or staff)."""
    return list(cluster_roles(user))
