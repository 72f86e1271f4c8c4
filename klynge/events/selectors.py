"""Reads for events: visible lists with counts, participants, organisation history, feedback."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles
from klynge.core.aggregates import count_of
from klynge.core.permissions import is_programme_officer, is_superuser
from klynge.core.unions import pk_in_any
from klynge.members.roles import contact_cluster_ids
from klynge.registrations import selectors as places

from .models import SEAT_STATUSES, Event, Feedback, Registration

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

PERIODS = ("upcoming", "past", "all")


class NewToday(TypedDict):
    """What `registration_counts_today` annotates on each event."""

    new_today: int


def _hosted_by(cluster_ids: set[int]) -> Q:
    """Hosted or co-hosted by one of the clusters (ids from both indexes)."""
    return pk_in_any(
        Event.objects.filter(cluster_id__in=cluster_ids).values("pk"),
        Event.co_hosts.through.objects.filter(cluster_id__in=cluster_ids).values("event_id"),
    )


def upcoming_q(now: Any) -> Q:
    """Not over at `now`, and (the same, said so that the start index can answer it) starting no
    earlier than the first start of the events not over. Without the second part the list in
    start order walks every past event in the start index before it finds one not over."""
    # Ordered by `start + 0 days`: the start index cannot answer it (walking every past event),
    # the (end, start) index gives the few events not over.
    shifted = F("starts_at") + Value(datetime.timedelta(0))
    first_start = Event.objects.filter(ends_at__gte=now).order_by(shifted).values("starts_at")[:1]
    return Q(ends_at__gte=now, starts_at__gte=Subquery(first_start))


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate confirmed (seat-holding), waiting and attended counts in the same query (counted
    per returned event on the (event, status) index, not grouped over every registration)."""
    registrations = Registration.objects.all()
    return events.annotate(
        seats_taken=count_of(registrations.filter(status__in=SEAT_STATUSES), "event"),
        waiting_count=count_of(registrations.filter(status="waitlisted"), "event"),
        attended_count=count_of(registrations.filter(status="attended"), "event"),
    )


def event_list_visible(
    *,
    user: Viewer,
    period: str = "upcoming",
    kind: str = "",
    topic: str = "",
    status: str = "",
    cluster: Any = None,
    search: str = "",
    start: Any = None,
    end: Any = None,
) -> QuerySet[Event]:
    """The events `user` may see (same rule as `can_view_event`), filtered, with counts."""
    events = Event.objects.select_related("cluster").prefetch_related("topics", "co_hosts")
    if not (is_superuser(user) or is_programme_officer(user)):
        shown = [Event.Status.PUBLISHED, Event.Status.CANCELLED]
        visible = Q(status__in=shown) & (
            Q(audience=Event.Audience.PUBLIC)
            | (Q(audience=Event.Audience.MEMBERS) & _hosted_by(contact_cluster_ids(user)))
        )
        if user.is_authenticated:
            mine = Registration.objects.filter(event=OuterRef("pk"), person__user=user)
            visible |= Q(status__in=shown) & Q(Exists(mine))  # Q(Exists(...)): stays a Q
        team = set(cluster_roles(user))
        if team:
            visible |= _hosted_by(team)
        events = events.filter(visible)
    now = timezone.now()
    if period == "upcoming":
        events = events.filter(upcoming_q(now)).order_by("starts_at", "pk")
    elif period == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    if kind:
        events = events.filter(kind=kind)
    if topic:
        events = events.filter(topics__slug=topic)
    if status:
        events = events.filter(status=status)
    if cluster is not None:
        events = events.filter(_hosted_by({getattr(cluster, "pk", cluster)}))
    if search:
        events = events.filter(
            Q(title__icontains=search)
            | Q(description__icontains=search)
            | Q(venue__icontains=search)
        )
    if start:
        events = events.filter(starts_at__gte=start)
    if end:
        events = events.filter(starts_at__lt=end)
    return with_counts(events)


def event_get_for_team(*, pk: int) -> Event:
    """An event with what the host team's pages and predicates need (no topics or questions)."""
    return Event.objects.select_related("cluster").prefetch_related("co_hosts").get(pk=pk)


def event_get(*, pk: int) -> Event:
    return (
        Event.objects.select_related("cluster")
        .prefetch_related("topics", "co_hosts", "questions")
        .get(pk=pk)
    )


def event_counts(*, event: Event) -> dict[str, int | None]:
    return places.place_counts(
        holders=Registration.objects.filter(event=event),
        held=SEAT_STATUSES,
        statuses=Registration.Status.values,
        capacity=event.capacity,
    )


