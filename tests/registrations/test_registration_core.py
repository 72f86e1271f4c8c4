"""The one registration core: guests, refusals that leave no trace, one rule for both apps."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.accounts.typing import Actor
from klynge.core.errors import DomainError
from klynge.core.models import AuditEntry
from klynge.events.models import Event, Registration
from klynge.learning.models import Course, Enrolment
from klynge.members.models import Person
from klynge.registrations.services import guest_person_find
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, in_days
from tests.factories.learning import CourseFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db

EMAIL = "refused.guest@example.org"


def logged_in(user: Actor) -> Client:
    client = Client()
    client.force_login(user)
    return client


def closed_event(**fields: Any) -> Event:
    return EventFactory(registration_closes_at=in_days(-1), **fields)


def assert_no_trace() -> None:
    """A refused registration writes no personal data and leaves nothing to audit."""
    assert not Person.objects.filter(email__iexact=EMAIL).exists()
    assert not Registration.objects.exists() and not Enrolment.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == []


def test_a_refused_guest_on_the_public_form_leaves_no_person() -> None:
    event = closed_event()
    response = Client().post(
        f"/events/{event.pk}/register/", {"full_name": "Refused Guest", "email": EMAIL}
    )
    assert response.status_code == 200
    assert "Registration has closed." in str(response.context["form"].errors)
    assert_no_trace()


def test_a_refused_guest_through_the_api_leaves_no_person() -> None:
    event = closed_event()
    response = Client().post(
        f"/api/v1/events/{event.pk}/registrations",
        json.dumps({"full_name": "Refused Guest", "email": EMAIL}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "registration_closed"
    assert_no_trace()


def test_a_guest_refused_to_the_host_team_leaves_no_person(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a, status=Event.Status.CANCELLED)
    client = logged_in(member_cast.staff_a)
    client.post(
        reverse("events:participant_add", args=[event.pk]),
        {"full_name": "Refused Guest", "email": EMAIL},
    )
    assert_no_trace()
    course = CourseFactory(cluster=member_cast.cluster_a, status=Course.Status.CANCELLED)
    response = client.post(
        reverse("learning:enrolment_add", args=[course.pk]),
        {"full_name": "Refused Guest", "email": EMAIL},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert_no_trace()


def test_an_accepted_guest_is_created_once_and_audited(
    django_capture_on_commit_callbacks: Any,
) -> None:
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            f"/events/{event.pk}/register/", {"full_name": "New Guest", "email": "New@Example.org"}
        )
    person = Person.objects.get(email="new@example.org")
    registration = Registration.objects.get(person=person)
    actions = dict(AuditEntry.objects.values_list("action", "target_id"))
    assert actions == {
        "klynge.members.person.created": str(person.pk),
        "klynge.events.registration.created": str(registration.pk),
    }


def test_anonymised_people_are_refused_by_events_and_learning_alike(member_cast: Any) -> None:
    from klynge.events.services.registrations import registration_create
    from klynge.learning.services.enrolments import enrolment_create

    person = PersonFactory(organisation=None, anonymised_at=in_days(-1))
    with pytest.raises(DomainError) as refused_event:
        registration_create(actor=None, event=EventFactory(), person=person)
    with pytest.raises(DomainError) as refused_course:
        enrolment_create(
            actor=member_cast.staff_a,
            course=CourseFactory(cluster=member_cast.cluster_a),
            person=person,
            source=Enrolment.Source.STAFF,
        )
    assert refused_event.value.message == refused_course.value.message
    assert refused_event.value.field == refused_course.value.field == "person"
    assert not Registration.objects.exists() and not Enrolment.objects.exists()


def test_the_guest_lookup_ignores_case_logins_and_anonymised_people() -> None:
    guest = PersonFactory(email="kari@example.org", organisation=None)
    PersonFactory(email="KARI@example.org", user=None, anonymised_at=in_days(-1))
    assert guest_person_find("  Kari@Example.ORG ") == guest
    guest.user = UserFactory()
    guest.save()
    assert guest_person_find("kari@example.org") is None


def test_the_guest_lookup_uses_the_lower_email_index() -> None:
    PersonFactory.create_batch(3, organisation=None)
    with CaptureQueriesContext(connection) as queries:
        guest_person_find("kari@example.org")
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {query['sql']}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "members_person_lower_email_idx" in plan
