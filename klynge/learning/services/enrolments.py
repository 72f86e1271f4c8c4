"""Enrolments: enrol (self, colleagues, staff), apply and admit, drop, promote from the waiting list.

Every place decision goes through `klynge.core.capacity` (the same mechanism as event seats) under
the course's row lock, so a course never has more people with a place than it has places.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core import capacity
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.members.models import Organisation, Person

from .. import notices
from ..models import PLACE_STATUSES, Course, Enrolment
from ..selectors.courses import is_member_of_cluster, price_for

STAFF_SOURCES = (Enrolment.Source.STAFF, Enrolment.Source.IMPORT)


def enrolment_pool(course: Course) -> capacity.Pool:
    """The course's places: enrolled and completed people hold one; the waiting list queues."""
    return capacity.Pool(
        holders=Enrolment.objects.filter(course_id=course.pk),
        held_statuses=PLACE_STATUSES,
        waiting_status=Enrolment.Status.WAITLISTED,
        position_field="waitlist_position",
    )


def _status_of(decision: capacity.Decision) -> str:
    return Enrolment.Status.ENROLLED if decision.is_confirmed else Enrolment.Status.WAITLISTED


def _check_open(course: Course, source: str) -> None:
    state = course.enrolment_state()
    if state == "open" or (source in STAFF_SOURCES and state in ("closed", "past")):
        return
    messages = {
        "cancelled": _("The course has been cancelled."),
        "draft": _("The course is not published yet."),
        "past": _("The course is over."),
        "closed": _("The enrolment deadline has passed."),
    }
    raise DomainError(messages[state], code=f"enrolment_{state}")


def _check_open_to(course: Course, organisation: Organisation | None, source: str) -> None:
    if source in STAFF_SOURCES or course.open_to == Course.OpenTo.EVERYONE:
        return
    if not is_member_of_cluster(organisation, course.cluster_id):
        raise DomainError(
            _("This course is for staff of the cluster's member organisations."),
            code="members_only",
            field="person",
        )


def _already(person: Person) -> ConflictError:
    return ConflictError(
        _("%(name)s is already enrolled on this course.") % {"name": person.full_name},
        code="already_enrolled",
        field="person",
    )


