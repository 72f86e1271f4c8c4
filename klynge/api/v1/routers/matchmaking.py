"""B2B matchmaking API: sessions, profiles, suggestions, requests, meetings, the scheduler,
agendas and statistics. Same predicates (klynge.matchmaking.permissions) and services as the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from klynge.clusters.models import Topic
from klynge.core.errors import DomainError, requested
from klynge.core.permissions import acting, require
from klynge.events.models import Event
from klynge.matchmaking import permissions as perms
from klynge.matchmaking.models import MatchmakingSession, Meeting, MeetingRequest, Participant
from klynge.matchmaking.selectors.agendas import agenda_for
from klynge.matchmaking.selectors.sessions import (
    meeting_list,
    participant_list,
    registration_for_user,
    request_list,
    session_get,
    session_list_for_event,
)
from klynge.matchmaking.selectors.stats import schedule_statistics
from klynge.matchmaking.selectors.suggestions import suggestion_list
from klynge.matchmaking.services import meetings as meeting_services
from klynge.matchmaking.services import requests as request_services
from klynge.matchmaking.services.participants import participant_join, participant_update
from klynge.matchmaking.services.scheduling import schedule_publish, schedule_start
from klynge.matchmaking.services.sessions import (
    session_create,
    session_set_status,
    session_update,
)

from ..auth import AUTH_OPTIONAL
from ..pagination import PageNumber
from ..patching import patch_changes
from ..schemas.matchmaking import (
    AcceptIn,
    AgendaOut,
    B2BParticipantOut,
    B2BSessionOut,
    B2BSessionPatchIn,
    B2BStatusIn,
    BookIn,
    MeetingAddIn,
    MeetingOut,
    ProfileIn,
    ProfileOut,
    PublishOut,
    RequestIn,
    RequestOut,
    RunIn,
    RunOut,
    SessionCreateIn,
    StatisticsOut,
    SuggestionOut,
    agenda_payload,
    run_payload,
    statistics_payload,
    suggestion_payload,
)

router = Router(tags=["matchmaking"])
MEETING_RELATED = ("a__person", "a__organisation", "b__person", "b__organisation", "session")


def _session(request: HttpRequest, session_id: int) -> MatchmakingSession:
    with requested(MatchmakingSession):
        session = session_get(pk=session_id)
    if not perms.can_view_session(request.user, session):
        raise Http404
    return session


def _me(request: HttpRequest, session: MatchmakingSession) -> Participant:
    require(perms.can_act_as_participant, request.user, session)
    participant = perms.participant_of(request.user, session)
    assert participant is not None  # can_act_as_participant says there is one
    return participant


def _participant(session: MatchmakingSession, participant_id: int, field: str) -> Participant:
    found = Participant.objects.filter(session=session, pk=participant_id).first()
    if found is None:
        raise DomainError("No such participant in this session.", field=field)
    return found


@router.get("/events/{event_id}/b2b-sessions", response=list[B2BSessionOut], auth=AUTH_OPTIONAL)
def session_list(request: HttpRequest, event_id: int) -> list[MatchmakingSession]:
    event = get_object_or_404(Event, pk=event_id)
    return session_list_for_event(event=event, user=request.user)


@router.post("/events/{event_id}/b2b-sessions", response={201: B2BSessionOut})
def session_create_endpoint(
    request: HttpRequest, event_id: int, payload: SessionCreateIn
) -> Status:
    event = get_object_or_404(Event, pk=event_id)
    require(perms.can_create_session, request.user, event)
    return Status(
        201, session_create(actor=acting(request.user), event=event, **payload.model_dump())
    )


@router.get("/b2b-sessions/{session_id}", response=B2BSessionOut, auth=AUTH_OPTIONAL)
def session_detail(request: HttpRequest, session_id: int) -> MatchmakingSession:
    return _session(request, session_id)


@router.patch("/b2b-sessions/{session_id}", response=B2BSessionOut)
def session_patch(
    request: HttpRequest, session_id: int, payload: B2BSessionPatchIn
) -> MatchmakingSession:
    session = _session(request, session_id)
    require(perms.can_manage_session, request.user, session)
    data = patch_changes(
        payload, clearable={"afternoon_start", "booking_deadline", "max_meetings", "fairness"}
    )
    return session_update(actor=acting(request.user), session=session, **data)


@router.post("/b2b-sessions/{session_id}/status", response=B2BSessionOut)
def session_status(
    request: HttpRequest, session_id: int, payload: B2BStatusIn
) -> MatchmakingSession:
    session = _session(request, session_id)
    require(perms.can_manage_session, request.user, session)
    session_set_status(actor=acting(request.user), session=session, status=payload.status)
    return session


@router.post("/b2b-sessions/{session_id}/join", response={201: ProfileOut})
def join(request: HttpRequest, session_id: int) -> Status:
    session = _session(request, session_id)
    require(perms.can_join_session, request.user, session)
    registration = registration_for_user(user=request.user, session=session)
    if registration is None:
        raise DomainError("Register for the event first.", code="not_registered")
    return Status(
        201,
        participant_join(actor=acting(request.user), session=session, registration=registration),
    )


@router.get("/b2b-sessions/{session_id}/participants", response=list[B2BParticipantOut])
@paginate(PageNumber)
def participants(request: HttpRequest, session_id: int, search: str = "", topic: str = "") -> Any:
    session = _session(request, session_id)
    require(perms.can_view_participants, request.user, session)
    return participant_list(session=session, search=search, topic=topic)


@router.get("/b2b-sessions/{session_id}/me", response=ProfileOut)
def my_profile(request: HttpRequest, session_id: int) -> Participant:
    return _me(request, _session(request, session_id))


@router.patch("/b2b-sessions/{session_id}/me", response=ProfileOut)
def my_profile_patch(request: HttpRequest, session_id: int, payload: ProfileIn) -> Participant:
    me = _me(request, _session(request, session_id))
    require(perms.can_edit_profile, request.user, me)
    data = patch_changes(payload, clearable={"topics", "arrives_at", "leaves_at", "max_meetings"})
    if "topics" in data:
        slugs = data.pop("topics") or []
        found = list(Topic.objects.filter(slug__in=slugs))
        if len(found) != len(set(slugs)):
            raise DomainError("Unknown topic.", field="topics")
        data["topics"] = found
    return participant_update(actor=acting(request.user), participant=me, **data)


@router.get("/b2b-sessions/{session_id}/suggestions", response=list[SuggestionOut])
def suggestions(request: HttpRequest, session_id: int) -> list[dict[str, Any]]:
    me = _me(request, _session(request, session_id))
    return [suggestion_payload(s) for s in suggestion_list(participant=me)]


@router.get("/b2b-sessions/{session_id}/requests", response=list[RequestOut])
@paginate(PageNumber)
def requests(request: HttpRequest, session_id: int, status: str = "") -> Any:
    """The organiser sees every request; a participant sees those they sent or received."""
    session = _session(request, session_id)
    if status and status not in MeetingRequest.Status.values:
        raise DomainError("Unknown status.", field="status")
    if perms.can_view_schedule(request.user, session):
        return request_list(session=session, status=status)
    return request_list(session=session, status=status, participant=_me(request, session))


@router.post("/b2b-sessions/{session_id}/requests", response={201: RequestOut})
def request_send(request: HttpRequest, session_id: int, payload: RequestIn) -> Status:
    session = _session(request, session_id)
    require(perms.can_request_meeting, request.user, session)
    sent = request_services.request_create(
        actor=acting(request.user),
        requester=_me(request, session),
        invitee=_participant(session, payload.invitee, "invitee"),
        message=payload.message,
        proposed_slot=payload.proposed_slot,
    )
    return Status(201, sent)


def _request(request_id: int) -> MeetingRequest:
    return get_object_or_404(
        MeetingRequest.objects.select_related(
            "session__event", "requester__person", "invitee__person"
        ),
        pk=request_id,
    )


@router.post("/b2b-requests/{request_id}/accept", response=MeetingOut)
def request_accept(request: HttpRequest, request_id: int, payload: AcceptIn) -> Meeting:
    found = _request(request_id)
    require(perms.can_answer_request, request.user, found)
    return request_services.request_accept(
        actor=acting(request.user), request=found, slot=payload.slot
    )


@router.post("/b2b-requests/{request_id}/decline", response=RequestOut)
def request_decline(request: HttpRequest, request_id: int) -> MeetingRequest:
    found = _request(request_id)
    require(perms.can_answer_request, request.user, found)
    return request_services.request_decline(actor=acting(request.user), request=found)


@router.post("/b2b-requests/{request_id}/withdraw", response=RequestOut)
def request_withdraw(request: HttpRequest, request_id: int) -> MeetingRequest:
    found = _request(request_id)
    require(perms.can_withdraw_request, request.user, found)
    return request_services.request_withdraw(actor=acting(request.user), request=found)


@router.get("/b2b-sessions/{session_id}/meetings", response=list[MeetingOut])
@paginate(PageNumber)
def meetings(request: HttpRequest, session_id: int, state: str = "") -> Any:
    session = _session(request, session_id)
    require(perms.can_view_schedule, request.user, session)
    return meeting_list(session=session, state=state).prefetch_related("a__topics", "b__topics")


@router.post("/b2b-sessions/{session_id}/meetings", response={201: MeetingOut})
def meeting_add(request: HttpRequest, session_id: int, payload: MeetingAddIn) -> Status:
    session = _session(request, session_id)
    require(perms.can_manage_session, request.user, session)
    meeting = meeting_services.meeting_add(
        actor=acting(request.user),
        session=session,
        first=_participant(session, payload.first, "first"),
        second=_participant(session, payload.second, "second"),
        restriction=payload.restriction,
        priority=payload.priority,
        slot=payload.slot,
    )
    return Status(201, meeting)


def _meeting(meeting_id: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related(*MEETING_RELATED), pk=meeting_id)


@router.post("/b2b-meetings/{meeting_id}/book", response=MeetingOut)
def meeting_book(request: HttpRequest, meeting_id: int, payload: BookIn) -> Meeting:
    meeting = _meeting(meeting_id)
    require(perms.can_book_meeting, request.user, meeting)
    organiser = perms.can_manage_session(request.user, meeting.session)
    return meeting_services.meeting_book(
        actor=acting(request.user),
        meeting=meeting,
        slot=payload.slot,
        table=payload.table if organiser else None,
        by_organiser=organiser,
    )


@router.delete("/b2b-meetings/{meeting_id}", response={204: None})
def meeting_cancel(request: HttpRequest, meeting_id: int) -> Status:
    meeting = _meeting(meeting_id)
    require(perms.can_cancel_meeting, request.user, meeting)
    meeting_services.meeting_cancel(actor=acting(request.user), meeting=meeting)
    return Status(204, None)


def _run(session: MatchmakingSession) -> dict[str, Any]:
    session.refresh_from_db()
    return run_payload(session)


@router.get("/b2b-sessions/{session_id}/schedule", response=RunOut)
def schedule_state(request: HttpRequest, session_id: int) -> dict[str, Any]:
    session = _session(request, session_id)
    require(perms.can_view_schedule, request.user, session)
    return _run(session)


@router.post("/b2b-sessions/{session_id}/schedule", response={202: RunOut})
def schedule_run(request: HttpRequest, session_id: int, payload: RunIn) -> Status:
    session = _session(request, session_id)
    require(perms.can_manage_session, request.user, session)
    schedule_start(
        actor=acting(request.user),
        session=session,
        allow_moving=payload.allow_moving,
        time_limit=payload.time_limit,
    )
    return Status(202, _run(session))


@router.post("/b2b-sessions/{session_id}/publish", response=PublishOut)
def publish(request: HttpRequest, session_id: int) -> dict[str, int]:
    session = _session(request, session_id)
    require(perms.can_manage_session, request.user, session)
    return schedule_publish(actor=acting(request.user), session=session)


@router.get("/b2b-sessions/{session_id}/agenda/{participant_id}", response=AgendaOut)
def agenda(
    request: HttpRequest, session_id: int, participant_id: int, view: str = "published"
) -> dict[str, Any]:
    session = _session(request, session_id)
    participant = get_object_or_404(Participant, session=session, pk=participant_id)
    require(perms.can_view_agenda, request.user, participant)
    published = not (view == "plan" and perms.can_view_schedule(request.user, session))
    return agenda_payload(agenda_for(participant, published=published), published=published)


@router.get("/b2b-sessions/{session_id}/statistics", response=StatisticsOut)
def statistics(request: HttpRequest, session_id: int) -> dict[str, Any]:
    session = _session(request, session_id)
    require(perms.can_view_schedule, request.user, session)
    return statistics_payload(schedule_statistics(session=session))
