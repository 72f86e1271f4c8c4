"""Completions: bulk marking with credits and evidence, certificate numbers, mails, undo; the
certificate PDF (text extracted with pypdf) and its public verification."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.learning.certificates import certificate_pdf
from klynge.learning.models import Course, CourseSession, Enrolment
from klynge.learning.services.completions import enrolment_complete, enrolment_uncomplete
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def past_course(**fields: object) -> Course:
    course = CourseFactory(sessions=0, **fields)
    starts = datetime.datetime(2024, 9, 3, 9, tzinfo=datetime.UTC)
    for week in (0, 14):
        CourseSession.objects.create(
            course=course,
            starts_at=starts + datetime.timedelta(days=week),
            ends_at=starts + datetime.timedelta(days=week, hours=6),
            venue="Halden",
        )
    return course


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_bulk_completion_gives_credits_numbers_and_mails() -> None:
    course = past_course(further=True, title="Flexibility markets and smart grids")
    a, b = EnrolmentFactory.create_batch(2, course=course, person__language="en")
    done = enrolment_complete(
        actor=None,
        course=course,
        enrolment_ids=[a.pk, b.pk],
        completed_on=datetime.date(2024, 12, 12),
        evidence="Passed the exam",
    )
    assert {e.status for e in done} == {"completed"}
    assert {e.credits_earned for e in done} == {Decimal("7.5")}
    codes = {e.certificate_code for e in done}
    assert len(codes) == 2 and all(code.startswith("2024-") for code in codes)
    assert (
        sorted(m.subject for m in mail.outbox)
        == ["Course completed: Flexibility markets and smart grids"] * 2
    )
    assert "/certificate.pdf" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="klynge.learning.enrolment.completed").count() == 2


def test_changing_a_completion_keeps_the_number_and_sends_no_new_mail() -> None:
    course = past_course(further=True)
    enrolment = EnrolmentFactory(course=course)
    first = enrolment_complete(
        actor=None, course=course, enrolment_ids=[enrolment.pk], completed_on=TODAY
    )[0]
    mail.outbox.clear()
    again = enrolment_complete(
        actor=None, course=course, enrolment_ids=[enrolment.pk], completed_on=TODAY, credits="5"
    )[0]
    assert again.certificate_code == first.certificate_code
    assert again.credits_earned == Decimal("5")
    assert mail.outbox == []
    assert AuditEntry.objects.filter(action="klynge.learning.enrolment.completion_changed").exists()


@pytest.mark.parametrize(
    ("further", "credits", "field"),
    [
        (True, "8", "credits"),
        (True, "-1", "credits"),
        (True, "2.25", "credits"),
        (False, "3", "credits"),
    ],
)
def test_credits_are_checked_against_the_course(further: bool, credits: str, field: str) -> None:
    course = past_course(further=further) if further else past_course()
    enrolment = EnrolmentFactory(course=course)
    with pytest.raises(DomainError) as error:
        enrolment_complete(
            actor=None,
            course=course,
            enrolment_ids=[enrolment.pk],
            completed_on=TODAY,
            credits=credits,
        )
    assert error.value.field == field
    assert Enrolment.objects.get(pk=enrolment.pk).status == "enrolled"


def test_only_people_with_a_place_complete_all_or_nothing() -> None:
    course = past_course()
    ok = EnrolmentFactory(course=course)
    waiting = EnrolmentFactory(course=course, status="waitlisted", waitlist_position=1)
    with pytest.raises(ConflictError) as error:
        enrolment_complete(
            actor=None, course=course, enrolment_ids=[ok.pk, waiting.pk], completed_on=TODAY
        )
    assert waiting.person.full_name in error.value.message
    assert Enrolment.objects.get(pk=ok.pk).status == "enrolled"
    other = EnrolmentFactory()
    with pytest.raises(DomainError) as error:
        enrolment_complete(actor=None, course=course, enrolment_ids=[other.pk], completed_on=TODAY)
    assert error.value.field == "enrolments"


@pytest.mark.parametrize(
    "day", [TODAY + datetime.timedelta(days=1), datetime.date(2024, 8, 1)], ids=["future", "early"]
)
def test_the_completion_date_must_be_plausible(day: datetime.date) -> None:
    course = past_course()
    enrolment = EnrolmentFactory(course=course)
    with pytest.raises(DomainError) as error:
        enrolment_complete(
            actor=None, course=course, enrolment_ids=[enrolment.pk], completed_on=day
        )
    assert error.value.field == "completed_on"


def test_undoing_a_completion_revokes_the_certificate() -> None:
    course = past_course()
    enrolment = EnrolmentFactory(course=course)
    code = enrolment_complete(
        actor=None, course=course, enrolment_ids=[enrolment.pk], completed_on=TODAY
    )[0].certificate_code
    enrolment_uncomplete(actor=None, enrolment=enrolment)
    assert (enrolment.status, enrolment.certificate_code, enrolment.completed_on) == (
        "enrolled",
        "",
        None,
    )
    response = Client().get(reverse("learning:certificate_verify", args=[code]))
    assert response.status_code == 404
    with pytest.raises(ConflictError):
        enrolment_uncomplete(actor=None, enrolment=enrolment)


def test_certificate_pdf_is_bilingual_with_name_course_credits_and_number() -> None:
    provider = OrganisationFactory(name="Høgskolen i Grenseland")
    course = past_course(
        further=True,
        title="Flexibility markets and smart grids",
        provider=provider,
        learning_outcomes="Can design a local flexibility market.",
    )
    enrolment = EnrolmentFactory(course=course, person=PersonFactory(full_name="Ingrid Bakke"))
    done = enrolment_complete(
        actor=None,
        course=course,
        enrolment_ids=[enrolment.pk],
        completed_on=datetime.date(2024, 12, 12),
    )[0]
    text = pdf_text(certificate_pdf(done))
    for expected in (
        "Kursbevis",
        "Certificate of completion",
        "Ingrid Bakke",
        "Flexibility markets and smart grids",
        "Videreutdanning, masternivå",
        "Further education, master level",
        "7,5 studiepoeng (ECTS)",
        "7.5 ECTS credits",
        "12. desember 2024",
        "12 December 2024",
        "3. september 2024 – 17. september 2024",
        "Høgskolen i Grenseland",
        "Can design a local flexibility market.",
        done.certificate_code,
        f"/courses/certificates/{done.certificate_code}/",
    ):
        assert expected in text, expected


def test_only_completions_have_a_certificate() -> None:
    with pytest.raises(ValueError):
        certificate_pdf(EnrolmentFactory())


def test_verification_page_shows_only_what_the_certificate_says() -> None:
    course = past_course(title="Energy data in practice")
    enrolment = EnrolmentFactory(course=course, person=PersonFactory(full_name="Lars Berg"))
    code = enrolment_complete(
        actor=None, course=course, enrolment_ids=[enrolment.pk], completed_on=TODAY
    )[0].certificate_code
    response = Client().get(reverse("learning:certificate_verify", args=[code.lower()]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lars Berg" in body and "Energy data in practice" in body
    assert enrolment.person.email not in body
    assert (
        Client().get(reverse("learning:certificate_verify", args=["2024-NOPE"])).status_code == 404
    )
