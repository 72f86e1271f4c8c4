"""What a B2B session tells its participants. The hub (`klynge.notifications`) renders and sends.

The services call these after commit with ids; each reads the state as it is and hands one mail per
participant to the hub. Kinds are declared in `KINDS` (registered by `apps.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.core.links import absolute_url
from klynge.notifications.kinds import Kind
from klynge.notifications.services import Attachment, Recipient, notify

from .models import MatchmakingSession, Meeting, MeetingRequest, Participant

KINDS = (
    Kind("matchmaking.request", _("B2B meeting requests to you")),
    Kind("matchmaking.accepted", _("B2B meeting request accepted")),
    Kind("matchmaking.agenda", _("Your B2B agenda")),
    Kind("matchmaking.changed", _("Changes to your B2B agenda")),
    Kind(
        "matchmaking.reminder",
        _("B2B booking reminders"),
        transactional=False,
        help_text=_("When you have no B2B meetings yet in a session you joined."),
    ),
)


def _notify(
    participant: Participant,
    name: str,
    context: dict[str, Any],
    *,
    ics: bytes | None = None,
    key: str = "",
) -> bool:
    from .selectors.agendas import agenda_for

    person = participant.person
    if not person.email or person.anonymised_at:
        return False
    session = participant.session
    full = {
        "person": person,
        "participant": participant,
        "session": session,
        "event": session.event,
        "session_url": absolute_url(session.get_absolute_url()),
        "agenda_url": absolute_url(participant.get_absolute_url()),
        "ics_url": absolute_url(participant.get_ics_url()),
        "requests_url": absolute_url(reverse("matchmaking:requests_mine", args=[session.pk])),
        **context,
    }
    if name in ("agenda", "changed"):
        full["agenda"] = agenda_for(participant, published=True)
    attachments = []
    if ics is not None:
        attachments.append(Attachment(f"b2b-agenda-{session.pk}.ics", ics, "text/calendar"))
    notify(
        kind=f"matchmaking.{name}",
        to=Recipient.of(person),
        template=f"matchmaking/email/{name}",
        context=full,
        cluster=session.event.cluster_id,
        attachments=attachments,
        key=key,
    )
    return True


def _participants(ids: Iterable[int]) -> list[Participant]:
    return list(
        Participant.objects.filter(pk__in=list(ids), is_active=True)
        .select_related("person", "organisation", "session__event")
        .order_by("pk")
    )


def send_request_mail(request_id: int) -> None:
    request = (
        MeetingRequest.objects.select_related(
            "requester__person",
            "requester__organisation",
            "invitee__person",
            "invitee__session__event",
        )
        .filter(pk=request_id, status=MeetingRequest.Status.PENDING)
        .first()
    )
    if request is not None:
        _notify(
            request.invitee,
            "request",
            {"request": request, "other": request.requester},
            key=f"matchmaking.request:{request.pk}",
        )


def send_accepted_mail(request_id: int) -> None:
    request = (
        MeetingRequest.objects.select_related(
            "requester__person",
            "requester__session__event",
            "invitee__person",
            "invitee__organisation",
        )
        .filter(pk=request_id, status=MeetingRequest.Status.ACCEPTED)
        .first()
    )
    if request is not None:
        _notify(
            request.requester,
            "accepted",
            {"request": request, "other": request.invitee},
            key=f"matchmaking.accepted:{request.pk}",
        )


def _with_published(session_id: int) -> list[int]:
    ids: set[int] = set()
    for a, b in Meeting.objects.filter(
        session_id=session_id, status=Meeting.Status.ACTIVE, published_slot__isnull=False
    ).values_list("a_id", "b_id"):
        ids |= {a, b}
    return sorted(ids)


def send_agenda_mails(session_id: int, version: int) -> int:
    """Everyone with a published meeting who has not had this version yet. Returns how many."""
    from .calendars import agenda_ics

    sent = 0
    for participant in _participants(_with_published(session_id)):
        claimed = Participant.objects.filter(
            pk=participant.pk, notified_version__lt=version
        ).update(notified_version=version)
        if claimed and _notify(
            participant,
            "agenda",
            {},
            ics=agenda_ics(participant),
            key=f"matchmaking.agenda:{session_id}:{version}:{participant.pk}",
        ):
            sent += 1
    return sent


def send_changed_mails(session_id: int, participant_ids: Iterable[int]) -> int:
    from .calendars import agenda_ics

    session = MatchmakingSession.objects.filter(pk=session_id).first()
    if session is None:
        return 0
    sent = 0
    for participant in _participants(participant_ids):
        Participant.objects.filter(pk=participant.pk).update(
            notified_version=session.published_version
        )
        if _notify(participant, "changed", {}, ics=agenda_ics(participant)):
            sent += 1
    return sent


def send_reminder_mails(session_id: int, participant_ids: Iterable[int]) -> int:
    sent = 0
    for participant in _participants(participant_ids):
        has_meeting = Meeting.objects.filter(
            Q(a=participant) | Q(b=participant), status=Meeting.Status.ACTIVE
        ).exists()
        if not has_meeting and _notify(participant, "reminder", {}):
            sent += 1
    return sent
