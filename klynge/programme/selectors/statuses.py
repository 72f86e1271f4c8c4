"""Reads for levels, status history and labels: current values for one cluster or many at once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone

from ..models import CertificationLabel, ClusterStatus, Level
from ..models.labels import GRADE_RANK

WARNING_DAYS = (90, 30)


def level_list() -> QuerySet[Level]:
    return Level.objects.order_by("rank", "code")


def _on(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def status_active_q(on: datetime.date) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gt=on))


def status_history(*, cluster: Any) -> QuerySet[ClusterStatus]:
    return (
        ClusterStatus.objects.filter(cluster=cluster)
        .select_related("level", "assessment")
        .order_by("-starts_on")
    )


def status_map(
    cluster_ids: Iterable[int], *, on: datetime.date | None = None
) -> dict[int, ClusterStatus]:
    """cluster id -> the status in force on `on` (today), in one query."""
    ids = list(cluster_ids)
    if not ids:
        return {}
    rows = ClusterStatus.objects.filter(status_active_q(_on(on)), cluster_id__in=ids)
    found: dict[int, ClusterStatus] = {}
    for status in rows.select_related("level").order_by("cluster_id", "starts_on"):
        found[status.cluster_id] = status  # the latest start wins
    return found


def status_current(*, cluster: Any, on: datetime.date | None = None) -> ClusterStatus | None:
    return status_map([getattr(cluster, "pk", cluster)], on=on).get(getattr(cluster, "pk", cluster))


def level_current(*, cluster: Any, on: datetime.date | None = None) -> Level | None:
    status = status_current(cluster=cluster, on=on)
    return status.level if status else None


# --- labels --------------------------------------------------------------------------------------


def label_valid_q(on: datetime.date) -> Q:
    return Q(awarded_on__lte=on, valid_until__gte=on)


def label_ranked(*, on: datetime.date | None = None) -> QuerySet[CertificationLabel]:
    """Labels valid on `on`, each cluster's best first: the highest grade, then the latest expiry
    (then the latest award)."""
    rank = Case(*(When(grade=grade, then=Value(n)) for grade, n in GRADE_RANK.items()), default=0)
    valid = CertificationLabel.objects.filter(label_valid_q(_on(on))).alias(rank=rank)
    return valid.order_by("-rank", "-valid_until", "-awarded_on", "-pk")


def _rank(label: CertificationLabel) -> tuple[int, datetime.date, datetime.date, int]:
    return GRADE_RANK[label.grade], label.valid_until, label.awarded_on, label.pk


def _best(labels: Iterable[CertificationLabel]) -> CertificationLabel | None:
    """The best of labels already read, in the order of `label_ranked`."""
    return max(labels, key=_rank, default=None)


def label_map(
    cluster_ids: Iterable[int], *, on: datetime.date | None = None
) -> dict[int, CertificationLabel]:
    """cluster id -> the best label valid on `on` (`label_ranked`); one query."""
    ids = list(cluster_ids)
    if not ids:
        return {}
    found: dict[int, CertificationLabel] = {}
    for label in label_ranked(on=on).filter(cluster_id__in=ids):
        found.setdefault(label.cluster_id, label)
    return found


def label_current(*, cluster: Any, on: datetime.date | None = None) -> CertificationLabel | None:
    cluster_id = getattr(cluster, "pk", cluster)
    return label_map([cluster_id], on=on).get(cluster_id)


def label_valid(
    *, cluster: Any, grade: str = "", on: datetime.date | None = None
) -> CertificationLabel | None:
    """The valid label at `grade` or better on `on`; expired labels never count."""
    best = label_current(cluster=cluster, on=on)
    if best is None or (grade and GRADE_RANK[best.grade] < GRADE_RANK[grade]):
        return None
    return best


def label_history(*, cluster: Any) -> QuerySet[CertificationLabel]:
    return CertificationLabel.objects.filter(cluster=cluster).order_by("-awarded_on", "-pk")


def label_list(
    *, expiring_within: int | None = None, grade: str = "", on: datetime.date | None = None
) -> QuerySet[CertificationLabel]:
    """Labels, newest first; `expiring_within` days keeps valid labels that expire that soon."""
    labels = CertificationLabel.objects.select_related("cluster").order_by("valid_until", "pk")
    if grade:
        labels = labels.filter(grade=grade)
    if expiring_within is not None:
        today = _on(on)
        labels = labels.filter(
            valid_until__gte=today, valid_until__lte=today + datetime.timedelta(expiring_within)
        )
    return labels


def days_left(label: CertificationLabel, *, on: datetime.date | None = None) -> int:
    """Days until the label stops being valid (0 on its last valid day, negative after)."""
    return (label.valid_until - _on(on)).days


def is_superseded(label: CertificationLabel) -> bool:
    """A later label of the same cluster runs longer (a renewal), so no warning is needed."""
    return (
        CertificationLabel.objects.filter(
            cluster_id=label.cluster_id, valid_until__gt=label.valid_until
        )
        .exclude(pk=label.pk)
        .filter(grade__in=[g for g, r in GRADE_RANK.items() if r >= GRADE_RANK[label.grade]])
        .exists()
    )


@dataclass(frozen=True)
class Badge:
    """What a list or page shows about a cluster: its level now and its valid label."""

    level: Level | None
    label: CertificationLabel | None
    label_days_left: int | None
    since: datetime.date | None = None

    @property
    def label_expiring(self) -> bool:
        return self.label_days_left is not None and self.label_days_left <= WARNING_DAYS[0]


def _badge(
    status: ClusterStatus | None, label: CertificationLabel | None, on: datetime.date
) -> Badge:
    return Badge(
        level=status.level if status else None,
        label=label,
        label_days_left=days_left(label, on=on) if label else None,
        since=status.starts_on if status else None,
    )


def badge_map(cluster_ids: Iterable[int], *, on: datetime.date | None = None) -> dict[int, Badge]:
    """cluster id -> Badge, in two queries whatever the number of clusters."""
    ids = list(cluster_ids)
    today = _on(on)
    statuses, labels = status_map(ids, on=today), label_map(ids, on=today)
    return {
        cluster_id: _badge(statuses.get(cluster_id), labels.get(cluster_id), today)
        for cluster_id in ids
    }


def badge_from_history(
    statuses: Iterable[ClusterStatus],
    labels: Iterable[CertificationLabel],
    *,
    on: datetime.date | None = None,
) -> Badge:
    """One cluster's Badge from its whole status and label history, already read (no query): the
    status in force with the latest start, the best valid label, as `badge_map` picks them."""
    today = _on(on)
    in_force = [
        s for s in statuses if s.starts_on <= today and (s.ends_on is None or s.ends_on > today)
    ]
    status = max(in_force, key=lambda s: s.starts_on, default=None)
    label = _best(lb for lb in labels if lb.awarded_on <= today <= lb.valid_until)
    return _badge(status, label, today)
