"""Sessions, participants and requests as the pages and the API list them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from klynge.accounts.typing import Viewer
from klynge.events.models import SEAT_STATUSES, Event, Registration

from ..models import MatchmakingSession, Meeting, MeetingRequest, Participant
from ..permissions import can_view_session
from .agendas import MEETING_PARTIES

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class MeetingCount(TypedDict):
    meeting_count: int


def registration_for_user(*, user: Viewer, session: MatchmakingSession) -> Registration | None:
    """The user's seat (confirmed or attended registration) at the session's event, if any."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(
            event_id=session.event_id, person__user=user, status__in=SEAT_STATUSES
        )
        .select_related("person")
        .first()
    )


def session_get(*, pk: int) -> MatchmakingSession:
    return MatchmakingSession.objects.select_related("event", "event__cluster").get(pk=pk)


def session_list_for_event(*, event: Event, user: Viewer) -> list[MatchmakingSession]:
    sessions = MatchmakingSession.objects.filter(event=event).select_related(
        "event", "event__cluster"
    )
    return [s for s in sessions if can_view_session(user, s)]


def _changed() -> Q:
    """Active meetings whose plan differs from what participants were told."""
    return (
        Q(slot__isnull=True, published_slot__isnull=False)
        | Q(slot__isnull=False, published_slot__isnull=True)
        | (Q(slot__isnull=False) & (~Q(slot=F("published_slot")) | ~Q(table=F("published_table"))))
    )


def session_counts(*, session: MatchmakingSession) -> dict[str, int]:
    participants = Participant.objects.filter(session=session, is_active=True).count()
    requests = MeetingRequest.objects.filter(session=session).aggregate(
        pending=Count("pk", filter=Q(status="pending")),
        accepted=Count("pk", filter=Q(status="accepted")),
        declined=Count("pk", filter=Q(status="declined")),
        withdrawn=Count("pk", filter=Q(status="withdrawn")),
    )
    meetings = Meeting.objects.filter(session=session, status="active").aggregate(
        total=Count("pk"),
        placed=Count("pk", filter=Q(slot__isnull=False)),
        published=Count("pk", filter=Q(published_slot__isnull=False)),
        changed=Count("pk", filter=_changed()),
    )
    cancelled_published = Meeting.objects.filter(
        session=session, status="cancelled", published_slot__isnull=False
    ).count()
    counts = {"participants": participants, **requests}
    counts.update({f"meetings_{k}": v for k, v in meetings.items()})
    counts["meetings_changed"] += cancelled_published
    return counts


def meeting_count_subquery(side: str) -> Any:
    return Coalesce(
        Subquery(
            Meeting.objects.filter(**{side: OuterRef("pk")}, status=Meeting.Status.ACTIVE)
            .values(side)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def participant_list(
    *, session: MatchmakingSession, search: str = "", topic: str = "", active_only: bool = True
) -> QuerySet[WithAnnotations[Participant, MeetingCount]]:
    """Participants with organisation, topics and meeting counts, for directories and exports."""
    rows = Participant.objects.filter(session=session)
    if active_only:
        rows = rows.filter(is_active=True)
    if search:
        rows = rows.filter(
            Q(person__full_name__icontains=search)
            | Q(organisation__name__icontains=search)
            | Q(offers__icontains=search)
            | Q(needs__icontains=search)
        )
    if topic:
        rows = rows.filter(pk__in=Participant.objects.filter(session=session, topics__slug=topic))
    return (
        rows.select_related("person", "organisation", "registration")
        .prefetch_related("topics")
        .annotate(meeting_count=meeting_count_subquery("a") + meeting_count_subquery("b"))
        .order_by("person__full_name", "pk")
    )


def request_list(
    *,
    session: MatchmakingSession,
    status: str = "",
    participant: Participant | None = None,
    search: str = "",
) -> QuerySet[MeetingRequest]:
    rows = MeetingRequest.objects.filter(session=session)
    if status:
        rows = rows.filter(status=status)
    if participant is not None:
        rows = rows.filter(Q(requester=participant) | Q(invitee=participant))
    if search:
        rows = rows.filter(
            Q(requester__person__full_name__icontains=search)
            | Q(invitee__person__full_name__icontains=search)
            | Q(requester__organisation__name__icontains=search)
            | Q(invitee__organisation__name__icontains=search)
        )
    return rows.select_related(  # registrations: `organisation_label` without one per row
        "requester__person",
        "requester__organisation",
        "requester__registration",
        "invitee__person",
        "invitee__organisation",
        "invitee__registration",
        "meeting",
    ).order_by("-created_at", "-pk")


def meeting_list(
    *, session: MatchmakingSession, state: str = "", search: str = ""
) -> QuerySet[Meeting]:
    rows = Meeting.objects.filter(session=session, status=Meeting.Status.ACTIVE)
    if state == "placed":
        rows = rows.filter(slot__isnull=False)
    elif state == "unplaced":
        rows = rows.filter(slot__isnull=True)
    elif state == "fixed":
        rows = rows.filter(fixed=True)
    if search:
        rows = rows.filter(
            Q(a__person__full_name__icontains=search) | Q(b__person__full_name__icontains=search)
        )
    return rows.select_related(*MEETING_PARTIES).order_by("slot", "table", "pk")


def cluster_ids_with_b2b_profile(person_id: int) -> QuerySet[Any]:
    """The clusters whose B2B sessions the person took part in (a source of
    `klynge.members.guests`)."""
    return Participant.objects.filter(person_id=person_id).values_list(
        "session__event__cluster_id", flat=True
    )
