"""Audiences as data (count before sending), invitations with personal links, reminders."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from klynge.core.errors import ConflictError, DomainError
from klynge.insight import tasks
from klynge.insight.models import Invitation
from klynge.insight.selectors.audience import audience_count, audience_recipients
from klynge.insight.selectors.responses import invitation_get_by_token
from klynge.insight.services.invitations import (
    audience_set,
    entries_from_table,
    invitations_send,
    reminder_dates_set,
)
from klynge.insight.tokens import link_token
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.insight import SurveyFactory, two_page_survey
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


@pytest.fixture
def people(member_cast: Any) -> dict[str, Any]:
    consenting = PersonFactory(
        organisation=member_cast.org_a, consent_newsletter=True, email="Yes@Example.org"
    )
    no_email = PersonFactory(organisation=member_cast.org_a, email="")
    former_org = OrganisationFactory()
    MembershipFactory(
        cluster=member_cast.cluster_a,
        organisation=former_org,
        joined_on=datetime.date(2015, 1, 1),
        left_on=datetime.date(2020, 1, 1),
    )
    former = PersonFactory(organisation=former_org)
    outsider = PersonFactory(organisation=OrganisationFactory())
    return {"consenting": consenting, "no_email": no_email, "former": former, "outsider": outsider}


def emails(survey: Any) -> set[str]:
    return {r.email for r in audience_recipients(survey=survey)}


def test_audience_kinds(member_cast: Any, people: dict[str, Any]) -> None:
    survey = SurveyFactory(cluster=member_cast.cluster_a)
    audience_set(actor=member_cast.manager_a, survey=survey, kind="members")
    assert emails(survey) == {"contact-a@example.org", "contact-b@example.org", "yes@example.org"}
    audience_set(actor=member_cast.manager_a, survey=survey, kind="consented")
    assert emails(survey) == {"yes@example.org"}

    event = EventFactory(cluster=member_cast.cluster_a)
    RegistrationFactory(event=event, person=people["outsider"], status="attended")
    RegistrationFactory(event=event, person=people["former"], status="cancelled")
    course = CourseFactory(cluster=member_cast.cluster_a)
    EnrolmentFactory(course=course, person=people["consenting"], status="enrolled")
    audience_set(
        actor=member_cast.manager_a,
        survey=survey,
        kind="participants",
        event_ids=[event.pk],
        course_ids=[course.pk],
    )
    assert emails(survey) == {people["outsider"].email, "yes@example.org"}
    with pytest.raises(DomainError):
        audience_set(actor=member_cast.manager_a, survey=survey, kind="participants")

    entries = entries_from_table(
        ["E-post", "Navn", "Språk"],
        [
            (2, ["contact-a@example.org", "A", "en"]),
            (3, ["new@example.org", "New", ""]),
            (4, ["", "", ""]),
        ],
    )
    audience_set(actor=member_cast.manager_a, survey=survey, kind="upload", entries=entries)
    recipients = {r.email: r for r in audience_recipients(survey=survey)}
    assert set(recipients) == {"contact-a@example.org", "new@example.org"}
    assert recipients["contact-a@example.org"].organisation_id == member_cast.org_a.pk  # matched
    assert recipients["new@example.org"].person_id is None
    assert recipients["new@example.org"].language == "nb"
    assert entries[0]["language"] == "en"  # the "Språk" column was read
    with pytest.raises(DomainError) as error:
        entries_from_table(["email"], [(2, ["not-an-address"])])
    assert "Row 2" in error.value.message
    with pytest.raises(DomainError):
        entries_from_table(["name"], [(2, ["x"])])


def test_send_creates_personal_links_and_mails_each_once(
    member_cast: Any, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    survey = two_page_survey(cluster=member_cast.cluster_a)
    audience_set(actor=member_cast.manager_a, survey=survey, kind="members")
    assert audience_count(survey=survey).new == 3
    with pytest.raises(DomainError):  # no audience chosen yet for this one
        invitations_send(
            actor=member_cast.manager_a, survey=SurveyFactory(cluster=member_cast.cluster_a)
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send(actor=member_cast.manager_a, survey=survey) == 3
    survey.refresh_from_db()
    assert survey.sent_at is not None
    assert len(mail.outbox) == 3
    invitation = Invitation.objects.get(survey=survey, email="contact-a@example.org")
    token = link_token(invitation.token_salt)
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    message = next(m for m in mail.outbox if m.to == ["contact-a@example.org"])
    assert f"/s/{token}/" in message.body
    assert invitation_get_by_token(raw=token) == invitation
    assert invitation_get_by_token(raw=token + "x") is None
    assert invitation.org_kind == "sme" and invitation.size_class == "small"
    # A second send reaches only newcomers; with none, it says so.
    with pytest.raises(ConflictError):
        invitations_send(actor=member_cast.manager_a, survey=survey)
    PersonFactory(organisation=member_cast.org_b, email="late@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send(actor=member_cast.manager_a, survey=survey) == 1
    assert [m.to for m in mail.outbox] == [["late@example.org"]]
    tasks.send_invitation_mails.call(survey.pk)  # run again: nobody is mailed twice
    assert len(mail.outbox) == 1


def test_invitation_mail_in_the_invitees_language(
    member_cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    PersonFactory(organisation=member_cast.org_a, email="nb@example.org", language="nb")
    survey = two_page_survey(cluster=member_cast.cluster_a, title_nb="Medlemsundersøkelse")
    audience_set(actor=member_cast.manager_a, survey=survey, kind="members")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(actor=member_cast.manager_a, survey=survey)
    norwegian = next(m for m in mail.outbox if m.to == ["nb@example.org"])
    assert "Medlemsundersøkelse" in norwegian.subject
    assert "lenke" in norwegian.body.lower()


def test_reminders_go_to_non_respondents_once_per_date(sent: Any) -> None:
    survey = sent.survey
    today = timezone.localdate()
    with pytest.raises(DomainError):
        reminder_dates_set(
            actor=sent.manager_a, survey=survey, dates=[today - datetime.timedelta(days=1)]
        )
    with pytest.raises(DomainError):
        reminder_dates_set(
            actor=sent.manager_a, survey=survey, dates=[today + datetime.timedelta(days=60)]
        )
    reminder_dates_set(
        actor=sent.manager_a, survey=survey, dates=[today, today + datetime.timedelta(days=7)]
    )
    Invitation.objects.filter(pk=sent.invitation_b.pk).update(completed=True)
    mail.outbox.clear()
    assert tasks.enqueue_due_reminders(today) == 1
    assert [m.to for m in mail.outbox] == [["contact-a@example.org"]]
    assert "Reminder" in mail.outbox[0].subject
    assert sent.link_a in mail.outbox[0].body
    # The same date again (cron and a deferred task both fire): nobody gets a second one.
    assert tasks.send_survey_reminders.call(survey.pk, today.isoformat()) == 0
    # A date that is not a reminder date sends nothing.
    assert (
        tasks.send_survey_reminders.call(
            survey.pk, (today + datetime.timedelta(days=1)).isoformat()
        )
        == 0
    )
    invitation = Invitation.objects.get(pk=sent.invitation_a.pk)
    assert invitation.reminders_sent == 1 and invitation.last_reminded_on == today


def test_the_manager_uploads_a_list_on_the_audience_page_and_sends_to_it(
    member_cast: Any,
) -> None:
    """CSV and XLSX lists through the page: the count shows before sending, a broken list is an
    error on the form (never a 500) and leaves the saved audience as it was; sending mails each
    address on the list once."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from openpyxl import Workbook

    survey = two_page_survey(cluster=member_cast.cluster_a)
    client = Client()
    client.force_login(member_cast.manager_a)
    url = f"/surveys/{survey.pk}/audience/"

    csv = "email,name,language\nkari@example.org,Kari,nb\nola@example.org,Ola,en\n,,\n"
    saved = client.post(
        url, {"kind": "upload", "file": SimpleUploadedFile("list.csv", csv.encode(), "text/csv")}
    )
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="audience-count"' in page and "The audience is 2 people." in page

    book = Workbook()
    book.active.append(["E-post", "Navn"])
    for index in range(3):
        book.active.append([f"x{index}@example.org", f"X {index}"])
    data = io.BytesIO()
    book.save(data)
    xlsx = SimpleUploadedFile("list.xlsx", data.getvalue())
    assert client.post(url, {"kind": "upload", "file": xlsx}).status_code == 302
    assert "The audience is 3 people." in client.get(url).content.decode()

    for name, content in (
        ("names.csv", b"name\nKari\n"),  # no email column
        ("bad.csv", b"email\nnot-an-address\n"),
        ("list.pdf", b"%PDF-1.4"),
    ):
        refused = client.post(url, {"kind": "upload", "file": SimpleUploadedFile(name, content)})
        assert refused.status_code == 200, name
        assert refused.context["form"].errors, name
    survey.refresh_from_db()
    assert {r.email for r in audience_recipients(survey=survey)} == {
        "x0@example.org",
        "x1@example.org",
        "x2@example.org",
    }

    mail.outbox.clear()
    assert client.post(f"/surveys/{survey.pk}/send/").status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "x0@example.org",
        "x1@example.org",
        "x2@example.org",
    ]
