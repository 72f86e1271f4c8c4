"""Course and session services, model constraints, reminders, and page query bounds."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from klynge.core.errors import ConflictError, DomainError
from klynge.learning.models import Course, CourseSession, Enrolment
from klynge.learning.services.courses import (
    course_cancel,
    course_create,
    course_delete,
    course_update,
    session_add,
)
from klynge.learning.tasks import enqueue_due_course_reminders, send_course_reminders
from tests.factories.events import in_days
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "further_education"}, "credits"),
        ({"kind": "short_course", "credits": Decimal("5")}, "credits"),
        ({"fee": 1000, "member_fee": 2000}, "member_fee"),
        ({"status": "cancelled"}, "status"),
        ({"title": "  "}, "title"),
        ({"colour": "blue"}, None),
    ],
)
def test_course_rules_name_the_field(cast: Any, fields: dict[str, Any], field: str | None) -> None:
    values = {"title": "Course", **fields}
    with pytest.raises(DomainError) as error:
        course_create(actor=cast.staff_a, cluster=cast.cluster_a, **values)
    assert error.value.field == field
    assert not Course.objects.exists()


def test_create_with_sessions_and_update_rules(cast: Any) -> None:
    starts = in_days(30)
    course = course_create(
        actor=cast.staff_a,
        cluster=cast.cluster_a,
        title="Flex",
        kind="further_education",
        credits=Decimal("7.5"),
        status="published",
        sessions=[
            {
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=3),
                "venue": "Halden",
            }
        ],
    )
    assert course.sessions.count() == 1 and course.created_by == cast.staff_a
    EnrolmentFactory(course=course)
    with pytest.raises(DomainError) as error:
        course_update(actor=cast.staff_a, course=course, status="draft")
    assert error.value.field == "status"
    assert course_update(actor=cast.staff_a, course=course, title="Flex 2") == {}
    course.refresh_from_db()
    assert course.title == "Flex 2"
    with pytest.raises(ConflictError):
        course_delete(actor=cast.staff_a, course=course)


def test_sessions_need_a_place_or_link_and_a_sane_time(cast: Any) -> None:
    course = CourseFactory(cluster=cast.cluster_a, sessions=0)
    starts = in_days(5)
    with pytest.raises(DomainError) as error:
        session_add(actor=None, course=course, starts_at=starts, ends_at=starts)
    assert error.value.field == "venue"
    with pytest.raises(DomainError) as error:
        session_add(
            actor=None,
            course=course,
            starts_at=starts,
            ends_at=starts - datetime.timedelta(hours=1),
            venue="x",
        )
    assert error.value.field == "ends_at"
    with pytest.raises(DomainError) as error:
        session_add(
            actor=None,
            course=course,
            starts_at=starts.replace(tzinfo=None),
            ends_at=starts,
            venue="x",
        )
    assert error.value.field == "starts_at"


def test_cancel_tells_everyone_but_the_completed_and_only_once(cast: Any) -> None:
    course = CourseFactory(cluster=cast.cluster_a)
    EnrolmentFactory(course=course)
    EnrolmentFactory(course=course, status="applied")
    EnrolmentFactory(course=course, status="completed", completed_on="2025-01-01")
    assert course_cancel(actor=cast.manager_a, course=course) == 2
    assert len(mail.outbox) == 2
    with pytest.raises(ConflictError):
        course_cancel(actor=cast.manager_a, course=course)
    with pytest.raises(DomainError):
        course_update(actor=cast.manager_a, course=course, title="Again")


def test_drafts_without_enrolments_can_be_deleted(cast: Any) -> None:
    course = CourseFactory(cluster=cast.cluster_a, status="draft")
    course_delete(actor=cast.staff_a, course=course)
    assert not Course.objects.exists()


def test_database_constraints_back_the_rules() -> None:
    course = CourseFactory()
    person = PersonFactory()
    EnrolmentFactory(course=course, person=person)
    violations = (
        lambda: EnrolmentFactory(course=course, person=person),
        lambda: EnrolmentFactory(course=course, status="waitlisted"),
        lambda: EnrolmentFactory(course=course, status="completed"),
        lambda: EnrolmentFactory(course=course, credits_earned=Decimal("1")),
        lambda: CourseFactory(kind="further_education", credits=None),
        lambda: CourseFactory(fee=10, member_fee=20),
        lambda: CourseSession.objects.create(
            course=course, starts_at=in_days(2), ends_at=in_days(1), venue="x"
        ),
    )
    for bad in violations:
        with pytest.raises(IntegrityError), transaction.atomic():
            bad()
    EnrolmentFactory(course=course, person=person, status="dropped")  # dropped rows may repeat


def test_reminders_go_once_to_people_with_a_place(cast: Any) -> None:
    course = CourseFactory(cluster=cast.cluster_a, sessions=0, title="AI for energy")
    starts = in_days(1, 9)
    CourseSession.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        venue="Halden",
    )
    enrolled = EnrolmentFactory(course=course, person=PersonFactory(language="en"))
    EnrolmentFactory(course=course, status="waitlisted", waitlist_position=1)
    CourseFactory(sessions=0)  # no sessions: nothing to remind about
    assert enqueue_due_course_reminders() == 1  # the immediate backend runs it at once
    assert [m.to for m in mail.outbox] == [[enrolled.person.email]]
    assert mail.outbox[0].subject == "Reminder: AI for energy starts soon"
    assert send_course_reminders.call(course.pk) == 0
    out = io.StringIO()
    call_command("send_course_reminders", stdout=out)
    assert "Queued reminders for 1 course(s)." in out.getvalue()
    assert len(mail.outbox) == 1
    assert Enrolment.objects.get(pk=enrolled.pk).reminded_at is not None


def test_course_page_and_participant_list_queries_are_bounded(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    course = CourseFactory(cluster=cast.cluster_a, sessions=3, capacity=300)
    EnrolmentFactory.create_batch(150, course=course)
    client = Client()
    client.force_login(cast.staff_a)
    client.get(course.get_absolute_url())
    with django_assert_max_num_queries(14):
        assert client.get(course.get_absolute_url()).status_code == 200
    url = reverse("learning:enrolments", args=[course.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 100
    with django_assert_max_num_queries(14):
        export = client.get(url, {"export": "csv"})
    assert export.content.decode("utf-8-sig").count("\n") == 151
