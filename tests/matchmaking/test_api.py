"""The B2B API: the same rules as the pages, whole bodies, pagination and error format."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from klynge.matchmaking.models import Meeting, MeetingRequest
from tests.factories.matchmaking import World, build_world, make_meeting
from tests.http import client_for

BASE = "/api/v1"


@pytest.fixture
def world(member_cast: Any) -> World:
    return build_world(member_cast)


def post(client: Client, url: str, body: dict | None = None) -> Any:
    return client.post(BASE + url, json.dumps(body or {}), content_type="application/json")


def test_session_detail_whole_body(world: World) -> None:
    session = world.session
    body = client_for(world.cast.anonymous).get(f"{BASE}/b2b-sessions/{session.pk}").json()
    first = session.slots[0]
    assert body == {
        "id": session.pk,
        "event": session.event_id,
        "title": "B2B meetings",
        "description": "",
        "day": session.day.isoformat(),
        "morning_start": "09:00:00",
        "morning_slots": 4,
        "afternoon_start": "13:00:00",
        "afternoon_slots": 2,
        "meeting_minutes": 20,
        "break_minutes": 5,
        "table_count": 3,
        "tables": ["Table 1", "Table 2", "Table 3"],
        "slots": body["slots"],
        "request_mode": "confirm",
        "booking_mode": "scheduler",
        "booking_deadline": None,
        "max_meetings": None,
        "fairness": 2,
        "status": "open",
        "published_version": 0,
        "published_at": None,
        "url": f"/b2b/{session.pk}/",
    }
    assert len(body["slots"]) == 6
    assert body["slots"][0]["number"] == 1 and body["slots"][0]["session"] == "morning"
    assert body["slots"][0]["starts_at"].startswith(first.starts_at.isoformat()[:16])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff_a", 201),
        ("manager_a", 201),
        ("staff_b", 403),
        ("contact_a", 403),
        ("anonymous", 401),
    ],
)
def test_create_session_by_role(world: World, role: str, status: int) -> None:
    body = {"day": world.session.day.isoformat(), "morning_slots": 6, "table_count": 4}
    response = post(
        client_for(world.cast.user(role)), f"/events/{world.session.event_id}/b2b-sessions", body
    )
    assert response.status_code == status


def test_field_errors_come_back_as_json(world: World) -> None:
    response = post(
        client_for(world.cast.staff_a),
        f"/events/{world.session.event_id}/b2b-sessions",
        {"day": "2001-01-01"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Choose a day of the event.",
        "code": "invalid",
        "field": "day",
    }


def test_request_accept_schedule_publish_and_agenda(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    a, b, staff = (client_for(world.cast.user(r)) for r in ("contact_a", "contact_b", "staff_a"))
    sid = world.session.pk
    sent = post(a, f"/b2b-sessions/{sid}/requests", {"invitee": world.other.pk, "message": "Hi"})
    assert sent.status_code == 201 and sent.json()["status"] == "pending"
    request_id = sent.json()["id"]
    assert post(a, f"/b2b-requests/{request_id}/accept").status_code == 403
    accepted = post(b, f"/b2b-requests/{request_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["slot"] is None
    again = post(b, f"/b2b-requests/{request_id}/accept")
    assert again.status_code == 409 and again.json()["code"] == "answered"

    assert post(a, f"/b2b-sessions/{sid}/schedule", {"time_limit": 2}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        started = post(staff, f"/b2b-sessions/{sid}/schedule", {"time_limit": 3})
    assert started.status_code == 202
    state = staff.get(f"{BASE}/b2b-sessions/{sid}/schedule").json()
    assert state["state"] == "done" and state["report"]["placed"] == 1
    assert post(staff, f"/b2b-sessions/{sid}/publish").json()["version"] == 1

    agenda = a.get(f"{BASE}/b2b-sessions/{sid}/agenda/{world.me.pk}").json()
    assert [i["with_participant"]["id"] for i in agenda["items"]] == [world.other.pk]
    assert b.get(f"{BASE}/b2b-sessions/{sid}/agenda/{world.me.pk}").status_code == 403


def test_requests_list_is_scoped_by_role(world: World) -> None:
    third, fourth = world.extra
    MeetingRequest.objects.create(session=world.session, requester=world.me, invitee=world.other)
    MeetingRequest.objects.create(session=world.session, requester=third, invitee=fourth)
    url = f"{BASE}/b2b-sessions/{world.session.pk}/requests"
    assert client_for(world.cast.staff_a).get(url).json()["count"] == 2
    assert client_for(world.cast.contact_a).get(url).json()["count"] == 1
    assert client_for(world.cast.staff_b).get(url).status_code == 403


def test_profile_suggestions_and_statistics(world: World) -> None:
    from klynge.clusters.models import Topic

    Topic.objects.create(slug="smart-grids", name_en="Smart grids", name_nb="Smarte nett")
    a = client_for(world.cast.contact_a)
    url = f"{BASE}/b2b-sessions/{world.session.pk}/me"
    patched = a.patch(
        url,
        json.dumps({"needs": "battery storage", "topics": ["smart-grids"]}),
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["topics"] == ["smart-grids"]
    bad = a.patch(url, json.dumps({"topics": ["nope"]}), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "topics"
    world.other.offers = "Battery storage systems"
    world.other.save()
    found = a.get(f"{BASE}/b2b-sessions/{world.session.pk}/suggestions").json()
    assert found[0]["participant"]["id"] == world.other.pk and found[0]["they_offer"] == [
        "battery",
        "storage",
    ]

    make_meeting(world.me, world.other, slot=1, table=1)
    make_meeting(world.me, world.extra[0], slot=3, table=1)
    stats = (
        client_for(world.cast.officer)
        .get(f"{BASE}/b2b-sessions/{world.session.pk}/statistics")
        .json()
    )
    assert (stats["total"], stats["placed"], stats["total_gaps"]) == (2, 2, 1)
    assert stats["gaps_by_participant"][str(world.me.pk)] == 1
    assert stats["without_meetings"] == [world.extra[1].pk]


def test_organiser_adds_books_and_cancels(world: World) -> None:
    staff = client_for(world.cast.staff_a)
    sid = world.session.pk
    added = post(
        staff,
        f"/b2b-sessions/{sid}/meetings",
        {"first": world.me.pk, "second": world.other.pk, "slot": 2},
    )
    assert added.status_code == 201 and added.json()["fixed"] is True
    meeting_id = added.json()["id"]
    clash = post(
        staff, f"/b2b-sessions/{sid}/meetings", {"first": world.other.pk, "second": world.me.pk}
    )
    assert clash.status_code == 409
    assert (
        post(staff, f"/b2b-meetings/{meeting_id}/book", {"slot": 4, "table": 3}).json()["table"]
        == 3
    )
    assert staff.get(f"{BASE}/b2b-sessions/{sid}/meetings").json()["count"] == 1
    assert (
        client_for(world.cast.staff_b).delete(f"{BASE}/b2b-meetings/{meeting_id}").status_code
        == 403
    )
    assert staff.delete(f"{BASE}/b2b-meetings/{meeting_id}").status_code == 204
    assert Meeting.objects.get(pk=meeting_id).status == "cancelled"
