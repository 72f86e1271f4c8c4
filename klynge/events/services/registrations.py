"""Registrations: sign up (self, guest, colleagues, staff), cancel, promote from the waiting list.

The shared rules (checks, guests, the seat or the waiting list, promotion, audit, mails) live in
`klynge.registrations`; this module says what is particular to events: when registration is
open, who the audience is, the registration questions.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.accounts.typing import Actor, Viewer
from klynge.core.errors import DomainError
from klynge.members.models import Organisation, Person
from klynge.members.roles import active_membership_q
from klynge.registrations import services as places
from klynge.registrations.services import Guest

from .. import notices
from ..models import SEAT_STATUSES, Event, Registration
from ..permissions import host_ids

STAFF_SOURCES = places.TEAM_SOURCES


def _may_cancel(registration: Registration) -> None:
    if registration.status in (Registration.Status.ATTENDED, Registration.Status.NO_SHOW):
        raise DomainError(_("Attendance has been recorded; it cannot be cancelled."))


def _fills_seats(event: Event) -> bool:
    return not event.is_past and event.status == Event.Status.PUBLISHED


REGISTRATIONS = places.Kind(
    model=Registration,
    resource="event",
    held_statuses=SEAT_STATUSES,
    placed_status=Registration.Status.CONFIRMED,
    left_status=Registration.Status.CANCELLED,
    by_field="registered_by",
    promoted_at="promoted_at",
    placed_at=None,
    notices=notices.PLACE_MAILS,
    texts=places.Texts(
        already=gettext_lazy("%(name)s is already registered for this event."),
        already_left=gettext_lazy("This registration is already cancelled."),
        not_of_organisation=gettext_lazy("Only people of your organisation can be registered."),
        capacity_too_low=gettext_lazy("Capacity must be at least 1, or empty for no limit."),
    ),
    already_code="already_registered",
    already_field="email",
    fills_places=_fills_seats,
    may_leave=_may_cancel,
    state=Event.registration_state,
    refusals={
        "cancelled": gettext_lazy("The event has been cancelled."),
        "draft": gettext_lazy("The event is not published yet."),
        "past": gettext_lazy("The event is over."),
        "not_yet": gettext_lazy("Registration has not opened yet."),
        "closed": gettext_lazy("Registration has closed."),
    },
    refusal_code="registration",
    team_states=("not_yet", "closed", "past", "draft"),
)


def seat_pool(event: Event) -> Any:
    return REGISTRATIONS.pool(event)


def _check_audience(event: Event, organisation: Organisation | None, source: str) -> None:
    if source in STAFF_SOURCES:
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
    actor: Viewer | None,
    event: Event,
    person: Person | None = None,
    guest: Guest | None = None,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    answers: dict[str, Any] | None = None,
    source: str = Registration.Source.SELF,
) -> Registration:
    """Register `person`, or a `guest` by name and email (found or created only once every check
    has passed): a seat if one is free and nobody waits, else the next waiting position.

    `actor` may be an anonymous visitor (the public guest form) or None (no one in particular)."""
    if guest is not None:
        organisation_name = organisation_name or guest.organisation_name

    def check(locked: Event, organisation: Organisation | None) -> dict[str, Any]:
        _check_audience(locked, organisation, source)
        return {
            "answers": _clean_answers(locked, answers or {}),
            "organisation_name": organisation_name.strip()
            or (organisation.name if organisation else ""),
        }

    registration: Registration = places.place_take(
        kind=REGISTRATIONS,
        actor=actor,
        resource=event,
        source=source,
        person=person,
        guest=guest,
        organisation=organisation,
        check=check,
    )
    return registration


def registration_create_colleagues(
    *, actor: Actor, event: Event, organisation: Organisation, people: list[Person]
) -> list[Registration]:
    """A member contact registers colleagues (a company registration); all or nothing."""
    take = partial(registration_create, actor=actor, event=event)
    return places.places_take_colleagues(
        kind=REGISTRATIONS, organisation=organisation, people=people, take=take
    )


def registration_cancel(*, actor: Viewer | None, registration: Registration) -> list[int]:
    """Cancel; a freed seat goes to the first waiting person (mailed). Returns the promoted ids.

    `actor` may be an anonymous visitor (the personal link in the mails needs no login)."""
    return places.place_leave(kind=REGISTRATIONS, actor=actor, holder=registration)


def event_set_capacity(*, actor: Actor, event: Event, capacity_value: int | None) -> dict[str, Any]:
    """Change the capacity: raising promotes waiting people; lowering never cancels anyone.

    Returns {"promoted": [ids], "over_by": k} where k > 0 says how many confirmed people are
    above the new capacity.
    """
    return places.places_set_capacity(
        kind=REGISTRATIONS, actor=actor, resource=event, capacity_value=capacity_value
    )
