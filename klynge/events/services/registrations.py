"""Registrations: sign up (self, guest, colleagues, staff), cancel, promote from the waiting list.

Every seat decision goes through `klynge.core.capacity` under the event's row lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core import capacity
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.members.models import Organisation, Person
from klynge.members.roles import active_membership_q

from .. import notices
from ..models import SEAT_STATUSES, Event, Registration
from ..permissions import host_ids


def seat_pool(event: Event) -> capacity.Pool:
    return capacity.Pool(
        holders=Registration.objects.filter(event_id=event.pk),
        held_statuses=SEAT_STATUSES,
        waiting_status=Registration.Status.WAITLISTED,
        position_field="waitlist_position",
    )


@dataclass
class Guest:
    """Someone without a Person row yet, from the public registration form."""

    full_name: str
    email: str
    organisation_name: str = ""
    phone: str = ""
    language: str = ""  # the language they registered in; their mails follow it
    extra: dict[str, Any] = field(default_factory=dict)


def guest_person(guest: Guest) -> Person:
    """The Person for a guest: reuse one with the same email and no login, or create one."""
    email = guest.email.strip().lower()
    person = (
        Person.objects.filter(email__iexact=email, user__isnull=True, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if person is None:
        extra = {"language": guest.language} if guest.language in dict(settings.LANGUAGES) else {}
        person = Person.objects.create(
            full_name=guest.full_name.strip(), email=email, phone=guest.phone, **extra
        )
    return person


def _check_open(event: Event, source: str) -> None:
    state = event.registration_state()
    if state == "open":
        return
    staff_may = source in (Registration.Source.STAFF, Registration.Source.IMPORT)
    if staff_may and state in ("not_yet", "closed", "past", "draft"):
        return
    messages = {
        "cancelled": _("The event has been cancelled."),
        "draft": _("The event is not published yet."),
        "past": _("The event is over."),
        "not_yet": _("Registration has not opened yet."),
        "closed": _("Registration has closed."),
    }
    raise DomainError(messages[state], code=f"registration_{state}")


def _check_audience(event: Event, organisation: Organisation | None, source: str) -> None:
    if source in (Registration.Source.STAFF, Registration.Source.IMPORT):
        return
    if event.audience == Event.Audience.INVITED:
        raise DomainError(_("This event is by invitation only."), code="invitation_only")
    if event.audience == Event.Audience.MEMBERS:
        is_member = (
            organisation is not None
            and organisation.memberships.filter(
                active_membership_q(), cluster_id__in=host_ids(event)
            ).exists()
        )
        if not is_member:
            raise DomainError(
                _("This event is for members of the cluster only."), code="members_only"
            )


def _clean_answers(event: Event, answers: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for question in event.questions.all():
        value = answers.get(question.key)
        if question.kind == question.Kind.CHECKBOX:
            value = bool(value)
        elif value in (None, ""):
            if question.required:
                raise DomainError(_("This question needs an answer."), field=question.key)
            continue
        elif question.kind == question.Kind.CHOICE and value not in question.choices:
            raise DomainError(_("Choose one of the options."), field=question.key)
        cleaned[question.key] = str(value)[:500] if isinstance(value, str) else value
    return cleaned


def registration_create(
    *,
    actor: Any,
    event: Event,
    person: Person,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    answers: dict[str, Any] | None = None,
    source: str = Registration.Source.SELF,
) -> Registration:
    """Register `person`: a seat if one is free and nobody waits, else the next waiting position."""
    organisation = organisation or (person.organisation if person.organisation_id else None)
    _check_open(event, source)
    _check_audience(event, organisation, source)
    cleaned = _clean_answers(event, answers or {})
    if (
        Registration.objects.filter(event=event, person=person)
        .exclude(status=Registration.Status.CANCELLED)
        .exists()
    ):
        raise ConflictError(
            _("%(name)s is already registered for this event.") % {"name": person.full_name},
            code="already_registered",
            field="email",
        )
    try:
        with transaction.atomic():
            locked = capacity.lock(event)
            decision = capacity.claim(seat_pool(locked), capacity=locked.capacity)
            registration = Registration.objects.create(
                event=locked,
                person=person,
                organisation=organisation,
                organisation_name=organisation_name or (organisation.name if organisation else ""),
                status=decision.status,
                waitlist_position=decision.position,
                answers=cleaned,
                source=source,
                registered_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            log_action(
                actor=actor,
                action="klynge.events.registration.created",
                target=registration,
                data={"status": decision.status, "position": decision.position, "source": source},
                cluster=locked.cluster_id,
            )
            notices.send_registration_mail(registration.pk)
    except IntegrityError as exc:
        raise ConflictError(
            _("%(name)s is already registered for this event.") % {"name": person.full_name},
            code="already_registered",
            field="email",
        ) from exc
    return registration


def registration_create_guest(
    *, actor: Any, event: Event, guest: Guest, answers: dict[str, Any] | None = None
) -> Registration:
    person = guest_person(guest)
    return registration_create(
        actor=actor,
        event=event,
        person=person,
        organisation_name=guest.organisation_name.strip(),
        answers=answers,
        source=Registration.Source.SELF,
    )


def registration_create_colleagues(
    *, actor: Any, event: Event, organisation: Organisation, people: list[Person]
) -> list[Registration]:
    """A member contact registers colleagues (a company registration); all or nothing."""
    for person in people:
        if person.organisation_id != organisation.pk:
            raise DomainError(
                _("Only people of your organisation can be registered."), field="people"
            )
    if not people:
        raise DomainError(_("Choose at least one colleague."), field="people")
    with transaction.atomic():
        return [
            registration_create(
                actor=actor,
                event=event,
                person=person,
                organisation=organisation,
                source=Registration.Source.COLLEAGUE,
            )
            for person in people
        ]


def registration_cancel(*, actor: Any, registration: Registration) -> list[int]:
    """Cancel; a freed seat goes to the first waiting person (mailed). Returns the promoted ids."""
    with transaction.atomic():
        event = capacity.lock(registration.event)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            raise ConflictError(
                _("This registration is already cancelled."), code="already_cancelled"
            )
        if current.status in (Registration.Status.ATTENDED, Registration.Status.NO_SHOW):
            raise DomainError(_("Attendance has been recorded; it cannot be cancelled."))
        old_status, old_position = current.status, current.waitlist_position
        now = timezone.now()
        Registration.objects.filter(pk=current.pk).update(
            status=Registration.Status.CANCELLED, waitlist_position=None, cancelled_at=now
        )
        pool = seat_pool(event)
        promoted: list[int] = []
        if old_status == Registration.Status.WAITLISTED and old_position:
            capacity.leave_queue(pool, position=old_position)
        elif not event.is_past and event.status == Event.Status.PUBLISHED:
            promoted = capacity.promote(pool, capacity=event.capacity, promoted_at=now)
        log_action(
            actor=actor,
            action="klynge.events.registration.cancelled",
            target=current,
            data={"was": old_status, "promoted": promoted},
            cluster=event.cluster_id,
        )
        _after_promotion(actor, event, promoted)
        notices.send_cancellation_mail(current.pk)
    registration.refresh_from_db()
    return promoted


def _after_promotion(actor: Any, event: Event, promoted: list[int]) -> None:
    for pk in promoted:
        log_action(
            actor=actor,
            action="klynge.events.registration.promoted",
            target=Registration.objects.select_related("event").get(pk=pk),
            cluster=event.cluster_id,
        )
    if promoted:
        notices.send_promotion_mails(promoted)


def event_set_capacity(*, actor: Any, event: Event, capacity_value: int | None) -> dict[str, Any]:
    """Change the capacity: raising promotes waiting people; lowering never cancels anyone.

    Returns {"promoted": [ids], "over_by": k} where k > 0 says how many confirmed people are
    above the new capacity.
    """
    if capacity_value is not None and capacity_value < 1:
        raise DomainError(
            _("Capacity must be at least 1, or empty for no limit."), field="capacity"
        )
    with transaction.atomic():
        locked = capacity.lock(event)
        old = locked.capacity
        Event.objects.filter(pk=locked.pk).update(capacity=capacity_value)
        locked.capacity = capacity_value
        pool = seat_pool(locked)
        promoted: list[int] = []
        if locked.status == Event.Status.PUBLISHED and not locked.is_past:
            promoted = capacity.promote(pool, capacity=capacity_value, promoted_at=timezone.now())
        over_by = capacity.overflow(pool, capacity=capacity_value)
        log_action(
            actor=actor,
            action="klynge.events.event.capacity_changed",
            target=locked,
            data={"from": old, "to": capacity_value, "promoted": promoted, "over_by": over_by},
        )
        _after_promotion(actor, locked, promoted)
    event.capacity = capacity_value
    return {"promoted": promoted, "over_by": over_by}
