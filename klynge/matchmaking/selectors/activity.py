"""For other modules: B2B meetings held, per member organisation (read by insight's engagement).

A meeting is held when it is active, has a slot and its session's day has come; each meeting counts
once for the organisation of each of the two participants.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from ..models import Meeting


def _held(cluster_id: int, start: Any, end: Any) -> Any:
    return Meeting.objects.filter(
        session__event__cluster_id=cluster_id,
        status=Meeting.Status.ACTIVE,
        slot__isnull=False,
        session__day__gte=start,
        session__day__lte=end,
    )


def activity_counts(
    *, cluster_id: int, start: Any, end: Any, organisation_ids: Any = None
) -> list[tuple[str, int, Any, int]]:
    """("b2b", organisation id, day, count) of meetings held from `start` to `end`."""
    rows: list[tuple[str, int, Any, int]] = []
    for side in ("a", "b"):
        meetings = _held(cluster_id, start, end).filter(**{f"{side}__organisation__isnull": False})
        if organisation_ids is not None:
            meetings = meetings.filter(**{f"{side}__organisation_id__in": organisation_ids})
        grouped = (
            meetings.values(f"{side}__organisation_id", "session__day")
            .annotate(n=Count("pk"))
            .values_list(f"{side}__organisation_id", "session__day", "n")
        )
        rows += [("b2b", *row) for row in grouped]
    return rows


def activity_items(
    *, organisation_id: int, cluster_ids: Any, until: Any, limit: int = 100
) -> list[dict[str, Any]]:
    """The organisation's meetings held up to `until` (a date), newest first, for its timeline."""
    items = []
    for side, other in (("a", "b"), ("b", "a")):
        meetings = (
            Meeting.objects.filter(
                session__event__cluster_id__in=cluster_ids,
                status=Meeting.Status.ACTIVE,
                slot__isnull=False,
                session__day__lte=until,
                **{f"{side}__organisation_id": organisation_id},
            )
            .select_related("session__event", f"{other}__person", f"{other}__organisation")
            .order_by("-session__day", "-pk")[:limit]
        )
        for meeting in meetings:
            counterpart = getattr(meeting, other)
            items.append(
                {
                    "kind": "b2b",
                    "on": meeting.session.day,
                    "title": meeting.session.event.title,
                    "detail": str(counterpart.organisation or counterpart.person),
                    "url": meeting.session.event.get_absolute_url(),
                    "cluster_id": meeting.session.event.cluster_id,
                }
            )
    return items


def meeting_pairs(*, cluster_id: int, until: Any) -> list[tuple[int, int, int]]:
    """(organisation a, organisation b, year) of every B2B meeting held at the cluster's sessions
    up to the date `until` between two organisations (one query; the collaboration network)."""
    rows = Meeting.objects.filter(
        session__event__cluster_id=cluster_id,
        status=Meeting.Status.ACTIVE,
        slot__isnull=False,
        session__day__lte=until,
        a__organisation__isnull=False,
        b__organisation__isnull=False,
    ).values_list("a__organisation_id", "b__organisation_id", "session__day")
    return [(a, b, day.year) for a, b, day in rows]


def yearly_meetings(*, cluster_id: int, first_year: int, last_year: int) -> dict[int, int]:
    """{year: B2B meetings held} at the cluster's sessions (one query)."""
    from datetime import date

    rows = (
        _held(cluster_id, date(first_year, 1, 1), date(last_year, 12, 31))
        .values("session__day__year")
        .annotate(n=Count("pk"))
        .values_list("session__day__year", "n")
    )
    counts = dict.fromkeys(range(first_year, last_year + 1), 0)
    counts.update(dict(rows))
    return counts