def enrolment_create(
    *,
    actor: Any,
    course: Course,
    person: Person,
    organisation: Organisation | None = None,
    source: str = Enrolment.Source.SELF,
) -> Enrolment:
    """Enrol `person`: a place if one is free and nobody waits, else the next waiting position.

    Courses with admission by application take an application instead (no place yet) unless the
    cluster team enrols the person; `enrolment_admit` later gives the place.
    """
    if person.anonymised_at is not None:
        raise DomainError(_("This person's data has been anonymised."), field="person")
    organisation = organisation or (person.organisation if person.organisation_id else None)
    _check_open(course, source)
    _check_open_to(course, organisation, source)
    active = Enrolment.objects.filter(course=course, person=person).exclude(
        status=Enrolment.Status.DROPPED
    )
    if active.exists():
        raise _already(person)
    applies = course.admission == Course.Admission.APPLICATION and source not in STAFF_SOURCES
    fee = price_for(course, organisation)
    try:
        with transaction.atomic():
            locked = capacity.lock(course)
            status, position, enrolled_at = Enrolment.Status.APPLIED, None, None
            if not applies:
                decision = capacity.claim(enrolment_pool(locked), capacity=locked.capacity)
                status, position = _status_of(decision), decision.position
                enrolled_at = timezone.now() if decision.is_confirmed else None
            enrolment = Enrolment.objects.create(
                course=locked,
                person=person,
                organisation=organisation,
                status=status,
                waitlist_position=position,
                source=source,
                fee=fee,
                enrolled_at=enrolled_at,
                enrolled_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            log_action(
                actor=actor,
                action="klynge.learning.enrolment.created",
                target=enrolment,
                data={"status": status, "position": position, "source": source, "fee": fee},
                cluster=locked.cluster_id,
            )
            notices.send_enrolment_mail(enrolment.pk)
    except IntegrityError as exc:
        raise _already(person) from exc
    return enrolment


def enrolment_create_colleagues(
    *, actor: Any, course: Course, organisation: Organisation, people: list[Person]
) -> list[Enrolment]:
    """A member contact enrols colleagues; all or nothing."""
    if not people:
        raise DomainError(_("Choose at least one colleague."), field="people")
    if any(person.organisation_id != organisation.pk for person in people):
        raise DomainError(_("Only people of your organisation can be enrolled."), field="people")
    with transaction.atomic():
        return [
            enrolment_create(
                actor=actor,
                course=course,
                person=person,
                organisation=organisation,
                source=Enrolment.Source.COLLEAGUE,
            )
            for person in people
        ]


def enrolment_create_by_email(
    *,
    actor: Any,
    course: Course,
    full_name: str,
    email: str,
    organisation: Organisation | None = None,
) -> Enrolment:
    """The cluster team enrols someone by email: the existing person with it, or a new one."""
    email = email.strip().lower()
    person = (
        Person.objects.filter(email__iexact=email, anonymised_at__isnull=True)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    with transaction.atomic():
        if person is None:
            person = Person.objects.create(
                full_name=full_name.strip(), email=email, organisation=organisation
            )
        return enrolment_create(
            actor=actor,
            course=course,
            person=person,
            organisation=organisation,
            source=Enrolment.Source.STAFF,
        )


def enrolment_admit(*, actor: Any, enrolment: Enrolment) -> Enrolment:
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


def enrolment_drop(*, actor: Any, enrolment: Enrolment) -> list[int]:
    """Drop out (or turn down an application); a freed place goes to the first waiting person."""
    with transaction.atomic():
        course = capacity.lock(enrolment.course)
        current = Enrolment.objects.get(pk=enrolment.pk)
        if current.status == Enrolment.Status.DROPPED:
            raise ConflictError(_("This enrolment is already dropped."), code="already_dropped")
        if current.status == Enrolment.Status.COMPLETED:
            raise DomainError(_("The course is completed; the enrolment cannot be dropped."))
        old_status, old_position = current.status, current.waitlist_position
        now = timezone.now()
        Enrolment.objects.filter(pk=current.pk).update(
            status=Enrolment.Status.DROPPED, waitlist_position=None, dropped_at=now
        )
        pool = enrolment_pool(course)
        promoted: list[int] = []
        if old_status == Enrolment.Status.WAITLISTED and old_position:
            capacity.leave_queue(pool, position=old_position)
        elif old_status == Enrolment.Status.ENROLLED and _fills_places(course):
            promoted = _promote(pool, course)
        log_action(
            actor=actor,
            action="klynge.learning.enrolment.dropped",
            target=current,
            data={"was": old_status, "promoted": promoted},
            cluster=course.cluster_id,
        )
        _after_promotion(actor, course, promoted)
        notices.send_dropped_mail(current.pk)
    enrolment.refresh_from_db()
    return promoted


def _fills_places(course: Course) -> bool:
    return course.status == Course.Status.PUBLISHED and course.enrolment_state() != "past"


def _promote(pool: capacity.Pool, course: Course) -> list[int]:
    return capacity.promote(
        pool,
        capacity=course.capacity,
        confirmed_status=Enrolment.Status.ENROLLED,
        enrolled_at=timezone.now(),
    )


def _after_promotion(actor: Any, course: Course, promoted: list[int]) -> None:
    for enrolment in Enrolment.objects.filter(pk__in=promoted).select_related("course"):
        log_action(
            actor=actor,
            action="klynge.learning.enrolment.promoted",
            target=enrolment,
            cluster=course.cluster_id,
        )
    if promoted:
        notices.send_promotion_mails(promoted)


def course_set_capacity(
    *, actor: Any, course: Course, capacity_value: int | None
) -> dict[str, Any]:
    """Change the places: raising promotes waiting people in order; lowering never drops anyone.

    Returns {"promoted": [ids], "over_by": k}, k > 0 saying how many people are above capacity.
    """
    if capacity_value is not None and capacity_value < 1:
        raise DomainError(_("Places must be at least 1, or empty for no limit."), field="capacity")
    with transaction.atomic():
        locked = capacity.lock(course)
        old = locked.capacity
        Course.objects.filter(pk=locked.pk).update(capacity=capacity_value)
        locked.capacity = capacity_value
        pool = enrolment_pool(locked)
        promoted = _promote(pool, locked) if _fills_places(locked) else []
        over_by = capacity.overflow(pool, capacity=capacity_value)
        log_action(
            actor=actor,
            action="klynge.learning.course.capacity_changed",
            target=locked,
            data={"from": old, "to": capacity_value, "promoted": promoted, "over_by": over_by},
        )
        _after_promotion(actor, locked, promoted)
    course.capacity = capacity_value
    return {"promoted": promoted, "over_by": over_by}
