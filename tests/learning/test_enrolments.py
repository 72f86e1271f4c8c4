"""Enrolment services: places and the waiting list (the shared capacity mechanism), applications,
colleagues, drop-outs with promotion, capacity changes, rules and the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.learning.models import Course, Enrolment
from klynge.learning.services.enrolments import (
    course_set_capacity,
    enrolment_admit,
    enrolment_create,
    enrolment_create_colleagues,
    enrolment_drop,
)
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def enrol_many(course: Course, count: int) -> list[Enrolment]:
    """Enrol `count` new people (English speakers: the mail subjects below are English)."""
    return [
        enrolment_create(actor=None, course=course, person=PersonFactory(language="en"))
        for _ in range(count)
    ]


def test_places_then_waiting_list_in_order_with_mails() -> None:
    course = CourseFactory(capacity=2, title="Energy data in practice")
    first, second, third, fourth = enrol_many(course, 4)
    assert [e.status for e in (first, second)] == ["enrolled", "enrolled"]
    assert first.enrolled_at is not None
    assert [(e.status, e.waitlist_position) for e in (third, fourth)] == [
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count("You are enrolled: Energy data in practice") == 2
    assert subjects.count("On the waiting list: Energy data in practice") == 2
    confirmation = mail.outbox[0]
    assert confirmation.attachments[0][0] == f"course-{course.pk}.ics"
    assert (
        b"BEGIN:VEVENT" in confirmation.attachments[0][1].encode()
        if isinstance(confirmation.attachments[0][1], str)
        else b"BEGIN:VEVENT" in confirmation.attachments[0][1]
    )
    assert "/courses/e/" in confirmation.body


def test_mails_go_out_in_the_person_s_language() -> None:
    course = CourseFactory()
    enrolment_create(actor=None, course=course, person=PersonFactory(language="nb"))
    enrolment_create(actor=None, course=course, person=PersonFactory(language="en"))
    assert [m.extra_headers["Content-Language"] for m in mail.outbox] == ["nb", "en"]


def test_dropping_a_place_promotes_the_first_waiting_and_moves_the_queue() -> None:
    course = CourseFactory(capacity=1)
    holder, waiting1, waiting2 = enrol_many(course, 3)
    mail.outbox.clear()
    promoted = enrolment_drop(actor=None, enrolment=holder)
    assert promoted == [waiting1.pk]
    waiting1.refresh_from_db()
    waiting2.refresh_from_db()
    assert (waiting1.status, waiting1.waitlist_position) == ("enrolled", None)
    assert waiting1.enrolled_at is not None
    assert (waiting2.status, waiting2.waitlist_position) == ("waitlisted", 1)
    assert holder.status == "dropped" and holder.dropped_at is not None
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [f"No longer enrolled: {course.title}", f"You got a place: {course.title}"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"klynge.learning.enrolment.dropped", "klynge.learning.enrolment.promoted"} <= actions


def test_leaving_the_waiting_list_moves_those_behind_forward() -> None:
    course = CourseFactory(capacity=1)
    _holder, w1, w2, w3 = enrol_many(course, 4)
    assert enrolment_drop(actor=None, enrolment=w2) == []
    positions = dict(
        Enrolment.objects.filter(course=course, status="waitlisted").values_list(
            "pk", "waitlist_position"
        )
    )
    assert positions == {w1.pk: 1, w3.pk: 2}


def test_no_queue_jumping_while_someone_waits() -> None:
    """A free place belongs to the first waiting person, not to a newcomer."""
    course = CourseFactory(capacity=1)
    holder = enrolment_create(actor=None, course=course, person=PersonFactory())
    EnrolmentFactory(course=course, status="waitlisted", waitlist_position=1)
    Enrolment.objects.filter(pk=holder.pk).update(status="dropped")  # freed without promoting
    newcomer = enrolment_create(actor=None, course=course, person=PersonFactory())
    assert (newcomer.status, newcomer.waitlist_position) == ("waitlisted", 2)


def test_raising_capacity_promotes_and_lowering_never_drops() -> None:
    course = CourseFactory(capacity=1)
    _enrolled, w1, _w2 = enrol_many(course, 3)
    outcome = course_set_capacity(actor=None, course=course, capacity_value=2)
    assert outcome == {"promoted": [w1.pk], "over_by": 0}
    outcome = course_set_capacity(actor=None, course=course, capacity_value=1)
    assert outcome == {"promoted": [], "over_by": 1}
    assert Enrolment.objects.filter(course=course, status="enrolled").count() == 2
    with pytest.raises(DomainError) as error:
        course_set_capacity(actor=None, course=course, capacity_value=0)
    assert error.value.field == "capacity"


def test_application_courses_take_applications_and_admission_uses_the_places() -> None:
    course = CourseFactory(capacity=1, admission=Course.Admission.APPLICATION, title="Flex")
    a, b = enrol_many(course, 2)
    assert [(e.status, e.waitlist_position, e.enrolled_at) for e in (a, b)] == [
        ("applied", None, None),
        ("applied", None, None),
    ]
    assert [m.subject for m in mail.outbox] == ["Application received: Flex"] * 2
    assert enrolment_admit(actor=None, enrolment=a).status == "enrolled"
    admitted_b = enrolment_admit(actor=None, enrolment=b)
    assert (admitted_b.status, admitted_b.waitlist_position) == ("waitlisted", 1)
    with pytest.raises(ConflictError):
        enrolment_admit(actor=None, enrolment=a)


def test_staff_enrolment_skips_the_application_step_but_not_the_places() -> None:
    course = CourseFactory(capacity=1, admission=Course.Admission.APPLICATION)
    first = enrolment_create(actor=None, course=course, person=PersonFactory(), source="staff")
    second = enrolment_create(actor=None, course=course, person=PersonFactory(), source="staff")
    assert (first.status, second.status) == ("enrolled", "waitlisted")


def test_a_person_cannot_enrol_twice_but_may_come_back_after_dropping() -> None:
    course = CourseFactory()
    person = PersonFactory()
    first = enrolment_create(actor=None, course=course, person=person)
    with pytest.raises(ConflictError) as error:
        enrolment_create(actor=None, course=course, person=person)
    assert error.value.field == "person"
    enrolment_drop(actor=None, enrolment=first)
    again = enrolment_create(actor=None, course=course, person=person)
    assert again.status == "enrolled"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": Course.Status.DRAFT}, "enrolment_draft"),
        ({"status": Course.Status.CANCELLED}, "enrolment_cancelled"),
        ({"application_deadline": "yesterday"}, "enrolment_closed"),
    ],
)
def test_closed_courses_refuse_people_with_a_clear_reason(
    changes: dict[str, Any], code: str
) -> None:
    import datetime

    if changes.get("application_deadline") == "yesterday":
        changes["application_deadline"] = datetime.date.today() - datetime.timedelta(days=1)
    course = CourseFactory(**changes)
    with pytest.raises(DomainError) as error:
        enrolment_create(actor=None, course=course, person=PersonFactory())
    assert error.value.code == code


def test_staff_may_still_enrol_after_the_deadline() -> None:
    import datetime

    course = CourseFactory(application_deadline=datetime.date.today() - datetime.timedelta(days=3))
    enrolment = enrolment_create(actor=None, course=course, person=PersonFactory(), source="staff")
    assert enrolment.status == "enrolled"


def test_members_only_courses_and_the_member_price() -> None:
    course = CourseFactory(open_to=Course.OpenTo.MEMBERS, fee=12000, member_fee=6000)
    member = OrganisationFactory()
    MembershipFactory(cluster=course.cluster, organisation=member)
    outsider = PersonFactory()
    with pytest.raises(DomainError) as error:
        enrolment_create(actor=None, course=course, person=outsider)
    assert error.value.code == "members_only"
    enrolment = enrolment_create(
        actor=None, course=course, person=PersonFactory(organisation=member)
    )
    assert enrolment.fee == 6000
    open_course = CourseFactory(cluster=course.cluster, fee=12000, member_fee=6000)
    assert enrolment_create(actor=None, course=open_course, person=outsider).fee == 12000


def test_colleagues_are_enrolled_all_or_nothing() -> None:
    course = CourseFactory(capacity=5)
    organisation = OrganisationFactory()
    colleagues = PersonFactory.create_batch(2, organisation=organisation)
    stranger = PersonFactory()
    with pytest.raises(DomainError) as error:
        enrolment_create_colleagues(
            actor=None, course=course, organisation=organisation, people=[*colleagues, stranger]
        )
    assert error.value.field == "people"
    assert not Enrolment.objects.exists()
    made = enrolment_create_colleagues(
        actor=None, course=course, organisation=organisation, people=colleagues
    )
    assert {(e.source, e.organisation_id) for e in made} == {("colleague", organisation.pk)}
    with pytest.raises(DomainError):
        enrolment_create_colleagues(actor=None, course=course, organisation=organisation, people=[])


def test_completed_enrolments_cannot_be_dropped_and_dropped_ones_not_again() -> None:
    done = EnrolmentFactory(status="completed", completed_on="2025-01-10")
    with pytest.raises(DomainError):
        enrolment_drop(actor=None, enrolment=done)
    dropped = EnrolmentFactory(status="dropped")
    with pytest.raises(ConflictError):
        enrolment_drop(actor=None, enrolment=dropped)


def test_every_enrolment_is_audited_with_status_and_source() -> None:
    course = CourseFactory()
    enrolment = enrolment_create(actor=None, course=course, person=PersonFactory())
    entry = AuditEntry.objects.get(action="klynge.learning.enrolment.created")
    assert entry.target_id == str(enrolment.pk)
    assert entry.cluster_id == course.cluster_id
    assert entry.data == {"status": "enrolled", "position": None, "source": "self", "fee": 0}