def registration_list_for_event(
    *, event: Event, search: str = "", status: str = "", include_cancelled: bool = False
) -> QuerySet[Registration]:
    return places.holder_list(
        holders=Registration.objects.filter(event=event).select_related("feedback"),
        left_status=Registration.Status.CANCELLED,
        status=status,
        include_left=include_cancelled,
        search=search,
        also_search=("organisation_name",),  # a guest's organisation as typed
    )


def registration_list_for_organisation(
    *, event: Event, organisation_id: int
) -> QuerySet[Registration]:
    """Who of an organisation is coming (for its member contact)."""
    return places.places_of_organisation(
        holders=Registration.objects.filter(event=event),
        organisation_id=organisation_id,
        left_status=Registration.Status.CANCELLED,
    )


def registration_for_user(*, event: Event, user: Viewer) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, person__user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def registration_list_for_person(*, person: Any) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(person=person)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event", "event__cluster")
        .order_by("-event__starts_at")
    )


def events_attended_by_organisation(organisation: Any) -> QuerySet[Event]:
    """Events people of the organisation attended, newest first, with `attendees` from it."""
    org_id = getattr(organisation, "pk", organisation)
    return (
        Event.objects.filter(
            registrations__organisation_id=org_id,
            registrations__status=Registration.Status.ATTENDED,
        )
        .select_related("cluster")
        .annotate(attendees=Count("registrations", distinct=True))
        .order_by("-starts_at", "-pk")
    )


def event_list_upcoming_for_cluster(*, cluster: Any, user: Viewer, limit: int = 5) -> list[Event]:
    """The next events a visitor of the cluster page may see (title, start and seats: no topics
    or co-hosts are read)."""
    return list(
        event_list_visible(user=user, period="upcoming", cluster=cluster)
        .filter(status=Event.Status.PUBLISHED)
        .prefetch_related(None)[:limit]
    )


def feedback_summary(*, event: Event, attended: int | None = None) -> dict[str, Any]:
    """Responses, average, Net Promoter Score (promoters 9-10 minus detractors 0-6, in %).

    One query (the count per score), plus one for `attended` unless the caller knows it."""
    answers = Feedback.objects.filter(registration__event=event)
    distribution = dict(
        answers.values_list("score").annotate(n=Count("pk")).values_list("score", "n")
    )
    responses = sum(distribution.values())
    if attended is None:
        attended = Registration.objects.filter(
            event=event, status=Registration.Status.ATTENDED
        ).count()
    promoters = sum(n for score, n in distribution.items() if score >= 9)
    detractors = sum(n for score, n in distribution.items() if score <= 6)
    total = sum(score * n for score, n in distribution.items())
    return {
        "responses": responses,
        "attended": attended,
        "average": round(total / responses, 1) if responses else None,
        "nps": round(100 * (promoters - detractors) / responses) if responses else None,
        "distribution": [distribution.get(score, 0) for score in range(11)],
    }


def feedback_comments(*, event: Event) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(registration__event=event)
        .exclude(comment="")
        .select_related("registration__person")
        .order_by("-created_at")
    )


def registration_counts_today(
    *, cluster: Any, limit: int = 5
) -> list[WithAnnotations[Event, NewToday]]:
    """The cluster's coming events (as host or co-host) with registrations today (`new_today`)."""
    now = timezone.localtime()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    today = Registration.objects.filter(created_at__gte=start).exclude(
        status=Registration.Status.CANCELLED
    )
    # Counted per coming event of the cluster (a correlated count), where a join of the
    # co-hosts with every registration was grouped and made distinct over all of them.
    return list(
        Event.objects.filter(_hosted_by({getattr(cluster, "pk", cluster)}), ends_at__gte=now)
        .annotate(new_today=count_of(today, "event"))
        .filter(new_today__gt=0)
        .order_by("-new_today", "starts_at", "pk")[:limit]
    )


def registration_list_upcoming_for_user(*, user: Viewer, limit: int = 5) -> list[Registration]:
    """The user's own coming events (as a person in the register), soonest first."""
    if not user.is_authenticated:
        return []
    return list(
        Registration.objects.filter(person__user=user, event__ends_at__gte=timezone.now())
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")[:limit]
    )


# --- for other modules: survey audiences and member activity (read by insight) ------------------


def participant_person_ids(*, event_ids: list[int]) -> set[int]:
    """People with a place at the events (confirmed or attended)."""
    return set(
        Registration.objects.filter(
            event_id__in=event_ids,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED],
        ).values_list("person_id", flat=True)
    )


