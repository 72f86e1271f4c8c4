"""Taking part: opting in (self or by the organiser), the profile, withdrawing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Topic
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.events.models import SEAT_STATUSES, Question, Registration

from ..models import MatchmakingSession, Meeting, MeetingRequest, Participant
from ..slots import unavailable_slots
from .booking import lock_session, unplace

OPT_IN_WORDS = ("b2b", "matchmaking", "one-to-one")
PROFILE_FIELDS = (
    "offers",
    "needs",
    "topics",
    "arrives_at",
    "leaves_at",
    "unavailable_slots",
    "max_meetings",
)


def opt_in_questions(session: MatchmakingSession) -> list[Question]:
    """Checkbox questions of the event that ask about B2B meetings."""
    return [
        q
        for q in session.event.questions.all()
        if q.kind == Question.Kind.CHECKBOX
        and any(word in q.label.lower() for word in OPT_IN_WORDS)
    ]


def participant_join(
    *,
    actor: Actor,
    session: MatchmakingSession,
    registration: Registration,
    by_organiser: bool = False,
) -> Participant:
    """Make a registered person a participant (again, if they had withdrawn)."""
    if registration.event_id != session.event_id:
        raise DomainError(_("The registration is for another event."))
    if registration.status not in SEAT_STATUSES:
        raise DomainError(_("Only people with a confirmed place at the event can take part."))
    if not by_organiser and not session.accepts_requests:
        raise DomainError(_("The B2B session is not open for sign-up."))
    with transaction.atomic():
        existing = Participant.objects.filter(session=session, person_id=registration.person_id)
        participant = existing.first()
        if participant is not None and participant.is_active:
            raise ConflictError(_("%(name)s already takes part.") % {"name": participant})
        if participant is None:
            try:
                with transaction.atomic():
                    participant = Participant.objects.create(
                        session=session,
                        person_id=registration.person_id,
                        registration=registration,
                        organisation_id=registration.organisation_id,
                    )
            except IntegrityError as error:
                raise ConflictError(_("This person already takes part.")) from error
        else:
            participant.is_active = True
            participant.registration = registration
            participant.save(update_fields=["is_active", "registration", "updated_at"])
        log_action(
            actor=actor,
            action="klynge.matchmaking.participant.joined",
            target=participant,
            data={"session": session.pk, "by_organiser": by_organiser},
            cluster=session.event.cluster_id,
        )
    return participant


def participants_add_opted_in(*, actor: Actor, session: MatchmakingSession) -> int:
    """Add every seat holder who ticked the event's B2B question. Returns how many were added."""
    keys = [q.key for q in opt_in_questions(session)]
    if not keys:
        return 0
    taken = set(Participant.objects.filter(session=session).values_list("person_id", flat=True))
    added = 0
    registrations = Registration.objects.filter(
        event_id=session.event_id, status__in=SEAT_STATUSES
    ).exclude(person_id__in=taken)
    for registration in registrations:
        if any(registration.answers.get(key) is True for key in keys):
            participant_join(
                actor=actor, session=session, registration=registration, by_organiser=True
            )
            added += 1
    return added


def _clean_profile(
    participant: Participant, fields: dict[str, Any], *, by_organiser: bool
) -> dict[str, Any]:
    session = participant.session
    arrives: time | None = fields.get("arrives_at", participant.arrives_at)
    leaves: time | None = fields.get("leaves_at", participant.leaves_at)
    if arrives and leaves and leaves <= arrives:
        raise DomainError(_("You cannot leave before you arrive."), field="leaves_at")
    numbers = [int(n) for n in fields.get("unavailable_slots", participant.unavailable_slots) or []]
    if any(not 1 <= n <= session.slot_count for n in numbers):
        raise DomainError(_("Choose slots of this session."), field="unavailable_slots")
    fields["unavailable_slots"] = sorted(set(numbers))
    cap = fields.get("max_meetings", participant.max_meetings)
    if cap is not None and session.max_meetings is not None and cap > session.max_meetings:
        raise DomainError(
            _("The organiser allows at most %(n)s meetings per participant.")
            % {"n": session.max_meetings},
            field="max_meetings",
        )
    blocked = unavailable_slots(
        session.slots, arrives_at=arrives, leaves_at=leaves, unavailable=fields["unavailable_slots"]
    )
    clash = Meeting.objects.filter(
        Q(a=participant) | Q(b=participant),
        status=Meeting.Status.ACTIVE,
        slot__in=blocked,
    )
    if blocked and not by_organiser and clash.exists():
        raise DomainError(
            _(
                "You have a booked meeting in a slot you now mark as unavailable. Ask the organiser to move it first."
            ),
            field="unavailable_slots",
        )
    return fields


def participant_update(
    *, actor: Actor, participant: Participant, by_organiser: bool = False, **fields: Any
) -> Participant:
    """Change the profile. A participant cannot block a slot they have a booked meeting in; the
    organiser can (a late change), and the next scheduler run moves or reports that meeting."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    topics: Iterable[Topic] | None = fields.pop("topics", None)
    with transaction.atomic():
        lock_session(participant.session)
        fields = _clean_profile(participant, fields, by_organiser=by_organiser)
        for name, value in fields.items():
            setattr(participant, name, value)
        participant.save()
        if topics is not None:
            participant.topics.set(list(topics))
        log_action(
            actor=actor,
            action="klynge.matchmaking.participant.updated",
            target=participant,
            data={"changed": sorted([*fields, *(["topics"] if topics is not None else [])])},
            cluster=participant.session.event.cluster_id,
        )
    return participant


def participant_withdraw(*, actor: Actor, participant: Participant) -> list[int]:
    """Leave the session: pending requests end, meetings are cancelled. Returns cancelled ids."""
    from .meetings import notify_changed

    with transaction.atomic():
        session = lock_session(participant.session)
        participant.refresh_from_db()
        if not participant.is_active:
            return []
        now = timezone.now()
        MeetingRequest.objects.filter(requester=participant, status="pending").update(
            status=MeetingRequest.Status.WITHDRAWN, responded_at=now
        )
        MeetingRequest.objects.filter(invitee=participant, status="pending").update(
            status=MeetingRequest.Status.DECLINED, responded_at=now
        )
        meetings = list(
            Meeting.objects.filter(session=session, status=Meeting.Status.ACTIVE)
            .filter(Q(a=participant) | Q(b=participant))
            .select_related("a", "b")
        )
        for meeting in meetings:
            unplace(meeting)
            meeting.status = Meeting.Status.CANCELLED
            meeting.cancelled_at = now
            meeting.save(update_fields=["status", "cancelled_at", "updated_at"])
        participant.is_active = False
        participant.save(update_fields=["is_active", "updated_at"])
        log_action(
            actor=actor,
            action="klynge.matchmaking.participant.withdrew",
            target=participant,
            data={"cancelled_meetings": [m.pk for m in meetings]},
            cluster=session.event.cluster_id,
        )
        notify_changed(session, [m.other(participant).pk for m in meetings if m.published_slot])
    return [m.pk for m in meetings]
