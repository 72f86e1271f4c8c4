"""Public pages: list with filters, detail, guest registration, the personal link, calendars."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from klynge.events.models import CalendarFeed, Event, Registration
from tests.factories.clusters import TopicFactory
from tests.factories.events import EventFactory, RegistrationFactory, in_days
from tests.factories.members import PersonFactory
from tests.http import client_for as logged_in

# Fixed dates in 2030-31 stay in the future: the clock is frozen at tests/clock.NOW.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def titles(response: Any) -> list[str]:
    return [e.title for e in response.context["page"].object_list]


def test_list_shows_upcoming_public_events_and_hides_drafts_and_members_only(
    client: Client, member_cast: Any
) -> None:
    a = member_cast.cluster_a
    EventFactory(cluster=a, title="Open seminar", starts_at=in_days(3))
    EventFactory(cluster=a, title="Draft", status=Event.Status.DRAFT)
    EventFactory(cluster=a, title="Members meeting", audience=Event.Audience.MEMBERS)
    EventFactory(cluster=a, title="Old", starts_at=in_days(-30), ends_at=in_days(-30, 12))
    assert titles(client.get("/events/")) == ["Open seminar"]
    assert titles(client.get("/events/?period=past")) == ["Old"]
    assert set(titles(logged_in(member_cast.contact_a).get("/events/"))) == {
        "Open seminar",
        "Members meeting",
    }
    assert set(titles(logged_in(member_cast.staff_a).get("/events/"))) == {
        "Open seminar",
        "Members meeting",
        "Draft",
    }
    assert titles(logged_in(member_cast.staff_b).get("/events/")) == ["Open seminar"]


def test_list_filters_by_kind_topic_status_period_and_search(client: Client, cast: Any) -> None:
    grids = TopicFactory(slug="smart-grids")
    workshop = EventFactory(
        cluster=cast.cluster_a,
        title="Flex workshop",
        kind=Event.Kind.WORKSHOP,
        starts_at=in_days(40),
    )
    workshop.topics.add(grids)
    EventFactory(
        cluster=cast.cluster_a, title="Webinar", kind=Event.Kind.WEBINAR, starts_at=in_days(5)
    )
    EventFactory(cluster=cast.cluster_b, title="Cancelled", status=Event.Status.CANCELLED)
    assert titles(client.get("/events/?kind=workshop")) == ["Flex workshop"]
    assert titles(client.get("/events/?topic=smart-grids")) == ["Flex workshop"]
    assert titles(client.get("/events/?status=cancelled")) == ["Cancelled"]
    assert titles(client.get("/events/?q=flex")) == ["Flex workshop"]
    assert titles(client.get("/events/?cluster=cluster-b")) == ["Cancelled"]
    start = in_days(30).date().isoformat()
    assert titles(client.get(f"/events/?start={start}")) == ["Flex workshop"]
    bad = client.get("/events/?start=2030-02-01&end=2030-01-01")
    assert bad.status_code == 200 and "before its start" in bad.content.decode()
    empty = client.get("/events/?q=nothing-like-this").content.decode()
    assert "Clear filters" in empty


def test_hidden_events_are_404_for_outsiders(client: Client, cast: Any) -> None:
    draft = EventFactory(cluster=cast.cluster_a, status=Event.Status.DRAFT)
    assert client.get(f"/events/{draft.pk}/").status_code == 404
    assert logged_in(cast.staff_b).get(f"/events/{draft.pk}/").status_code == 404
    assert logged_in(cast.staff_a).get(f"/events/{draft.pk}/").status_code == 200


def test_guest_registers_gets_mail_and_lands_on_personal_page(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    event = EventFactory(title="Partner Conference", capacity=1)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Full name" in page and "Register" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/{event.pk}/register/",
            {
                "full_name": "Ola Nordmann",
                "email": "ola@example.org",
                "organisation_name": "Hvaler kommune",
            },
            follow=True,
        )
    registration = Registration.objects.get(person__email="ola@example.org")
    assert response.redirect_chain[-1][0] == registration.get_manage_url()
    assert "You are registered" in response.content.decode()
    assert registration.status == "confirmed" and registration.organisation_name == "Hvaler kommune"
    assert [m.to for m in mail.outbox] == [["ola@example.org"]]

    full_page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Join the waiting list" in full_page
    response = client.post(
        f"/events/{event.pk}/register/",
        {"full_name": "Kari", "email": "kari@example.org"},
        follow=True,
    )
    assert "number 1 on the waiting list" in response.content.decode()


def test_registration_form_errors_are_field_level(client: Client) -> None:
    event = EventFactory()
    response = client.post(f"/events/{event.pk}/register/", {"full_name": "", "email": "nope"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"full_name", "email"}
    RegistrationFactory(
        event=event, person=PersonFactory(email="dup@example.org", organisation=None)
    )
    response = client.post(
        f"/events/{event.pk}/register/", {"full_name": "Dup", "email": "dup@example.org"}
    )
    assert "already registered" in response.context["form"].errors["email"][0]


def test_logged_in_person_registers_with_one_click(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a, audience=Event.Audience.MEMBERS)
    client = logged_in(member_cast.contact_a)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Full name" not in page
    client.post(f"/events/{event.pk}/register/", {})
    registration = Registration.objects.get(event=event)
    assert registration.person.user == member_cast.contact_a
    assert registration.organisation == member_cast.org_a
    assert "You are registered" in client.get(f"/events/{event.pk}/").content.decode()


def test_register_is_forbidden_where_the_predicate_says_no(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a, audience=Event.Audience.MEMBERS)
    assert (
        logged_in(member_cast.staff_b).post(f"/events/{event.pk}/register/", {}).status_code == 404
    )
    assert Client().get(f"/events/{event.pk}/register/").status_code == 405


def test_personal_link_cancels_and_promotes(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    event = EventFactory(capacity=1, title="Energy data workshop")
    first = RegistrationFactory(event=event)
    second = RegistrationFactory(event=event, status="waitlisted", waitlist_position=1)
    page = client.get(f"/events/r/{first.token}/").content.decode()
    assert "Cancel my registration" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/r/{first.token}/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("cancelled", "confirmed")
    assert any(
        m.to == [second.person.email] and "You got a place" in m.subject for m in mail.outbox
    )
    assert client.get("/events/r/not-a-token/").status_code == 404


def test_event_ics_and_cluster_feed_and_personal_feed(client: Client, member_cast: Any) -> None:
    event = EventFactory(
        cluster=member_cast.cluster_a,
        title="Smart grids seminar",
        starts_at=datetime.datetime(2031, 6, 1, 7, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2031, 6, 1, 10, 0, tzinfo=datetime.UTC),
    )
    EventFactory(cluster=member_cast.cluster_a, title="Secret", audience=Event.Audience.MEMBERS)
    response = client.get(f"/events/{event.pk}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["summary"]) == "Smart grids seminar"
    feed = Calendar.from_ical(client.get("/events/feeds/clusters/cluster-a.ics").content)
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["Smart grids seminar"]

    RegistrationFactory(event=event, person=member_cast.contact_a.person)
    contact = logged_in(member_cast.contact_a)
    assert "personal-feed" in contact.get("/events/mine/").content.decode()
    token = CalendarFeed.objects.get(person=member_cast.contact_a.person).token
    mine = Calendar.from_ical(client.get(f"/events/feeds/people/{token}.ics").content)
    assert [str(e["summary"]) for e in mine.walk("VEVENT")] == ["Smart grids seminar"]
    assert client.get("/events/feeds/people/wrong.ics").status_code == 404


def test_detail_shows_times_in_oslo(client: Client) -> None:
    event = EventFactory(
        starts_at=datetime.datetime(2031, 7, 1, 7, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2031, 7, 1, 9, 30, tzinfo=datetime.UTC),
    )
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "1 Jul 2031, 09:00</time>–11:30" in page


def test_event_page_renders_sections_registered_by_other_apps(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from klynge.core import extensions

    extra = extensions.Section(
        "test-extra", "Extra", "events/_person_section.html", lambda viewer, event: {}
    )
    monkeypatch.setitem(extensions._REGISTRY, "event_sections", {"test-extra": extra})
    event = EventFactory(title="Energy data day")
    body = client.get(event.get_absolute_url()).content.decode()
    assert 'data-testid="person-events"' in body


@pytest.mark.parametrize(("accept", "subject_start"), [("nb", "Du er påmeldt"), ("en", "You are")])
def test_guest_mail_follows_the_language_they_registered_in(
    client: Client, django_capture_on_commit_callbacks: Any, accept: str, subject_start: str
) -> None:
    event = EventFactory(title="Grid day", capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/events/{event.pk}/register/",
            {"full_name": "Kari", "email": f"kari-{accept}@example.org"},
            HTTP_ACCEPT_LANGUAGE=accept,
        )
    registration = Registration.objects.get(person__email=f"kari-{accept}@example.org")
    assert registration.person.language == accept
    assert mail.outbox[-1].subject.startswith(subject_start)
