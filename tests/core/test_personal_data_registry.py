"""Personal data export and erasure are complete, through one registry, with retention (issue 12.8)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models

from klynge.core.personal_data import declared_fields, personal_data_hooks
from klynge.events.models import Feedback, Registration
from klynge.learning.models import Enrolment
from klynge.matchmaking.models import MeetingRequest, Participant
from klynge.members.models import Person
from klynge.members.services.personal_data import person_anonymise, person_export_data
from klynge.programme.models import Evaluator
from klynge.projects.models import ProjectPartner
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.learning import EnrolmentFactory
from tests.factories.matchmaking import MeetingRequestFactory, ParticipantFactory
from tests.factories.members import PersonFactory
from tests.factories.projects import ProjectPartnerFactory

PERSONAL_NAMES = {"email", "phone", "full_name", "username", "ip_address"}


def personal_fields(model: type[models.Model]) -> set[str]:
    """Fields that point at a person or a login, or hold an address, a phone or a name."""
    person, user = Person, get_user_model()
    found = set()
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is person:
            found.add(field.name)
        elif field.is_relation and field.related_model is user:
            if not field.name.endswith("_by"):  # who acted: covered by the scrubbed login
                found.add(field.name)
        elif field.name in PERSONAL_NAMES:
            found.add(field.name)
    return found


def test_every_model_with_personal_data_is_in_a_hook() -> None:
    declared = declared_fields()
    missing = {}
    for model in apps.get_models():
        if not (model.__module__.startswith("klynge.") or model._meta.app_label == "axes"):
            continue
        wanted = personal_fields(model)
        left = wanted - declared.get(model._meta.label, set())
        if left:
            missing[model._meta.label] = sorted(left)
    assert missing == {}


def test_declared_fields_exist_and_hooks_without_eraser_say_why() -> None:
    for label, names in declared_fields().items():
        model = apps.get_model(label)
        for name in names:
            model._meta.get_field(name)
    for hook in personal_data_hooks():
        assert hook.erase is not None or hook.note, hook.key


@pytest.fixture
def kari(member_cast: Any) -> Person:
    user = UserFactory(email="kari@example.org")
    person = PersonFactory(
        organisation=member_cast.org_a, user=user, email="kari@example.org", full_name="Kari N"
    )
    registration = RegistrationFactory(
        person=person, answers={"q1": "Nut allergy"}, status="attended"
    )
    Feedback.objects.create(registration=registration, score=9, comment="Kari liked it")
    EnrolmentFactory(person=person, completion_evidence="Kari's thesis on flexibility")
    participant = ParticipantFactory(person=person, offers="Kari offers X", needs="Kari needs Y")
    MeetingRequestFactory(requester=participant, message="Kari wants to meet")
    ProjectPartnerFactory(contact=person, organisation=member_cast.org_a)
    Evaluator.objects.create(user=user, expertise="Kari's expertise", affiliation="Kari Uni")
    for variant in ("kari@example.org", "KARI@example.org "):
        AccessAttempt.objects.create(
            username="kari@example.org",
            ip_address="10.1.1.1",
            user_agent=variant,
            failures_since_start=1,
        )
    AccessLog.objects.create(username="kari@example.org", ip_address="10.1.1.1", user_agent="x")
    return person


def test_export_holds_every_kind(member_cast: Any, kari: Person) -> None:
    data = person_export_data(actor=member_cast.manager_a, person=kari)
    assert data["event_registrations"][0]["answers"] == {"q1": "Nut allergy"}
    assert data["event_registrations"][0]["feedback"]["comment"] == "Kari liked it"
    assert data["enrolments"][0]["completion_evidence"] == "Kari's thesis on flexibility"
    assert data["b2b_profiles"][0]["offers"] == "Kari offers X"
    assert data["b2b_profiles"][0]["requests_sent"][0]["message"] == "Kari wants to meet"
    assert data["project_partnerships"][0]["organisation"] == member_cast.org_a.name
    assert data["evaluator"]["expertise"] == "Kari's expertise"
    assert len(data["login_attempts"]) == 3
    assert {hook.key for hook in personal_data_hooks()} <= set(data)


@pytest.mark.django_db
def test_erasure_leaves_no_free_text_or_lockout_entry(member_cast: Any, kari: Person) -> None:
    person_anonymise(actor=member_cast.manager_a, person=kari)
    texts = [
        *Registration.objects.values_list("answers", flat=True),
        *Feedback.objects.values_list("comment", flat=True),
        *Enrolment.objects.values_list("completion_evidence", flat=True),
        *Participant.objects.values_list("offers", "needs"),
        *MeetingRequest.objects.filter(requester__person=kari).values_list("message", flat=True),
        *Evaluator.objects.values_list("expertise", "affiliation"),
    ]
    assert "Kari" not in repr(texts) and "Nut allergy" not in repr(texts)
    assert not ProjectPartner.objects.filter(contact=kari).exists()
    assert not AccessAttempt.objects.exists() and not AccessLog.objects.exists()
    assert Registration.objects.filter(person=kari).count() == 2, "counts stay"


@pytest.mark.django_db
def test_retention_purge_erases_what_is_older_than_its_period(settings: Any) -> None:
    settings.KLYNGE_RETENTION_DAYS = {
        "event_answers": 365,
        "b2b_profiles": 365,
        "login_attempts": 60,
    }
    with time_machine.travel("2030-01-10 12:00:00+00:00", tick=False) as traveller:
        old_event = EventFactory(
            starts_at=datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC),
        )
        old = RegistrationFactory(event=old_event, answers={"q1": "old"})
        participant = ParticipantFactory(
            session__event=old_event, offers="old offer", registration=old
        )
        AccessAttempt.objects.create(
            username="a@example.org", ip_address="10.0.0.1", failures_since_start=1
        )
        traveller.move_to("2030-12-01 12:00:00+00:00")
        recent_event = EventFactory(
            starts_at=datetime.datetime(2030, 11, 20, 9, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2030, 11, 20, 12, tzinfo=datetime.UTC),
        )
        recent = RegistrationFactory(event=recent_event, answers={"q1": "recent"})
        AccessAttempt.objects.create(
            username="b@example.org", ip_address="10.0.0.2", failures_since_start=1
        )
        traveller.move_to("2031-01-05 12:00:00+00:00")
        out = io.StringIO()
        call_command("purge_personal_data", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    participant.refresh_from_db()
    assert old.answers == {} and participant.offers == ""
    assert recent.answers == {"q1": "recent"}
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["b@example.org"], (
        out.getvalue()
    )
    assert "event_answers: 1" in out.getvalue(), out.getvalue()
