"""Meeting requests: send (with a message), accept, decline, withdraw.

Accepting creates the meeting. In self-booking sessions the meeting is booked at once into the
proposed (or chosen) slot, under the session lock, so parallel accepts never double-book.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from .. import notices
from ..models import MatchmakingSession, Meeting, MeetingRequest, Participant
from .booking import lock_session, place


def meeting_cap(participant: Participant) -> int:
    """Most meetings the participant can have: their own limit, the session's, the slots."""
    session = participant.session
    caps = [session.slot_count]
    caps += [c for c in (session.max_meetings, participant.max_meetings) if c is not None]
    return min(caps)


def active_meeting_count(participant: Participant) -> int:
    return Meeting.objects.filter(
        Q(a=participant) | Q(b=participant), status=Meeting.Status.ACTIVE
    ).count()


def check_cap(participant: Participant, *, you: bool) -> None:
    cap = meeting_cap(participant)
    if active_meeting_count(participant) >= cap:
        message = (
            _("You have reached your limit of %(n)s meetings.")
            if you
            else _("%(name)s has no room for more meetings (limit %(n)s).")
        )
        raise ConflictError(message % {"n": cap, "name": participant}, code="meeting_limit")


def ordered(p: Participant, q: Participant) -> tuple[Participant, Participant]:
    return (p, q) if p.pk < q.pk else (q, p)


def pair_has_meeting(p: Participant, q: Participant) -> bool:
    a, b = ordered(p, q)
    return Meeting.objects.filter(a=a, b=b, status=Meeting.Status.ACTIVE).exists()


def request_create(
    *,
    actor: Actor,
    requester: Participant,
    invitee: Participant,
    message: str = "",
    proposed_slot: int | None = None,
) -> MeetingRequest:
    session = requester.session
    if invitee.session_id != session.pk:
        raise DomainError(_("That person does not take part in this session."), field="invitee")
    if not session.accepts_requests:
        raise DomainError(_("The session does not take requests now."), code="closed")
    if requester.pk == invitee.pk:
        raise DomainError(_("You cannot ask yourself for a meeting."), field="invitee")
    if not (requester.is_active and invitee.is_active):
        raise DomainError(_("That person no longer takes part."), field="invitee")
    if proposed_slot is not None and session.slot(proposed_slot) is None:
        raise DomainError(_("There is no such slot."), field="proposed_slot")
    if len(message) > 1000:
        raise DomainError(_("Keep the message under 1,000 characters."), field="message")
    if pair_has_meeting(requester, invitee):
        raise ConflictError(_("You already have a meeting with %(name)s.") % {"name": invitee})
    reverse = MeetingRequest.objects.filter(
        requester=invitee, invitee=requester, status=MeetingRequest.Status.PENDING
    ).exists()
    if reverse:
        raise ConflictError(
            _("%(name)s has already asked you: accept their request instead.") % {"name": invitee},
            code="reverse_pending",
        )
    check_cap(requester, you=True)
    with transaction.atomic():
        try:
            with transaction.atomic():
                request = MeetingRequest.objects.create(
                    session=session,
                    requester=requester,
                    invitee=invitee,
                    message=message.strip(),
                    proposed_slot=proposed_slot,
                )
        except IntegrityError as error:
            raise ConflictError(
                _("You have already asked %(name)s.") % {"name": invitee}
            ) from error
        log_action(
            actor=actor,
            action="klynge.matchmaking.meeting_request.sent",
            target=request,
            data={"invitee": invitee.pk, "proposed_slot": proposed_slot},
            cluster=session.event.cluster_id,
        )
        if session.request_mode == MatchmakingSession.RequestMode.AUTO:
            request_accept(actor=actor, request=request, slot=proposed_slot)
        else:
            transaction.on_commit(lambda: notices.send_request_mail(request.pk))
    request.refresh_from_db()
    return request


def request_accept(*, actor: Actor, request: MeetingRequest, slot: int | None = None) -> Meeting:
    """Create the meeting; in self-booking sessions book `slot` (or the proposed one) too."""
    with transaction.atomic():
        session = lock_session(request.session)
        fresh = MeetingRequest.objects.select_related("requester__person", "invitee__person").get(
            pk=request.pk
        )
        if fresh.status != MeetingRequest.Status.PENDING:
            raise ConflictError(_("This request has already been answered."), code="answered")
        requester, invitee = fresh.requester, fresh.invitee
        if not (requester.is_active and invitee.is_active):
            raise ConflictError(_("That person no longer takes part."))
        if pair_has_meeting(requester, invitee):
            raise ConflictError(
                _("You already have a meeting with %(name)s.") % {"name": requester}
            )
        check_cap(invitee, you=True)
        check_cap(requester, you=False)
        a, b = ordered(requester, invitee)
        meeting = Meeting.objects.create(
            session=session,
            a=a,
            b=b,
            request=fresh,
            source=Meeting.Source.REQUEST,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        wanted = slot or fresh.proposed_slot
        if wanted and session.booking_mode == MatchmakingSession.BookingMode.SELF:
            place(session, meeting, wanted, publish=True)
        fresh.status = MeetingRequest.Status.ACCEPTED
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "responded_at", "updated_at"])
        log_action(
            actor=actor,
            action="klynge.matchmaking.meeting_request.accepted",
            target=fresh,
            data={"meeting": meeting.pk, "slot": meeting.slot, "table": meeting.table},
            cluster=session.event.cluster_id,
        )
        transaction.on_commit(lambda: notices.send_accepted_mail(fresh.pk))
    request.status = fresh.status
    return meeting


def _close(actor: Actor, request: MeetingRequest, status: str, verb: str) -> MeetingRequest:
    with transaction.atomic():
        session = lock_session(request.session)
        fresh = MeetingRequest.objects.get(pk=request.pk)
        if fresh.status != MeetingRequest.Status.PENDING:
            raise ConflictError(_("This request has already been answered."), code="answered")
        fresh.status = status
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "responded_at", "updated_at"])
        log_action(
            actor=actor,
            action=f"klynge.matchmaking.meeting_request.{verb}",
            target=fresh,
            cluster=session.event.cluster_id,
        )
    request.status = fresh.status
    return fresh


def request_decline(*, actor: Actor, request: MeetingRequest) -> MeetingRequest:
    return _close(actor, request, MeetingRequest.Status.DECLINED, "declined")


def request_withdraw(*, actor: Actor, request: MeetingRequest) -> MeetingRequest:
    return _close(actor, request, MeetingRequest.Status.WITHDRAWN, "withdrawn")
