"""Enrolments: enrol (self, colleagues, staff), apply and admit, drop, promote from the waiting list.

The shared rules (checks, guests, the place or the waiting list, promotion, audit, mails) live in
`klynge.registrations`, the same core as event registrations; this module says what is particular
to courses: when enrolment is open, who it is open to, prices, and admission by application.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.accounts.typing import Actor, Viewer
from klynge.core import capacity
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.members.models import Organisation, Person
from klynge.registrations import services as places
from klynge.registrations.services import Guest

from .. import notices
from ..models import PLACE_STATUSES, Course, Enrolment
from ..selectors.courses import is_member_of_cluster, price_for

STAFF_SOURCES = places.TEAM_SOURCES


def _may_drop(enrolment: Enrolment) -> None:
    if enrolment.status == Enrolment.Status.COMPLETED:
        raise DomainError(_("The course is completed; the enrolment cannot be dropped."))


def _fills_places(course: Course) -> bool:
    return course.status == Course.Status.PUBLISHED and course.enrolment_state() != "past"


ENROLMENTS = places.Kind(
    model=Enrolment,
    resource="course",
    held_statuses=PLACE_STATUSES,
    placed_status=Enrolment.Status.ENROLLED,
    left_status=Enrolment.Status.DROPPED,
    by_field="enrolled_by",
    promoted_at="enrolled_at",
    placed_at="enrolled_at",
    notices=notices.PLACE_MAILS,
    texts=places.Texts(
        already=gettext_lazy("%(name)s is already enrolled on this course."),
        already_left=gettext_lazy("This enrolment is already dropped."),
        not_of_organisation=gettext_lazy("Only people of your organisation can be enrolled."),
        capacity_too_low=gettext_lazy("Places must be at least 1, or empty for no limit."),
    ),
    already_code="already_enrolled",
    already_field="person",
    fills_places=_fills_places,
    may_leave=_may_drop,
    state=Course.enrolment_state,
    refusals={
        "cancelled": gettext_lazy("The course has been cancelled."),
        "draft": gettext_lazy("The course is not published yet."),
        "past": gettext_lazy("The course is over."),
        "closed": gettext_lazy("The enrolment deadline has passed."),
    },
    refusal_code="enrolment",
    team_states=("closed", "past"),
    audited_fields=("fee",),
)


def enrolment_pool(course: Course) -> capacity.Pool:
    """The course's places: enrolled and completed people hold one; the waiting list queues."""
    return ENROLMENTS.pool(course)


def _status_of(decision: capacity.Decision) -> str:
    return Enrolment.Status.ENROLLED if decision.is_confirmed else Enrolment.Status.WAITLISTED


def _check_open_to(course: Course, organisation: Organisation | None, source: str) -> None:
    if source in STAFF_SOURCES or course.open_to == Course.OpenTo.EVERYONE:
        return
    if not is_member_of_cluster(organisation, course.cluster_id):
        raise DomainError(
            _("This course is for staff of the cluster's member organisations."),
            code="members_only",
            field="person",
        )


def enrolment_create(
    *,
    actor: Actor,
    course: Course,
    person: Person | None = None,
    guest: Guest | None = None,
    organisation: Organisation | None = None,
    source: str = Enrolment.Source.SELF,
) -> Enrolment:
    """Enrol `person`, or a `guest` by name and email (found or created only once every check has
    passed): a place if one is free and nobody waits, else the next waiting position.

    Courses with admission by application take an application instead (no place yet) unless the
    cluster team enrols the person; `enrolment_admit` later gives the place.
    """

    def check(locked: Course, organisation: Organisation | None) -> dict[str, Any]:
        _check_open_to(locked, organisation, source)
        return {"fee": price_for(locked, organisation)}

    applies = course.admission == Course.Admission.APPLICATION and source not in STAFF_SOURCES
    enrolment: Enrolment = places.place_take(
        kind=ENROLMENTS,
        actor=actor,
        resource=course,
        source=source,
        person=person,
        guest=guest,
        organisation=organisation,
        check=check,
        claims=not applies,
        other_status=Enrolment.Status.APPLIED,
    )
    return enrolment


def enrolment_create_colleagues(
    *, actor: Actor, course: Course, organisation: Organisation, people: list[Person]
) -> list[Enrolment]:
    """A member contact enrols colleagues; all or nothing."""
    take = partial(enrolment_create, actor=actor, course=course)
    return places.places_take_colleagues(
        kind=ENROLMENTS, organisation=organisation, people=people, take=take
    )


def enrolment_admit(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Admit an applicant: a place if one is free and nobody waits, else the waiting list."""
    with transaction.atomic():
        course = capacity.lock(enrolment.course)
        current = Enrolment.objects.get(pk=enrolment.pk)
        if current.status != Enrolment.Status.APPLIED:
            raise ConflictError(_("Only applications can be admitted."), code="not_applied")
        decision = capacity.claim(enrolment_pool(course), capacity=course.capacity)
        status = _status_of(decision)
        Enrolment.objects.filter(pk=current.pk).update(
            status=status,
            waitlist_position=decision.position,
            enrolled_at=timezone.now() if decision.is_confirmed else None,
        )
        log_action(
            actor=actor,
            action="klynge.learning.enrolment.admitted",
            target=current,
            data={"status": status, "position": decision.position},
            cluster=course.cluster_id,
        )
        notices.send_enrolment_mail(current.pk)
    enrolment.refresh_from_db()
    return enrolment


def enrolment_drop(*, actor: Viewer, enrolment: Enrolment) -> list[int]:
    """Drop out (or turn down an application); a freed place goes to the first waiting person.

    `actor` is a Viewer: the personal link from the mails drops without a login."""
    return places.place_leave(kind=ENROLMENTS, actor=actor, holder=enrolment)


def course_set_capacity(
    *, actor: Actor, course: Course, capacity_value: int | None
) -> dict[str, Any]:
    """Change the places: raising promotes waiting people in order; lowering never drops anyone.

    Returns {"promoted": [ids], "over_by": k}, k > 0 saying how many people are above capacity.
    """
    return places.places_set_capacity(
        kind=ENROLMENTS, actor=actor, resource=course, capacity_value=capacity_value
    )
