"""Organiser pages: create/edit, capacity, participants and exports, check-in, no-shows, feedback."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from klynge.core.models import AuditEntry
from klynge.events.models import Event, Feedback, Registration
from tests.factories.events import EventFactory, RegistrationFactory, in_days
from tests.factories.members import PersonFactory

# Fixed dates in 2030-31 stay in the future: the clock is frozen at tests/clock.NOW.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def event_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Flexibility markets workshop",
        "kind": "workshop",
        "description": "Hands-on.",
        "starts_at": "2031-03-04T09:00",
        "ends_at": "2031-03-04T12:00",
        "venue": "Halden",
        "online_url": "",
        "audience": "public",
        "capacity": "30",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "status": "published",
        "questions_text": "Dietary needs*\nJoin the B2B session? [checkbox]\nLunch: Fish | Vegetarian",
    }
    return {**data, **overrides}


def test_staff_create_event_in_oslo_time_with_questions(cast: Any) -> None:
    client = logged_in(cast.staff_a)
    assert client.get("/events/new/").status_code == 200
    response = client.post("/events/new/", event_form(cluster=cast.cluster_a.pk))
    event = Event.objects.get()
    assert response.url == event.get_absolute_url()
    assert event.starts_at.isoformat() == "2031-03-04T08:00:00+00:00"  # 09:00 CET
    assert [(q.label, q.kind, q.required) for q in event.questions.all()] == [
        ("Dietary needs", "text", True),
        ("Join the B2B session?", "checkbox", False),
        ("Lunch", "choice", False),
    ]
    assert AuditEntry.objects.filter(
        action="klynge.events.event.created", cluster_id=cast.cluster_a.pk
    ).exists()


def test_create_form_errors_never_500(cast: Any) -> None:
    client = logged_in(cast.staff_a)
    response = client.post(
        "/events/new/",
        event_form(cluster=cast.cluster_a.pk, ends_at="2031-03-03T09:00", venue="", capacity="0"),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"ends_at", "venue", "capacity"}
    # Another cluster's staff cannot pick cluster A as host.
    response = logged_in(cast.staff_b).post("/events/new/", event_form(cluster=cast.cluster_a.pk))
    assert "cluster" in response.context["form"].errors
    assert Client().get("/events/new/").status_code == 302
    assert not Event.objects.exists()


def test_edit_keeps_questions_once_people_registered_and_capacity_raise_promotes(cast: Any) -> None:
    event = EventFactory(cluster=cast.cluster_a, capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted", waitlist_position=1)
    client = logged_in(cast.staff_a)
    data = event_form(
        title="New title",
        starts_at="2031-05-01T10:00",
        ends_at="2031-05-01T12:00",
        capacity="2",
        questions_text="",
    )
    response = client.post(f"/events/{event.pk}/edit/", data, follow=True)
    event.refresh_from_db()
    waiting.refresh_from_db()
    assert event.title == "New title" and event.capacity == 2
    assert waiting.status == "confirmed"
    assert "moved from the waiting list" in response.content.decode()
    assert logged_in(cast.staff_b).get(f"/events/{event.pk}/edit/").status_code == 403


def test_capacity_lowered_says_how_many_are_over(cast: Any) -> None:
    event = EventFactory(cluster=cast.cluster_a, capacity=5)
    RegistrationFactory.create_batch(4, event=event)
    response = logged_in(cast.manager_a).post(
        f"/events/{event.pk}/capacity/", {"capacity": "2"}, follow=True
    )
    assert "over capacity by 2" in response.content.decode()
    assert Registration.objects.filter(event=event, status="confirmed").count() == 4
    response = logged_in(cast.manager_a).post(
        f"/events/{event.pk}/capacity/", {"capacity": "-1"}, follow=True
    )
    assert "greater than or equal to 1" in response.content.decode()
    assert (
        logged_in(cast.officer).post(f"/events/{event.pk}/capacity/", {"capacity": "9"}).status_code
        == 403
    )


def test_participants_list_search_and_formula_safe_exports(cast: Any) -> None:
    event = EventFactory(cluster=cast.cluster_a)
    RegistrationFactory(event=event, person=PersonFactory(full_name="=HYPERLINK(evil)"))
    RegistrationFactory(event=event, person=PersonFactory(full_name="Kari Nordmann"))
    RegistrationFactory(event=event, person=PersonFactory(full_name="Gone"), status="cancelled")
    client = logged_in(cast.officer)
    page = client.get(f"/events/{event.pk}/participants/")
    assert [r.person.full_name for r in page.context["page"].object_list] == [
        "=HYPERLINK(evil)",
        "Kari Nordmann",
    ]
    assert page.context["can_manage"] is False
    found = client.get(f"/events/{event.pk}/participants/?q=kari")
    assert [r.person.full_name for r in found.context["page"].object_list] == ["Kari Nordmann"]
    csv_text = client.get(f"/events/{event.pk}/participants/?export=csv").content.decode(
        "utf-8-sig"
    )
    assert csv_text.splitlines()[0].startswith("Name,Email,Organisation,Status")
    assert "'=HYPERLINK(evil)" in csv_text and "Gone" not in csv_text
    xlsx = client.get(f"/events/{event.pk}/participants/?export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == [
        "Name",
        "=HYPERLINK(evil)",
        "Kari Nordmann",
    ]
    assert sheet["A2"].data_type == "s"  # text, never a formula
    assert Client().get(f"/events/{event.pk}/participants/").status_code == 302
    assert logged_in(cast.staff_b).get(f"/events/{event.pk}/participants/").status_code == 403


def test_participants_export_columns(cast: Any) -> None:
    """An export row: name, email, the organisation (or the name a guest typed), the status and
    source in words, times in the local zone, and the answers."""
    import csv
    import datetime

    from django.utils import timezone

    event = EventFactory(cluster=cast.cluster_a)
    from tests.factories.members import OrganisationFactory

    member = PersonFactory(organisation=OrganisationFactory(name="Medlem AS"))
    RegistrationFactory(event=event, person=member, answers={"diet": "vegan"})
    guest = PersonFactory(full_name="Åse Gjest", email="ase@example.com", organisation=None)
    registered = RegistrationFactory(
        event=event, person=guest, organisation=None, organisation_name="Gjest AS"
    )
    moment = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    Registration.objects.filter(pk=registered.pk).update(created_at=moment)
    text = logged_in(cast.manager_a).get(f"/events/{event.pk}/participants/?export=csv")
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Åse Gjest"][1:8] == [
        "ase@example.com",
        "Gjest AS",
        str(Registration.Status.CONFIRMED.label),
        "",
        str(Registration.Source(registered.source).label),
        timezone.localtime(moment).strftime("%Y-%m-%d %H:%M"),
        "",
    ]
    assert by_name[member.full_name][2] == "Medlem AS"


def test_staff_adds_someone_to_an_invitation_only_event(cast: Any) -> None:
    event = EventFactory(cluster=cast.cluster_a, audience=Event.Audience.INVITED)
    logged_in(cast.staff_a).post(
        f"/events/{event.pk}/participants/add/",
        {
            "full_name": "Invitee",
            "email": "invitee@example.org",
            "organisation_name": "Fredrikstad Energi",
        },
    )
    registration = Registration.objects.get(event=event)
    assert (registration.source, registration.organisation_name) == ("staff", "Fredrikstad Energi")


def test_check_in_is_one_click_htmx_with_live_counts_and_search(cast: Any) -> None:
    event = EventFactory(cluster=cast.cluster_a, starts_at=in_days(0, 0), ends_at=in_days(0, 23))
    ola = RegistrationFactory(event=event, person=PersonFactory(full_name="Ola Nordmann"))
    RegistrationFactory(event=event, person=PersonFactory(full_name="Kari Hansen"))
    RegistrationFactory(event=event, status="waitlisted", waitlist_position=1)
    client = logged_in(cast.staff_a)
    page = client.get(f"/events/{event.pk}/check-in/")
    assert len(page.context["page"].object_list) == 2
    rows = client.get(
        f"/events/{event.pk}/check-in/?q=ola", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="checkin-rows"
    )
    assert "<html" not in rows.content.decode()
    assert "Ola Nordmann" in rows.content.decode() and "Kari" not in rows.content.decode()
    partial = client.post(
        f"/events/{event.pk}/check-in/{ola.pk}/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert partial.startswith(f'<tr id="reg-{ola.pk}"')
    assert "In at" in partial and 'hx-swap-oob="true"' in partial and "1 checked in" in partial
    ola.refresh_from_db()
    assert ola.status == "attended" and ola.checked_in_at is not None
    again = client.post(
        f"/events/{event.pk}/check-in/{ola.pk}/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Already checked in" in again
    undone = client.post(f"/events/{event.pk}/check-in/{ola.pk}/", {"undo": "1"}).content.decode()
    assert "0 checked in" in undone
    counts = client.get(f"/events/{event.pk}/check-in/counts/").content.decode()
    assert "2 expected" in counts and "1 waiting" in counts
    assert logged_in(cast.officer).get(f"/events/{event.pk}/check-in/").status_code == 403


def test_no_shows_feedback_only_to_attendees_and_results(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = EventFactory(cluster=cast.cluster_a, starts_at=in_days(-2), ends_at=in_days(-2, 17))
    came = RegistrationFactory(event=event, status="attended")
    absent = RegistrationFactory(event=event)
    client = logged_in(cast.staff_a)
    client.post(f"/events/{event.pk}/no-shows/")
    absent.refresh_from_db()
    assert absent.status == "no_show"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/{event.pk}/feedback-requests/")
    assert [m.to for m in mail.outbox] == [[came.person.email]]
    assert f"/events/r/{came.token}/feedback/" in mail.outbox[0].body
    assert Client().get(f"/events/r/{absent.token}/feedback/").status_code == 404
    form = Client().get(f"/events/r/{came.token}/feedback/")
    assert "How likely are you to recommend" in form.content.decode()
    Client().post(f"/events/r/{came.token}/feedback/", {"score": "9", "comment": "Great panel"})
    assert Feedback.objects.get().score == 9
    second = Client().post(f"/events/r/{came.token}/feedback/", {"score": "1"})
    assert "your feedback is recorded" in second.content.decode() and Feedback.objects.count() == 1
    detail = client.get(f"/events/{event.pk}/").content.decode()
    assert "Net Promoter Score" in detail
    assert "Great panel" in client.get(f"/events/{event.pk}/participants/").content.decode()
    assert "Great panel" not in detail


def test_manager_cancels_event_and_everyone_is_told(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = EventFactory(cluster=cast.cluster_a, capacity=1, title="Network meeting")
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="waitlisted", waitlist_position=1)
    assert logged_in(cast.staff_a).post(f"/events/{event.pk}/cancel/").status_code == 403
    client = logged_in(cast.manager_a)
    assert "1 confirmed participants" in client.get(f"/events/{event.pk}/cancel/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/{event.pk}/cancel/")
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    assert [m.subject for m in mail.outbox] == ["Cancelled: Network meeting"] * 2


def test_member_contact_registers_colleagues_and_sees_who_is_coming(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a, capacity=1)
    anna, bo = (
        PersonFactory(full_name="Anna", organisation=member_cast.org_a),
        PersonFactory(full_name="Bo", organisation=member_cast.org_a),
    )
    PersonFactory(full_name="Not mine", organisation=member_cast.org_b)
    client = logged_in(member_cast.contact_a)
    page = client.get(f"/events/{event.pk}/colleagues/")
    offered = {p.full_name for p in page.context["form"].fields["people"].queryset}
    assert "Anna" in offered and "Not mine" not in offered
    response = client.post(
        f"/events/{event.pk}/colleagues/", {"people": [anna.pk, bo.pk]}, follow=True
    )
    assert "1 of them are on the waiting list" in response.content.decode()
    coming = [(r.person.full_name, r.status) for r in response.context["coming"]]
    assert coming == [("Anna", "confirmed"), ("Bo", "waitlisted")]
    bad = client.post(f"/events/{event.pk}/colleagues/", {"people": [999999]})
    assert "people" in bad.context["form"].errors
    bo_reg = Registration.objects.get(person=bo)
    client.post(f"/events/{event.pk}/registrations/{bo_reg.pk}/cancel/")
    bo_reg.refresh_from_db()
    assert bo_reg.status == "cancelled"
    assert (
        logged_in(member_cast.contact_b)
        .post(
            f"/events/{event.pk}/registrations/{Registration.objects.get(person=anna).pk}/cancel/"
        )
        .status_code
        == 403
    )
    assert logged_in(member_cast.staff_a).get(f"/events/{event.pk}/colleagues/").status_code == 403
