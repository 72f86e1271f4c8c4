"""Competence KPIs of a cluster for a period, as frozen dataclasses other apps can reuse.

Participants: people with a place (enrolled or completed) on one of the cluster's courses that
started in the period (the first session; for a course without sessions, when the person got the
place). Drafts and cancelled courses do not count. Completions and credits count by the completion
date. SME means an organisation with fewer than 250 people, estimated from the headcount in the
register (micro, small, medium); shares are taken over those whose size is known. The programme's
annual report calls `competence_kpis(cluster=..., start=..., end=...)`. Twelve queries, whatever
the number of courses.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DateTimeField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from klynge.clusters.models import Topic
from klynge.members.classification import LARGE, NOT_APPLICABLE, SME_CLASSES
from klynge.members.models import Organisation

from ..models import PLACE_STATUSES, Course, CourseSession, Enrolment

NO_ORGANISATION = "none"
ZERO = Decimal("0")


@dataclass(frozen=True)
class Breakdown:
    """One row of a breakdown: people with a place, completions and credits earned."""

    key: str
    label: str
    participants: int
    completions: int
    credits: Decimal = ZERO


@dataclass(frozen=True)
class CompetenceKpis:
    cluster_id: int
    start: datetime.date
    end: datetime.date
    courses: int
    enrolments: int
    participants: int
    organisations: int
    completions: int
    people_completed: int
    credits: Decimal
    by_size: tuple[Breakdown, ...]
    by_topic: tuple[Breakdown, ...]
    by_kind: tuple[Breakdown, ...]
    by_year: tuple[Breakdown, ...]

    def _sum(self, keys: Iterable[str], attr: str) -> int:
        wanted = set(keys)
        return sum(getattr(row, attr) for row in self.by_size if row.key in wanted)

    @property
    def sme_participants(self) -> int:
        return self._sum(SME_CLASSES, "participants")

    @property
    def sme_completions(self) -> int:
        return self._sum(SME_CLASSES, "completions")

    @property
    def known_size_participants(self) -> int:
        return self._sum((*SME_CLASSES, LARGE, NOT_APPLICABLE), "participants")

    @property
    def known_size_completions(self) -> int:
        return self._sum((*SME_CLASSES, LARGE, NOT_APPLICABLE), "completions")

    @property
    def sme_share(self) -> float | None:
        """Share of participants from SMEs, of those whose organisation is known to be one or not."""
        known = self.known_size_participants
        return self.sme_participants / known if known else None

    @property
    def sme_completion_share(self) -> float | None:
        known = self.known_size_completions
        return self.sme_completions / known if known else None

    def as_dict(self) -> dict[str, Any]:
        """The fields and the derived counts and shares, for reports and the API."""
        derived = (
            "sme_participants",
            "known_size_participants",
            "sme_share",
            "sme_completions",
            "known_size_completions",
            "sme_completion_share",
        )
        return {
            **{name: getattr(self, name) for name in self.__dataclass_fields__},
            **{name: getattr(self, name) for name in derived},
        }


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    def midnight(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    return midnight(start), midnight(end + datetime.timedelta(days=1))


def _places(cluster_id: int, start: datetime.date, end: datetime.date) -> QuerySet[Enrolment]:
    first = CourseSession.objects.filter(course=OuterRef("course_id")).order_by("starts_at")
    low, high = _bounds(start, end)
    return (
        Enrolment.objects.filter(course__cluster_id=cluster_id, status__in=PLACE_STATUSES)
        .exclude(course__status__in=[Course.Status.DRAFT, Course.Status.CANCELLED])
        .annotate(
            took_part=Coalesce(
                Subquery(first.values("starts_at")[:1]),
                "enrolled_at",
                "created_at",
                output_field=DateTimeField(),
            )
        )
        .filter(took_part__gte=low, took_part__lt=high)
    )


def _completions(cluster_id: int, start: datetime.date, end: datetime.date) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        course__cluster_id=cluster_id,
        status=Enrolment.Status.COMPLETED,
        completed_on__gte=start,
        completed_on__lte=end,
    )


def _grouped(
    places: QuerySet[Enrolment], done: QuerySet[Enrolment], field: str
) -> dict[Any, list[Any]]:
    """{key: [participants, completions, credits]} for one grouping field."""
    rows: dict[Any, list[Any]] = {}
    for key, n in (
        places.values_list(field).annotate(n=Count("person", distinct=True)).values_list(field, "n")
    ):
        rows.setdefault(key, [0, 0, ZERO])[0] = n
    for key, n, credits in (
        done.values_list(field)
        .annotate(n=Count("pk"), c=Sum("credits_earned"))
        .values_list(field, "n", "c")
    ):
        row = rows.setdefault(key, [0, 0, ZERO])
        row[1], row[2] = n, credits or ZERO
    return rows


def _rows(
    grouped: dict[Any, list[Any]], keys: Iterable[tuple[Any, str | Promise]]
) -> tuple[Breakdown, ...]:
    return tuple(
        Breakdown(str(key), str(label), *grouped.get(key, [0, 0, ZERO])) for key, label in keys
    )


def competence_kpis(*, cluster: Any, start: datetime.date, end: datetime.date) -> CompetenceKpis:
    cluster_id = getattr(cluster, "pk", cluster)
    places, done = _places(cluster_id, start, end), _completions(cluster_id, start, end)
    totals = places.aggregate(
        enrolments=Count("pk"),
        participants=Count("person", distinct=True),
        organisations=Count("organisation", distinct=True),
        courses=Count("course", distinct=True),
    )
    finished = done.aggregate(
        completions=Count("pk"),
        people=Count("person", distinct=True),
        credits=Sum("credits_earned"),
    )
    sizes = _grouped(places, done, "organisation__size_class")
    sizes.setdefault(NO_ORGANISATION, [0, 0, ZERO])
    if None in sizes:
        sizes[NO_ORGANISATION] = sizes.pop(None)
    size_keys: list[tuple[str, str | Promise]] = [
        *Organisation.SizeClass.choices,
        (NO_ORGANISATION, _("No organisation")),
    ]
    topics = _grouped(places, done, "course__topics")
    topics.pop(None, None)
    topic_keys = [(t.pk, t.name) for t in Topic.objects.filter(pk__in=list(topics))]
    topic_keys.sort(key=lambda pair: (-topics[pair[0]][0], -topics[pair[0]][1], pair[1]))
    kinds = _grouped(places, done, "course__kind")
    years = _grouped(
        places.annotate(year=ExtractYear("took_part")),
        done.annotate(year=ExtractYear("completed_on")),
        "year",
    )
    return CompetenceKpis(
        cluster_id=cluster_id,
        start=start,
        end=end,
        courses=totals["courses"],
        enrolments=totals["enrolments"],
        participants=totals["participants"],
        organisations=totals["organisations"],
        completions=finished["completions"],
        people_completed=finished["people"],
        credits=finished["credits"] or ZERO,
        by_size=_rows(sizes, size_keys),
        by_topic=_rows(topics, topic_keys),
        by_kind=_rows(kinds, list(Course.Kind.choices)),
        by_year=_rows(years, [(y, str(y)) for y in range(start.year, end.year + 1)]),
    )


def competence_kpis_for_year(*, cluster: Any, year: int) -> CompetenceKpis:
    """The calendar year, as the programme's annual follow-up report needs it."""
    return competence_kpis(
        cluster=cluster, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)
    )
