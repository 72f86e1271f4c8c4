"""B2B meetings in the browser: one participant joins and requests a meeting, the other accepts,
the organiser runs the scheduler and publishes, and the agendas open."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from klynge.matchmaking.models import Meeting, Participant
from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.matchmaking import ParticipantFactory, SessionFactory
from tests.factories.members import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Log out").click()


def test_request_accept_schedule_and_open_the_agenda(page: Any) -> None:
    cluster = ClusterFactory(name="NCE Smart Energy Markets", slug="nce-smart-energy-markets")
    organiser = UserFactory(email="staff@nce.example.org")
    ClusterRoleFactory(user=organiser, cluster=cluster, role="staff")
    event = EventFactory(cluster=cluster, title="Partner Conference")
    session = SessionFactory(event=event, title="B2B at the Partner Conference")
    kari_user = UserFactory(email="kari@gridlytics.example.org", full_name="Kari Kontakt")
    kari = PersonFactory(
        full_name="Kari Kontakt",
        language="en",
        user=kari_user,
        email=kari_user.email,
        organisation=OrganisationFactory(name="Gridlytics AS"),
    )
    RegistrationFactory(event=event, person=kari)
    ola_user = UserFactory(email="ola@fredrikstad.example.org", full_name="Ola Nett")
    ola = PersonFactory(
        full_name="Ola Nett",
        user=ola_user,
        email=ola_user.email,
        organisation=OrganisationFactory(name="Fredrikstad Energi (test)"),
    )
    ParticipantFactory(session=session, person=ola, offers="Grid pilot sites")

    # Kari joins from the B2B page, fills in her profile and asks Ola for a meeting.
    log_in(page, kari_user.email, PASSWORD)
    page.goto(f"/b2b/{session.pk}/")
    page.get_by_role("button", name="Take part in B2B meetings").click()
    page.get_by_label("What I am looking for").fill("Pilot sites for flexibility trading")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_test_id("participant-table")).to_contain_text("Ola Nett")
    page.get_by_role("link", name="Request a meeting").first.click()
    page.get_by_label("Message").fill("Could we test our platform at your pilot site?")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Request sent to Ola Nett")).to_be_visible()
    assert [m.to for m in mail.outbox] == [[ola_user.email]]
    log_out(page)

    # Ola accepts in his requests list.
    log_in(page, ola_user.email, PASSWORD)
    page.goto(f"/b2b/{session.pk}/requests/")
    expect(page.get_by_test_id("received")).to_contain_text("Could we test our platform")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted: the meeting is on both agendas.")).to_be_visible()
    assert Meeting.objects.filter(session=session, status="active").count() == 1
    log_out(page)

    # The organiser runs the scheduler, sees the report and publishes.
    log_in(page, organiser.email, PASSWORD)
    page.goto(f"/b2b/{session.pk}/manage/")
    page.get_by_label("Time limit (seconds)").fill("3")
    page.get_by_role("button", name="Run the scheduler").click()
    expect(page.get_by_test_id("run-report")).to_contain_text("1 / 1")
    page.get_by_role("button", name="Publish agendas and mail participants").click()
    expect(page.get_by_text("Agendas published (version 1)")).to_be_visible()
    page.goto(f"/b2b/{session.pk}/manage/schedule/")
    expect(page.get_by_test_id("grid-meeting")).to_have_count(1)
    kari_row = Participant.objects.get(session=session, person=kari)
    page.goto(f"/b2b/{session.pk}/agenda/{kari_row.pk}/")
    expect(page.get_by_test_id("agenda-item")).to_contain_text("Ola Nett")
    log_out(page)

    # Kari opens her own agenda.
    log_in(page, kari_user.email, PASSWORD)
    page.goto(f"/b2b/{session.pk}/")
    page.get_by_role("link", name="My agenda").first.click()
    expect(page.get_by_role("heading", name="My B2B agenda")).to_be_visible()
    expect(page.get_by_test_id("agenda-item")).to_have_count(1)
    expect(page.get_by_test_id("agenda-item")).to_contain_text("Fredrikstad Energi (test)")
    to_kari = [m.subject for m in mail.outbox if m.to == [kari_user.email]]
    assert to_kari == [
        "Ola Nett accepted your meeting request",
        "Your B2B agenda for Partner Conference",
    ]
