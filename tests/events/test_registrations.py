"""Registration rules, company registrations and the mails they send (read from the outbox)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from klynge.core.errors import ConflictError, DomainError
from klynge.events.models import Event, Question, Registration
from klynge.events.services.registrations import (
    Guest,
    registration_cancel,
    registration_create,
    registration_create_colleagues,
)
from tests.factories.events import EventFactory, RegistrationFactory, in_days
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks


@pytest.mark.usefixtures("frozen_clock")  # the 2031 event stays in the future
def test_confirmation_mail_has_details_ics_and_personal_cancel_link(oncommit: Any) -> None:
    event = EventFactory(
        title="Flexibility markets workshop",
        starts_at=datetime.datetime(2031, 3, 4, 8, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2031, 3, 4, 12, 0, tzinfo=datetime.UTC),
        venue="Tista Senter, Halden",
    )
    person = PersonFactory(full_name="Kari Nordmann", email="kari@example.org", language="en")
    with oncommit(execute=True):
        registration = registration_create(actor=None, event=event, person=person)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@example.org"]
    assert message.subject == "You are registered: Flexibility markets workshop"
    assert "Hello Kari Nordmann," in message.body
    # 08:00 UTC is 09:00 in Oslo in March (CET).
    assert "Tuesday 4 March 2031, 09:00–13:00 (Norwegian time)" in message.body
    assert "Tista Senter, Halden" in message.body
    assert f"/events/r/{registration.token}/" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (f"event-{event.pk}.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Flexibility markets workshop"
    assert vevent.decoded("dtstart") == datetime.datetime(2031, 3, 4, 8, 0, tzinfo=datetime.UTC)


def test_mail_renders_in_the_persons_language_without_errors(oncommit: Any) -> None:
    event = EventFactory(title="Nettverksmøte")
    person = PersonFactory(language="nb")
    with oncommit(execute=True):
        registration_create(actor=None, event=event, person=person)
    assert "Nettverksmøte" in mail.outbox[0].subject


def test_no_mail_when_the_transaction_rolls_back(oncommit: Any) -> None:
    event = EventFactory()
    with oncommit(execute=False) as callbacks:
        registration_create(actor=None, event=event, person=PersonFactory())
    assert len(callbacks) == 1 and mail.outbox == []


def test_waitlisted_mail_then_promotion_mail(oncommit: Any) -> None:
    event = EventFactory(capacity=1, title="Energy data day")
    with oncommit(execute=True):
        first = registration_create(actor=None, event=event, person=PersonFactory())
        second = registration_create(actor=None, event=event, person=PersonFactory())
    assert mail.outbox[1].subject == "Waiting list: Energy data day"
    assert "number 1" in mail.outbox[1].body
    assert mail.outbox[1].attachments == []
    mail.outbox.clear()
    with oncommit(execute=True):
        registration_cancel(actor=None, registration=first)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        first.person.email: "Registration cancelled: Energy data day",
        second.person.email: "You got a place: Energy data day",
    }


def test_one_active_registration_per_person_but_re_registering_after_cancel_works() -> None:
    event = EventFactory()
    person = PersonFactory()
    registration = registration_create(actor=None, event=event, person=person)
    with pytest.raises(ConflictError):
        registration_create(actor=None, event=event, person=person)
    registration_cancel(actor=None, registration=registration)
    again = registration_create(actor=None, event=event, person=person)
    assert again.status == "confirmed"
    with pytest.raises(ConflictError):
        registration_cancel(actor=None, registration=registration)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": Event.Status.DRAFT}, "registration_draft"),
        ({"status": Event.Status.CANCELLED}, "registration_cancelled"),
        ({"registration_opens_at": in_days(3)}, "registration_not_yet"),
        ({"registration_closes_at": in_days(-1)}, "registration_closed"),
        ({"starts_at": in_days(-3), "ends_at": in_days(-2)}, "registration_past"),
        ({"audience": Event.Audience.INVITED}, "invitation_only"),
        ({"audience": Event.Audience.MEMBERS}, "members_only"),
    ],
)
def test_registration_refused_with_a_reason(changes: dict, code: str) -> None:
    event = EventFactory(**changes)
    with pytest.raises(DomainError) as error:
        registration_create(actor=None, event=event, person=PersonFactory())
    assert error.value.code == code


def test_staff_may_register_for_invitation_only_and_closed_events(member_cast: Any) -> None:
    event = EventFactory(
        cluster=member_cast.cluster_a,
        audience=Event.Audience.INVITED,
        registration_closes_at=in_days(-1),
    )
    registration = registration_create(
        actor=member_cast.staff_a, event=event, person=PersonFactory(), source="staff"
    )
    assert registration.source == "staff" and registration.registered_by == member_cast.staff_a


def test_members_only_event_accepts_people_of_member_organisations(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a, audience=Event.Audience.MEMBERS)
    person = PersonFactory(organisation=member_cast.org_a)
    registration = registration_create(actor=None, event=event, person=person)
    assert registration.organisation == member_cast.org_a
    assert registration.organisation_name == "Org A AS"


def test_guest_registration_reuses_a_person_without_login_by_email() -> None:
    event = EventFactory()
    existing = PersonFactory(email="guest@example.org", organisation=None)
    registration = registration_create(
        actor=None,
        event=event,
        guest=Guest(
            full_name="Guest", email="GUEST@example.org", organisation_name="Hvaler kommune"
        ),
    )
    assert registration.person == existing
    assert registration.organisation is None
    assert registration.organisation_label == "Hvaler kommune"


def test_answers_are_validated_per_question() -> None:
    event = EventFactory()
    diet = Question.objects.create(event=event, label="Dietary needs", kind="text", required=True)
    b2b = Question.objects.create(event=event, label="B2B?", kind="checkbox")
    lunch = Question.objects.create(
        event=event, label="Lunch", kind="choice", choices=["Fish", "Veg"]
    )
    with pytest.raises(DomainError) as error:
        registration_create(actor=None, event=event, person=PersonFactory(), answers={})
    assert error.value.field == diet.key
    with pytest.raises(DomainError) as error:
        registration_create(
            actor=None,
            event=event,
            person=PersonFactory(),
            answers={diet.key: "none", lunch.key: "Beef"},
        )
    assert error.value.field == lunch.key
    registration = registration_create(
        actor=None,
        event=event,
        person=PersonFactory(),
        answers={diet.key: "vegan", b2b.key: "on", lunch.key: "Veg", "junk": "x"},
    )
    assert registration.answers == {diet.key: "vegan", b2b.key: True, lunch.key: "Veg"}


def test_member_contact_registers_colleagues_all_or_nothing(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a, capacity=2)
    colleagues = PersonFactory.create_batch(3, organisation=member_cast.org_a)
    outsider = PersonFactory(organisation=member_cast.org_b)
    with pytest.raises(DomainError):
        registration_create_colleagues(
            actor=member_cast.contact_a,
            event=event,
            organisation=member_cast.org_a,
            people=[colleagues[0], outsider],
        )
    assert not Registration.objects.exists()
    made = registration_create_colleagues(
        actor=member_cast.contact_a, event=event, organisation=member_cast.org_a, people=colleagues
    )
    assert [r.status for r in made] == ["confirmed", "confirmed", "waitlisted"]
    assert {r.source for r in made} == {"colleague"}
    assert {r.registered_by for r in made} == {member_cast.contact_a}
    # A duplicate inside a company registration rolls the whole batch back.
    extra = PersonFactory(organisation=member_cast.org_a)
    with pytest.raises(ConflictError):
        registration_create_colleagues(
            actor=member_cast.contact_a,
            event=event,
            organisation=member_cast.org_a,
            people=[extra, colleagues[0]],
        )
    assert not Registration.objects.filter(person=extra).exists()


def test_registration_times_are_aware() -> None:
    registration = registration_create(actor=None, event=EventFactory(), person=PersonFactory())
    assert timezone.is_aware(registration.created_at)


def test_database_refuses_a_waitlisted_row_without_position(db: Any) -> None:
    from django.db import IntegrityError, transaction

    registration = RegistrationFactory(event=EventFactory(capacity=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        type(registration).objects.filter(pk=registration.pk).update(
            status="waitlisted", waitlist_position=None
        )