def _day_bounds(start: Any, end: Any) -> tuple[Any, Any]:
    """Aware datetimes from the start of `start` to the end of `end` (local days)."""
    from datetime import datetime, time, timedelta

    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return first, after


def activity_counts(
    *, cluster_id: int, start: Any, end: Any, organisation_ids: Any = None
) -> list[tuple[str, int, Any, int]]:
    """(kind, organisation id, day, count) for the cluster's events held from `start` to `end`
    (dates): "registration" for each registration not cancelled, "checkin" for each attendance,
    both on the day of the event (a registration for a later event counts once it takes place).

    One query, grouped by organisation and event; times become local days in Python (cheaper
    than a date cast per row in SQLite).
    """
    first, after = _day_bounds(start, end)
    rows = Registration.objects.filter(
        event__cluster_id=cluster_id,
        organisation_id__isnull=False,
        event__starts_at__gte=first,
        event__starts_at__lt=after,
    ).exclude(status=Registration.Status.CANCELLED)
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=organisation_ids)
    grouped = (
        rows.values("organisation_id", "event_id", "event__starts_at")
        .annotate(
            n=Count("pk"), attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED))
        )
        .values_list("organisation_id", "event__starts_at", "n", "attended")
    )
    zone = timezone.get_current_timezone()
    found: list[tuple[str, int, Any, int]] = []
    for org, starts, registered, attended in grouped:
        day = starts.astimezone(zone).date()
        found.append(("registration", org, day, registered))
        if attended:
            found.append(("checkin", org, day, attended))
    return found


def activity_items(
    *, organisation_id: int, cluster_ids: Any, until: Any, limit: int = 100
) -> list[dict[str, Any]]:
    """An organisation's registrations at the clusters' events held up to `until` (a date),
    newest first, for its timeline (on the event's day, as engagement counts them)."""
    _first, after = _day_bounds(until, until)
    rows = (
        Registration.objects.filter(
            organisation_id=organisation_id,
            event__cluster_id__in=cluster_ids,
            event__starts_at__lt=after,
        )
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event", "person")
        .order_by("-event__starts_at", "-pk")[:limit]
    )
    return [
        {
            "kind": "checkin" if r.status == Registration.Status.ATTENDED else "registration",
            "on": timezone.localdate(r.event.starts_at),
            "title": r.event.title,
            "detail": r.person.full_name,
            "url": r.event.get_absolute_url(),
            "cluster_id": r.event.cluster_id,
        }
        for r in rows
    ]


def cluster_ids_registered_by(person_id: int) -> QuerySet[Any]:
    """The clusters whose events the person registered for (a source of
    `klynge.members.guests`: a guest belongs to these clusters)."""
    return Registration.objects.filter(person_id=person_id).values_list(
        "event__cluster_id", flat=True
    )


def attendance_rows(*, cluster_id: int, until: Any) -> list[tuple[int, int, int]]:
    """(event id, organisation id, year) of every organisation checked in at the cluster's events
    held up to the date `until` (one query; the collaboration network reads it)."""
    _first, after = _day_bounds(until, until)
    rows = (
        Registration.objects.filter(
            event__cluster_id=cluster_id,
            organisation_id__isnull=False,
            status=Registration.Status.ATTENDED,
            event__starts_at__lt=after,
        )
        .values_list("event_id", "organisation_id", "event__starts_at")
        .distinct()
    )
    zone = timezone.get_current_timezone()
    return [(event, org, starts.astimezone(zone).year) for event, org, starts in rows]


def yearly_event_counts(
    *, cluster_id: int, first_year: int, last_year: int
) -> dict[int, tuple[int, int]]:
    """{year: (events held, check-ins)} of the cluster's events not cancelled (one query)."""
    from datetime import date

    first, after = _day_bounds(date(first_year, 1, 1), date(last_year, 12, 31))
    rows = (
        Event.objects.filter(cluster_id=cluster_id, starts_at__gte=first, starts_at__lt=after)
        .exclude(status=Event.Status.CANCELLED)
        .annotate(
            attended=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.ATTENDED)
            )
        )
        .values_list("starts_at", "attended")
    )
    zone = timezone.get_current_timezone()
    counts: dict[int, tuple[int, int]] = {y: (0, 0) for y in range(first_year, last_year + 1)}
    for starts, attended in rows:
        year = starts.astimezone(zone).year
        if year in counts:
            events, people = counts[year]
            counts[year] = (events + 1, people + attended)
    return counts
