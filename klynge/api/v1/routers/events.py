"""Events API: CRUD, registrations (create/cancel), participants, check-in, feedback summary.

Same predicates as the pages (klynge.events.permissions); same services.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from klynge.clusters.models import Cluster, Topic
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.core.ratelimit import check_rate
from klynge.events import permissions as perms
from klynge.events import selectors
from klynge.events.models import Event, Registration
from klynge.events.services.attendance import registration_check_in
from klynge.events.services.events import event_cancel, event_create, event_delete, event_update
from klynge.events.services.registrations import registration_cancel, registration_create
from klynge.registrations.services import Guest
from klynge.registrations.views import place_taken_for

from ..auth import AUTH_OPTIONAL
from ..pagination import PageNumber
from ..patching import patch_changes
from ..schemas.events import (
    EventCapacityOut,
    EventCreateIn,
    EventOut,
    EventParticipantOut,
    EventPatchIn,
    FeedbackSummaryOut,
    RegistrationCreateIn,
    RegistrationOut,
)

router = Router(tags=["events"])


def _visible(request: HttpRequest, event_id: int) -> Event:
    event = (
        selectors.with_counts(
            Event.objects.select_related("cluster").prefetch_related(
                "topics", "co_hosts", "questions"
            )
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None or not perms.can_view_event(request.user, event):
        raise Http404
    return event


def _clusters(slugs: list[str], field: str) -> list[Cluster]:
    found = list(Cluster.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise DomainError("Unknown cluster.", field=field)
    return found


def _topics(slugs: list[str]) -> list[Topic]:
    found = list(Topic.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise DomainError("Unknown topic.", field="topics")
    return found


@router.get("/events", response=list[EventOut], auth=AUTH_OPTIONAL, summary="Events you may see")
@paginate(PageNumber)
def event_list(
    request: HttpRequest,
    period: str = "upcoming",
    kind: str = "",
    topic: str = "",
    status: str = "",
    cluster: str = "",
    search: str = "",
) -> Any:
    if period not in selectors.PERIODS:
        raise DomainError("period must be upcoming, past or all.", field="period")
    host = get_object_or_404(Cluster, slug=cluster) if cluster else None
    return selectors.event_list_visible(
        user=request.user,
        period=period,
        kind=kind,
        topic=topic,
        status=status,
        cluster=host,
        search=search,
    )


@router.post("/events", response={201: EventOut}, summary="Create an event")
def event_create_endpoint(request: HttpRequest, payload: EventCreateIn) -> Status:
    cluster = get_object_or_404(Cluster, slug=payload.cluster)
    require(perms.can_create_event, request.user, cluster)
    data = payload.model_dump()
    for name in ("cluster", "co_hosts", "topics", "questions", "capacity"):
        data.pop(name)
    event = event_create(
        actor=acting(request.user),
        cluster=cluster,
        capacity=payload.capacity,
        co_hosts=_clusters(payload.co_hosts, "co_hosts"),
        topics=_topics(payload.topics),
        questions=[q.model_dump() for q in payload.questions],
        **data,
    )
    return Status(201, _visible(request, event.pk))


@router.get("/events/{event_id}", response=EventOut, auth=AUTH_OPTIONAL, summary="One event")
def event_detail(request: HttpRequest, event_id: int) -> Event:
    return _visible(request, event_id)


# null removes these (no limit, no window, no topics or co-hosts); elsewhere null changes nothing
EVENT_CLEARABLE = {
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "topics",
    "co_hosts",
}


@router.patch(
    "/events/{event_id}", response=EventCapacityOut, summary="Edit an event (capacity included)"
)
def event_patch(request: HttpRequest, event_id: int, payload: EventPatchIn) -> dict[str, Any]:
    event = _visible(request, event_id)
    require(perms.can_manage_event, request.user, event)
    data = patch_changes(payload, clearable=EVENT_CLEARABLE)
    extra: dict[str, Any] = {}
    if "topics" in data:
        extra["topics"] = _topics(data.pop("topics") or [])
    if "co_hosts" in data:
        extra["co_hosts"] = _clusters(data.pop("co_hosts") or [], "co_hosts")
    if "capacity" in data:
        extra["capacity"] = data.pop("capacity")
    outcome = event_update(actor=acting(request.user), event=event, **extra, **data)
    return {
        "event": _visible(request, event.pk),
        "promoted": outcome.get("promoted", []),
        "over_by": outcome.get("over_by", selectors.event_counts(event=event)["over_by"]),
    }


@router.delete(
    "/events/{event_id}", response={204: None}, summary="Delete a draft nobody registered for"
)
def event_delete_endpoint(request: HttpRequest, event_id: int) -> Status:
    event = _visible(request, event_id)
    require(perms.can_manage_event, request.user, event)
    event_delete(actor=acting(request.user), event=event)
    return Status(204, None)


@router.post(
    "/events/{event_id}/cancel", response=EventOut, summary="Cancel an event (mails everyone)"
)
def event_cancel_endpoint(request: HttpRequest, event_id: int) -> Event:
    event = _visible(request, event_id)
    require(perms.can_cancel_event, request.user, event)
    event_cancel(actor=acting(request.user), event=event)
    return _visible(request, event_id)


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut},
    auth=AUTH_OPTIONAL,
    summary="Register yourself, a colleague, or (host team) anyone",
)
def registration_create_endpoint(
    request: HttpRequest, event_id: int, payload: RegistrationCreateIn
) -> Status:
    check_rate(request, "registration", address=payload.email)
    event = _visible(request, event_id)
    registration = place_taken_for(
        request.user,
        event,
        person_id=payload.person_id,
        guest=lambda: Guest(
            full_name=payload.full_name,
            email=payload.email,
            organisation_name=payload.organisation_name,
        ),
        source=perms.registration_source,
        take=partial(registration_create, event=event, answers=payload.answers),
    )
    return Status(201, registration)


def _registration(registration_id: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "person", "organisation"), pk=registration_id
    )


@router.post(
    "/registrations/{registration_id}/cancel",
    response=RegistrationOut,
    summary="Cancel a registration",
)
def registration_cancel_endpoint(request: HttpRequest, registration_id: int) -> Registration:
    registration = _registration(registration_id)
    require(perms.can_cancel_registration, request.user, registration)
    registration_cancel(actor=request.user, registration=registration)
    return _registration(registration_id)


@router.get(
    "/events/{event_id}/participants",
    response=list[EventParticipantOut],
    summary="Participants (host team, officers)",
)
@paginate(PageNumber)
def participant_list(
    request: HttpRequest, event_id: int, search: str = "", status: str = ""
) -> Any:
    event = _visible(request, event_id)
    require(perms.can_view_participants, request.user, event)
    return selectors.registration_list_for_event(event=event, search=search, status=status)


@router.post(
    "/registrations/{registration_id}/check-in",
    response=EventParticipantOut,
    summary="Check someone in",
)
def check_in_endpoint(request: HttpRequest, registration_id: int) -> Registration:
    registration = _registration(registration_id)
    require(perms.can_manage_event, request.user, registration.event)
    registration_check_in(actor=acting(request.user), registration=registration)
    return _registration(registration_id)


@router.get("/events/{event_id}/feedback", response=FeedbackSummaryOut, summary="Feedback summary")
def feedback_summary(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = _visible(request, event_id)
    require(perms.can_view_feedback_summary, request.user, event)
    return selectors.feedback_summary(event=event)
