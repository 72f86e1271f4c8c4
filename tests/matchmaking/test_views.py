"""Pages: what each role gets, forms with field errors, exports, the htmx scheduler panel."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.matchmaking.models import MatchmakingSession, Meeting, MeetingRequest, Participant
from tests.factories.events import RegistrationFactory
from tests.factories.matchmaking import World, build_world, make_meeting


@pytest.fixture
def world(member_cast: Any) -> World:
    return build_world(member_cast)


def as_user(user: Any) -> Client:
    client = Client()
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    return client


ORGANISER_PAGES = ["dashboard", "requests_all", "meetings", "grid", "agendas", "statistics"]


@pytest.mark.parametrize("name", ORGANISER_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [("staff_a", 200), ("officer", 200), ("contact_a", 403), ("staff_b", 403), ("anonymous", 302)],
)
def test_organiser_pages_by_role(world: World, name: str, role: str, status: int) -> None:
    make_meeting(world.me, world.other, slot=1, table=1)
    response = as_user(world.cast.user(role)).get(
        reverse(f"matchmaking:{name}", args=[world.session.pk])
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("contact_a", 200), ("staff_a", 200), ("contact_b", 403), ("staff_b", 403)],
)
def test_agenda_page_by_role(world: World, role: str, status: int) -> None:
    url = reverse("matchmaking:participant", args=[world.session.pk, world.me.pk])
    assert as_user(world.cast.user(role)).get(url).status_code == status


def test_draft_session_is_not_found_for_the_public(world: World) -> None:
    MatchmakingSession.objects.filter(pk=world.session.pk).update(status="draft")
    url = reverse("matchmaking:session", args=[world.session.pk])
    assert as_user(world.cast.anonymous).get(url).status_code == 404
    assert as_user(world.cast.staff_a).get(url).status_code == 200


def test_session_page_shows_suggestions_to_a_participant(world: World) -> None:
    from klynge.clusters.models import Topic

    topic = Topic.objects.create(slug="smart-grids", name_en="Smart grids", name_nb="Smarte nett")
    world.me.topics.add(topic)
    world.other.topics.add(topic)
    response = as_user(world.cast.contact_a).get(
        reverse("matchmaking:session", args=[world.session.pk])
    )
    body = response.content.decode()
    assert 'data-testid="suggestions"' in body
    assert world.other.person.full_name in body


def test_a_registered_person_joins_and_fills_in_the_profile(world: World) -> None:
    from tests.factories.accounts import UserFactory
    from tests.factories.members import PersonFactory

    user = UserFactory()
    registration = RegistrationFactory(event=world.session.event, person=PersonFactory(user=user))
    client = as_user(user)
    response = client.post(reverse("matchmaking:join", args=[world.session.pk]))
    assert response.status_code == 302
    participant = Participant.objects.get(session=world.session, person=registration.person)
    url = reverse("matchmaking:profile", args=[world.session.pk])
    bad = client.post(url, {"arrives_at": "12:00", "leaves_at": "10:00"})
    assert bad.status_code == 200
    assert "You cannot leave before you arrive." in bad.content.decode()
    ok = client.post(
        url, {"offers": "Battery storage", "needs": "Pilot customers", "unavailable_slots": ["2"]}
    )
    assert ok.status_code == 302
    participant.refresh_from_db()
    assert (participant.offers, participant.unavailable_slots) == ("Battery storage", [2])


def test_request_and_accept_through_the_pages(world: World) -> None:
    client_a = as_user(world.cast.contact_a)
    url = reverse("matchmaking:request_new", args=[world.session.pk, world.other.pk])
    assert client_a.get(url).status_code == 200
    assert client_a.post(url, {"message": "Coffee?"}).status_code == 302
    sent = MeetingRequest.objects.get(requester=world.me, invitee=world.other)
    # The requester cannot accept their own request; the invitee can.
    accept = reverse("matchmaking:answer", args=[sent.pk, "accept"])
    assert client_a.post(accept).status_code == 403
    mine = as_user(world.cast.contact_b).get(
        reverse("matchmaking:requests_mine", args=[world.session.pk])
    )
    assert "Coffee?" in mine.content.decode()
    assert as_user(world.cast.contact_b).post(accept).status_code == 302
    assert Meeting.objects.filter(request=sent).count() == 1
    assert (
        as_user(world.cast.contact_b)
        .post(reverse("matchmaking:answer", args=[sent.pk, "bogus"]))
        .status_code
        == 404
    )


def test_session_form_shows_field_errors(world: World) -> None:
    event = world.session.event
    client = as_user(world.cast.staff_a)
    url = reverse("matchmaking:session_new", args=[event.pk])
    data = {
        "title": "B2B",
        "day": "2001-01-01",
        "morning_start": "09:00",
        "morning_slots": 4,
        "afternoon_slots": 0,
        "meeting_minutes": 20,
        "break_minutes": 5,
        "table_count": 4,
        "request_mode": "confirm",
        "booking_mode": "scheduler",
        "fairness": 2,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Choose a day of the event." in response.content.decode()
    data["day"] = world.session.day.isoformat()
    assert client.post(url, data).status_code == 302
    assert as_user(world.cast.staff_b).get(url).status_code == 403


def test_run_status_polls_while_running_and_stops_when_done(world: World) -> None:
    client = as_user(world.cast.staff_a)
    url = reverse("matchmaking:run_status", args=[world.session.pk])
    MatchmakingSession.objects.filter(pk=world.session.pk).update(
        run_state="running", run_progress=42, run_message="Best so far: 3 idle gaps"
    )
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in body and "42" in body and "Best so far" in body
    MatchmakingSession.objects.filter(pk=world.session.pk).update(
        run_state="done", run_progress=100
    )
    finished = client.get(url, HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in finished.content.decode()
    assert finished["HX-Refresh"] == "true"  # one reload shows the fresh counts


def test_organiser_runs_and_publishes_from_the_dashboard(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_meeting(world.me, world.other)
    client = as_user(world.cast.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matchmaking:run", args=[world.session.pk]), {"time_limit": 3}
        )
    assert response.status_code == 302
    world.session.refresh_from_db()
    assert world.session.run_state == "done"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matchmaking:publish", args=[world.session.pk]))
    assert Meeting.objects.filter(published_slot__isnull=False).count() == 1
    grid = client.get(reverse("matchmaking:grid", args=[world.session.pk])).content.decode()
    assert grid.count('data-testid="grid-meeting"') == 1


def test_exports_are_for_the_organiser(world: World) -> None:
    make_meeting(world.me, world.other, slot=1, table=1)
    staff = as_user(world.cast.staff_a)
    csv = staff.get(reverse("matchmaking:grid", args=[world.session.pk]) + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert world.me.person.full_name in csv.content.decode()
    xlsx = staff.get(reverse("matchmaking:requests_all", args=[world.session.pk]) + "?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    people = reverse("matchmaking:participants", args=[world.session.pk]) + "?export=csv"
    assert staff.get(people)["Content-Type"].startswith("text/csv")
    # A participant gets the page, not the export with everyone's email address.
    assert as_user(world.cast.contact_a).get(people)["Content-Type"].startswith("text/html")


def test_self_booking_offers_only_times_free_for_both(world: World) -> None:
    MatchmakingSession.objects.filter(pk=world.session.pk).update(booking_mode="self")
    third = world.extra[0]
    make_meeting(world.other, third, slot=1, table=1, published_slot=1, published_table=1)
    from klynge.matchmaking.services.booking import write_bookings

    write_bookings(Meeting.objects.all())
    world.me.unavailable_slots = [2]
    world.me.save()
    waiting = make_meeting(world.me, world.other)
    client = as_user(world.cast.contact_a)
    url = reverse("matchmaking:participant", args=[world.session.pk, world.me.pk])
    body = client.get(url).content.decode()
    options = body.split(f'id="slot-{waiting.pk}"')[1].split("</select>")[0]
    assert 'value="1"' not in options and 'value="2"' not in options and 'value="3"' in options
    response = client.post(reverse("matchmaking:book", args=[waiting.pk]), {"slot": 3, "next": url})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.slot, waiting.published_slot) == (3, 3)


def test_statistics_count_table_changes(world: World) -> None:
    make_meeting(world.me, world.other, slot=1, table=1)
    make_meeting(world.me, world.extra[0], slot=2, table=2)  # me changes to table 2
    make_meeting(world.me, world.extra[1], slot=4, table=2)  # me stays at table 2
    page = as_user(world.cast.staff_a).get(
        reverse("matchmaking:statistics", args=[world.session.pk])
    )
    stats = page.context["stats"]
    changes = {s.participant.pk: (s.tables, s.table_changes) for s in stats.participants}
    assert changes[world.me.pk] == (2, 1)
    assert changes[world.other.pk] == (1, 0)
    assert stats.table_changes == 1
    assert 'data-testid="table-changes">1<' in page.content.decode()
