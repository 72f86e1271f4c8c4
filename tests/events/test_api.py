"""The events API: whole bodies, the same predicates as the pages, pagination, errors."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from klynge.events.models import Event, Feedback, Registration
from klynge.events.services.registrations import registration_create
from tests.factories.clusters import TopicFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import PersonFactory
from tests.http import client_for

# Fixed dates in 2030-31 stay in the future: the clock is frozen at tests/clock.NOW.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

START = datetime.datetime(2031, 3, 4, 8, 0, tzinfo=datetime.UTC)


def post(client: Client, url: str, body: dict | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def patch(client: Client, url: str, body: dict) -> Any:
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_event_list_and_detail_whole_body(cast: Any) -> None:
    topic = TopicFactory(slug="flexibility-markets")
    event = EventFactory(
        cluster=cast.cluster_a,
        title="Flex day",
        kind="workshop",
        description="",
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=4),
        venue="Halden",
        capacity=2,
    )
    event.topics.add(topic)
    event.co_hosts.add(cast.cluster_b)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="waitlisted", waitlist_position=1)
    EventFactory(cluster=cast.cluster_a, status=Event.Status.DRAFT)
    body = {
        "id": event.pk,
        "cluster": "cluster-a",
        "co_hosts": ["cluster-b"],
        "kind": "workshop",
        "title": "Flex day",
        "description": "",
        "starts_at": "2031-03-04T08:00:00Z",
        "ends_at": "2031-03-04T12:00:00Z",
        "venue": "Halden",
        "online_url": "",
        "audience": "public",
        "capacity": 2,
        "registration_opens_at": None,
        "registration_closes_at": None,
        "status": "published",
        "topics": ["flexibility-markets"],
        "seats_taken": 2,
        "waiting_count": 1,
        "url": f"/events/{event.pk}/",
    }
    assert client_for().get("/api/v1/events").json() == {
        "items": [body],
        "count": 1,
        "page": 1,
        "pages": 1,
    }
    assert client_for().get(f"/api/v1/events/{event.pk}").json() == body
    assert client_for(cast.staff_a).get("/api/v1/events?page_size=1").json()["count"] == 2
    bad = client_for().get("/api/v1/events?period=soon")
    assert bad.status_code == 400 and bad.json()["field"] == "period"


def test_create_patch_capacity_and_delete(cast: Any) -> None:
    staff = client_for(cast.staff_a)
    payload = {
        "cluster": "cluster-a",
        "title": "Energy data webinar",
        "kind": "webinar",
        "starts_at": "2031-03-04T09:00:00+01:00",
        "ends_at": "2031-03-04T10:00:00+01:00",
        "online_url": "https://meet.example.org/x",
        "capacity": 1,
        "status": "published",
        "questions": [
            {"label": "Role", "kind": "choice", "choices": ["Dev", "Ops"], "required": True}
        ],
    }
    assert post(client_for(cast.staff_b), "/api/v1/events", payload).status_code == 403
    created = post(staff, "/api/v1/events", payload)
    assert created.status_code == 201
    event_id = created.json()["id"]
    assert created.json()["starts_at"] == "2031-03-04T08:00:00Z"
    assert created.json()["online_url"] == "https://meet.example.org/x"
    assert client_for().get(f"/api/v1/events/{created.json()['id']}").json()["online_url"] == ""
    invalid = post(staff, "/api/v1/events", {**payload, "ends_at": "2031-03-03T09:00:00+01:00"})
    assert invalid.status_code == 400 and invalid.json()["field"] == "ends_at"

    event = Event.objects.get(pk=event_id)
    question = event.questions.get()
    for person in PersonFactory.create_batch(3):
        registration_create(actor=None, event=event, person=person, answers={question.key: "Dev"})
    raised = patch(
        staff, f"/api/v1/events/{event_id}", {"capacity": 2, "title": "Energy data webinar #1"}
    )
    assert raised.status_code == 200
    assert raised.json()["over_by"] == 0 and len(raised.json()["promoted"]) == 1
    assert raised.json()["event"]["title"] == "Energy data webinar #1"
    lowered = patch(staff, f"/api/v1/events/{event_id}", {"capacity": 1})
    assert (lowered.json()["promoted"], lowered.json()["over_by"]) == ([], 1)
    kept = patch(staff, f"/api/v1/events/{event_id}", {"title": None})
    assert kept.status_code == 200
    assert kept.json()["event"]["title"] == "Energy data webinar #1"
    assert question.key.startswith("q")
    conflict = staff.delete(f"/api/v1/events/{event_id}")
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "not_deletable"  # the same code as a course's
    draft = EventFactory(cluster=cast.cluster_a, status="draft")
    assert staff.delete(f"/api/v1/events/{draft.pk}").status_code == 204
    assert not Event.objects.filter(pk=draft.pk).exists()


def test_register_guest_self_colleague_and_cancel(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a, capacity=1)
    guest = post(
        client_for(),
        f"/api/v1/events/{event.pk}/registrations",
        {"full_name": "Guest", "email": "g@example.org"},
    )
    assert guest.status_code == 201
    registration = Registration.objects.get(pk=guest.json()["id"])
    body = guest.json()
    created_at = datetime.datetime.fromisoformat(body.pop("created_at"))
    assert abs(created_at - registration.created_at) < datetime.timedelta(milliseconds=1)
    assert body == {
        "id": registration.pk,
        "event": event.pk,
        "person": "Guest",
        "status": "confirmed",
        "waitlist_position": None,
        "source": "self",
    }
    contact = client_for(member_cast.contact_a)
    colleague = PersonFactory(organisation=member_cast.org_a)
    made = post(contact, f"/api/v1/events/{event.pk}/registrations", {"person_id": colleague.pk})
    assert (made.json()["status"], made.json()["waitlist_position"], made.json()["source"]) == (
        "waitlisted",
        1,
        "colleague",
    )
    stranger = PersonFactory(organisation=member_cast.org_b)
    assert (
        post(
            contact, f"/api/v1/events/{event.pk}/registrations", {"person_id": stranger.pk}
        ).status_code
        == 403
    )
    again = post(contact, f"/api/v1/events/{event.pk}/registrations", {"person_id": colleague.pk})
    assert again.status_code == 409 and again.json()["code"] == "already_registered"
    assert post(client_for(), f"/api/v1/registrations/{registration.pk}/cancel").status_code == 401
    assert post(contact, f"/api/v1/registrations/{registration.pk}/cancel").status_code == 403
    cancelled = post(
        client_for(member_cast.staff_a), f"/api/v1/registrations/{registration.pk}/cancel"
    )
    assert cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(person=colleague).status == "confirmed"
    members_only = EventFactory(cluster=member_cast.cluster_a, audience="members")
    refused = post(
        client_for(),
        f"/api/v1/events/{members_only.pk}/registrations",
        {"full_name": "X", "email": "x@example.org"},
    )
    assert refused.status_code == 404


def test_participants_check_in_and_feedback_summary(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a)
    first = RegistrationFactory(
        event=event, person=PersonFactory(full_name="Anna", organisation=member_cast.org_a)
    )
    RegistrationFactory(event=event, person=PersonFactory(full_name="Bo"))
    assert (
        client_for(member_cast.staff_b).get(f"/api/v1/events/{event.pk}/participants").status_code
        == 403
    )
    listing = (
        client_for(member_cast.officer)
        .get(f"/api/v1/events/{event.pk}/participants?search=ann")
        .json()
    )
    assert listing["count"] == 1 and listing["items"][0]["organisation"] == "Org A AS"
    assert (
        post(
            client_for(member_cast.officer), f"/api/v1/registrations/{first.pk}/check-in"
        ).status_code
        == 403
    )
    checked = post(client_for(member_cast.staff_a), f"/api/v1/registrations/{first.pk}/check-in")
    assert checked.json()["status"] == "attended" and checked.json()["checked_in_at"]
    twice = post(client_for(member_cast.staff_a), f"/api/v1/registrations/{first.pk}/check-in")
    assert twice.status_code == 409
    Feedback.objects.create(registration=Registration.objects.get(pk=first.pk), score=10)
    summary = client_for(member_cast.contact_a).get(f"/api/v1/events/{event.pk}/feedback").json()
    assert summary == {
        "responses": 1,
        "attended": 1,
        "average": 10.0,
        "nps": 100,
        "distribution": [0] * 10 + [1],
    }
    assert client_for().get(f"/api/v1/events/{event.pk}/feedback").status_code == 401


def test_api_participant_list_is_bounded(cast: Any, django_assert_max_num_queries: Any) -> None:
    event = EventFactory(cluster=cast.cluster_a)
    for _ in range(30):
        RegistrationFactory(event=event)
    client = client_for(cast.staff_a)
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/v1/events/{event.pk}/participants").json()["count"] == 30
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/events?period=all").json()["count"] == 1
