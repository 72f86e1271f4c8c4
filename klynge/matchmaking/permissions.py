"""Who may do what in B2B matchmaking. Predicates take (user, obj); obj's type is in the name.

Roles: the organiser (cluster team of a host cluster of the event, and superusers); participants
(registered people of the event who opted in; their `Person` is linked to the user); programme
officers (read-only oversight); everybody else (public, other clusters' staff).
"""

from __future__ import annotations

from klynge.accounts.typing import Viewer
from klynge.core.permissions import is_programme_officer
from klynge.events.models import SEAT_STATUSES, Event, Registration
from klynge.events.permissions import can_manage_event, can_view_event

from .models import MatchmakingSession, Meeting, MeetingRequest, Participant

_CACHE = "_klynge_b2b_participants"


def participant_of(user: Viewer, session: MatchmakingSession) -> Participant | None:
    """The user's active participant row in the session (cached on the session object)."""
    if not user.is_authenticated:
        return None
    cache: dict[int, Participant | None] = session.__dict__.setdefault(_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = (
            Participant.objects.filter(session=session, person__user=user, is_active=True)
            .select_related("person", "organisation")
            .first()
        )
    return cache[user.pk]


def _is_user_of(user: Viewer, participant: Participant) -> bool:
    return (
        user.is_authenticated
        and participant.person.user_id is not None
        and participant.person.user_id == user.pk
    )


def is_registered_for(user: Viewer, session: MatchmakingSession) -> bool:
    """The user holds a seat (confirmed or attended) at the session's event."""
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(
        event_id=session.event_id, person__user=user, status__in=SEAT_STATUSES
    ).exists()


# --- organiser ----------------------------------------------------------------------------------


def can_act_as_participant(user: Viewer, session: MatchmakingSession) -> bool:
    """Your own profile, requests and agenda in a session: its participants."""
    return participant_of(user, session) is not None


def can_create_session(user: Viewer, event: Event) -> bool:
    """Obj is the Event."""
    return can_manage_event(user, event)


def can_manage_session(user: Viewer, session: MatchmakingSession) -> bool:
    """Settings, participants, meetings, precedences, the scheduler, publishing, reminders."""
    return can_manage_event(user, session.event)


def can_view_schedule(user: Viewer, session: MatchmakingSession) -> bool:
    """Organiser views (requests, grid, agendas, statistics, exports); officers read along."""
    return is_programme_officer(user) or can_manage_session(user, session)


# --- everybody ----------------------------------------------------------------------------------


def can_view_session(user: Viewer, session: MatchmakingSession) -> bool:
    if can_view_schedule(user, session):
        return True
    if session.status == MatchmakingSession.Status.DRAFT:
        return False
    return can_view_event(user, session.event)


def can_join_session(user: Viewer, session: MatchmakingSession) -> bool:
    """Registered participants opt in while the session is open."""
    if not can_view_session(user, session) or not session.accepts_requests:
        return False
    return participant_of(user, session) is None and is_registered_for(user, session)


# --- participants -------------------------------------------------------------------------------


def can_view_participants(user: Viewer, session: MatchmakingSession) -> bool:
    """The participant list with profiles and suggestions."""
    return can_view_schedule(user, session) or participant_of(user, session) is not None


def can_request_meeting(user: Viewer, session: MatchmakingSession) -> bool:
    return session.accepts_requests and participant_of(user, session) is not None


def can_edit_profile(user: Viewer, participant: Participant) -> bool:
    if can_manage_session(user, participant.session):
        return True
    return (
        participant.is_active
        and _is_user_of(user, participant)
        and not participant.session.deadline_passed
    )


def can_view_agenda(user: Viewer, participant: Participant) -> bool:
    return _is_user_of(user, participant) or can_view_schedule(user, participant.session)


def can_answer_request(user: Viewer, request: MeetingRequest) -> bool:
    """Accept or decline: the invited participant (before the deadline) or the organiser."""
    if can_manage_session(user, request.session):
        return True
    return request.session.accepts_requests and _is_user_of(user, request.invitee)


def can_withdraw_request(user: Viewer, request: MeetingRequest) -> bool:
    if can_manage_session(user, request.session):
        return True
    return not request.session.deadline_passed and _is_user_of(user, request.requester)


def can_book_meeting(user: Viewer, meeting: Meeting) -> bool:
    """Pick or change the slot of a meeting: its participants in self-booking mode, or the organiser."""
    session = meeting.session
    if can_manage_session(user, session):
        return True
    if session.booking_mode != MatchmakingSession.BookingMode.SELF or not session.accepts_requests:
        return False
    if meeting.fixed:
        return False
    return _is_user_of(user, meeting.a) or _is_user_of(user, meeting.b)


def can_cancel_meeting(user: Viewer, meeting: Meeting) -> bool:
    """The organiser, or one of its participants before the deadline (not a fixed meeting)."""
    if can_manage_session(user, meeting.session):
        return True
    if meeting.session.deadline_passed or meeting.fixed:
        return False
    return _is_user_of(user, meeting.a) or _is_user_of(user, meeting.b)
