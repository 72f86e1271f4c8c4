"""Mails to participants, sent after commit with ids (never model objects)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from klynge.events.links import absolute_url

from .models import MatchmakingSession, Meeting, MeetingRequest, Participant


def _send(
    participant: Participant, template: str, context: dict[str, Any], *, ics: bytes | None = None
) -> bool:
    person = participant.person
    if not person.email or person.anonymised_at:
        return False
    session = participant.session
    with (
        translation.override(person.language or settings.LANGUAGE_CODE),
        timezone.override("Europe/Oslo"),
    ):
        from .selectors.agendas import agenda_for

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
        if template in ("agenda", "changed"):
            full["agenda"] = agenda_for(participant, published=True)
        subject = render_to_string(f"matchmaking/email/{template}_subject.txt", full).strip()
        body = render_to_string(f"matchmaking/email/{template}.txt", full)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])
    if ics is not None:
        message.attach(f"b2b-agenda-{session.pk}.ics", ics, "text/calendar")
    message.send()
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
        _send(request.invitee, "request", {"request": request, "other": request.requester})


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
        _send(request.requester, "accepted", {"request": request, "other": request.invitee})


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
        if claimed and _send(participant, "agenda", {}, ics=agenda_ics(participant)):
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
        if _send(participant, "changed", {}, ics=agenda_ics(participant)):
            sent += 1
    return sent


def send_reminder_mails(session_id: int, participant_ids: Iterable[int]) -> int:
    sent = 0
    for participant in _participants(participant_ids):
        has_meeting = Meeting.objects.filter(
            Q(a=participant) | Q(b=participant), status=Meeting.Status.ACTIVE
        ).exists()
        if not has_meeting and _send(participant, "reminder", {}):
            sent += 1
    return sent
