"""For other modules: course participants (survey audiences) and completions (member activity)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from ..models import Enrolment


def participant_person_ids(*, course_ids: list[int]) -> set[int]:
    """People with a place on the courses (enrolled or completed)."""
    return set(
        Enrolment.objects.filter(
            course_id__in=course_ids,
            status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED],
        ).values_list("person_id", flat=True)
    )


def activity_counts(
    *, cluster_id: int, start: Any, end: Any, organisation_ids: Any = None
) -> list[tuple[str, int, Any, int]]:
    """("completion", organisation id, day, count) of course completions from `start` to `end`."""
    rows = Enrolment.objects.filter(
        course__cluster_id=cluster_id,
        status=Enrolment.Status.COMPLETED,
        organisation_id__isnull=False,
        completed_on__gte=start,
        completed_on__lte=end,
    )
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=organisation_ids)
    grouped = (
        rows.values("organisation_id", "completed_on")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "completed_on", "n")
    )
    return [("completion", *row) for row in grouped]


def activity_items(
    *, organisation_id: int, cluster_ids: Any, until: Any, limit: int = 100
) -> list[dict[str, Any]]:
    """The organisation's course completions up to `until` (a date), newest first."""
    rows = (
        Enrolment.objects.filter(
            organisation_id=organisation_id,
            course__cluster_id__in=cluster_ids,
            status=Enrolment.Status.COMPLETED,
            completed_on__lte=until,
        )
        .select_related("course", "person")
        .order_by("-completed_on", "-pk")[:limit]
    )
    return [
        {
            "kind": "completion",
            "on": e.completed_on,
            "title": e.course.title,
            "detail": e.person.full_name,
            "url": e.course.get_absolute_url(),
            "cluster_id": e.course.cluster_id,
        }
        for e in rows
    ]


def completion_rows(*, cluster_id: int, until: Any) -> list[tuple[int, int, int]]:
    """(course id, organisation id, year) of every organisation with a completion of the cluster's
    courses up to the date `until` (one query; the collaboration network reads it)."""
    rows = (
        Enrolment.objects.filter(
            course__cluster_id=cluster_id,
            status=Enrolment.Status.COMPLETED,
            organisation_id__isnull=False,
            completed_on__lte=until,
        )
        .values_list("course_id", "organisation_id", "completed_on")
        .distinct()
    )
    return [(course, org, completed.year) for course, org, completed in rows if completed]


SME_KINDS = ("sme", "startup")


def yearly_completions(
    *, cluster_id: int, first_year: int, last_year: int
) -> dict[int, tuple[int, int, int]]:
    """{year: (courses with a completion, completions, completions by SMEs)} (one query)."""
    rows = Enrolment.objects.filter(
        course__cluster_id=cluster_id,
        status=Enrolment.Status.COMPLETED,
        completed_on__year__gte=first_year,
        completed_on__year__lte=last_year,
    ).values_list("course_id", "completed_on", "organisation__kind")
    courses: dict[int, set[int]] = {}
    counts = {y: [0, 0] for y in range(first_year, last_year + 1)}
    for course, completed, kind in rows:
        if completed is None:
            continue
        courses.setdefault(completed.year, set()).add(course)
        counts[completed.year][0] += 1
        counts[completed.year][1] += 1 if kind in SME_KINDS else 0
    return {y: (len(courses.get(y, ())), n, sme) for y, (n, sme) in counts.items()}
