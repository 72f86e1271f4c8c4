"""The personal agenda as a page, a PDF (text read back with pypdf) and an iCal file; the event
page section and the personal calendar feed extension."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from klynge.core.extensions import sections
from klynge.matchmaking.models import MatchmakingSession, Meeting
from tests.factories.matchmaking import World, build_world, make_meeting


@pytest.fixture
def world(member_cast: Any) -> World:
    world = build_world(member_cast, table_names=["Fjord", "Fjell", "Skog"])
    make_meeting(world.me, world.other, slot=2, table=1, published_slot=2, published_table=1)
    make_meeting(world.me, world.extra[0], slot=3, table=2)  # planned, not published yet
    MatchmakingSession.objects.filter(pk=world.session.pk).update(published_version=1)
    world.session.refresh_from_db()
    return world


def test_agenda_page_shows_the_published_agenda_to_the_participant(world: World) -> None:
    client = Client()
    client.force_login(world.cast.contact_a)
    body = client.get(
        reverse("matchmaking:participant", args=[world.session.pk, world.me.pk])
    ).content.decode()
    assert body.count('data-testid="agenda-item"') == 1
    assert "09:25–09:45" in body and "Fjord" in body and world.other.person.full_name in body
    # The meeting only planned so far is listed as accepted without a time, not at 10:15.
    waiting = body.split('data-testid="agenda-waiting"')[1]
    assert world.extra[0].person.full_name in waiting
    assert "09:50–10:10" not in body


def test_organiser_can_see_the_plan(world: World) -> None:
    client = Client()
    client.force_login(world.cast.staff_a)
    url = reverse("matchmaking:participant", args=[world.session.pk, world.me.pk]) + "?view=plan"
    assert client.get(url).content.decode().count('data-testid="agenda-item"') == 2


def test_agenda_pdf_lists_the_meetings(world: World) -> None:
    client = Client()
    client.force_login(world.cast.contact_a)
    response = client.get(reverse("matchmaking:agenda_pdf", args=[world.session.pk, world.me.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert world.me.person.full_name in text
    assert world.other.person.full_name in text
    assert "09:25" in text and "Fjord" in text
    assert world.extra[0].person.full_name not in text


def test_all_agendas_pdf_has_a_page_per_participant(world: World) -> None:
    client = Client()
    client.force_login(world.cast.staff_a)
    url = reverse("matchmaking:agendas", args=[world.session.pk]) + "?export=pdf&view=published"
    reader = PdfReader(io.BytesIO(client.get(url).content))
    assert len(reader.pages) == 4


def test_ical_has_one_event_per_published_meeting_in_utc(world: World) -> None:
    response = Client().get(world.me.get_ics_url())
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    event = events[0]
    assert world.other.person.full_name in str(event["summary"])
    slot = world.session.slot(2)
    assert event.decoded("dtstart") == slot.starts_at
    assert "Fjord" in str(event["location"])
    assert Client().get("/b2b/calendar/not-a-token.ics").status_code == 404


def test_event_page_section_and_personal_calendar_extension(world: World) -> None:
    found = sections("event_sections", world.cast.contact_a, world.session.event)
    assert [s["key"] for s in found] == ["b2b"]
    rows = found[0]["context"]["b2b_sessions"]
    assert rows[0]["taking_part"] is True
    assert found[0]["context"]["b2b_can_create"] is False
    assert (
        sections("event_sections", world.cast.staff_b, world.session.event)[0]["context"][
            "b2b_sessions"
        ][0]["taking_part"]
        is False
    )
    calendar = {
        s["key"]: s for s in sections("personal_calendar", world.cast.contact_a, world.me.person)
    }
    assert len(calendar["b2b"]["context"]["components"]) == 1
    Meeting.objects.update(status="cancelled")
    calendar = {s["key"]: s for s in sections("personal_calendar", None, world.me.person)}
    assert calendar["b2b"]["context"]["components"] == []
