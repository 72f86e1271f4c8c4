"""The organiser's requests export streams with a constant number of queries, including
participants known only by the organisation named at registration, and keeps its text."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.matchmaking.models import MeetingRequest, Participant
from tests.factories.matchmaking import ParticipantFactory, World, build_world, make_meeting
from tests.http import body

pytestmark = pytest.mark.django_db


def _unattached(world: World, n: int) -> list[Participant]:
    """Participants without an organisation; their registration names one ("Guest Co i")."""
    people = ParticipantFactory.create_batch(n, session=world.session, organisation=None)
    for i, participant in enumerate(people):
        registration = participant.registration
        assert registration is not None
        registration.organisation_name = f"Guest Co {i}"
        registration.save(update_fields=["organisation_name"])
    return people


def _requests(world: World, people: list[Participant]) -> None:
    MeetingRequest.objects.bulk_create(
        MeetingRequest(
            session=world.session,
            requester=p,
            invitee=world.me,
            status="declined" if i % 2 else "pending",
            message=f"Hello {i}",
        )
        for i, p in enumerate(people)
    )


def _export(
    client: Client, world: World, name: str = "requests_all"
) -> tuple[int, list[list[str]]]:
    url = reverse(f"matchmaking:{name}", args=[world.session.pk])
    with CaptureQueriesContext(connection) as queries:
        text = body(client.get(url, {"export": "csv"})).decode("utf-8-sig")
    return len(queries), list(csv.reader(io.StringIO(text)))


def test_requests_export_queries_do_not_grow(member_cast: Any) -> None:
    world = build_world(member_cast)
    client = Client()
    client.force_login(member_cast.staff_a)
    counts = []
    for n in (3, 40):
        MeetingRequest.objects.filter(session=world.session).delete()
        _requests(world, _unattached(world, n))
        count, rows = _export(client, world)
        assert len(rows) == n + 1
        counts.append(count)
    assert counts[0] == counts[1] and counts[1] <= 12


def test_requests_export_text(member_cast: Any) -> None:
    world = build_world(member_cast)
    _requests(world, [*_unattached(world, 2), world.other])
    client = Client()
    client.force_login(member_cast.staff_a)
    _count, rows = _export(client, world)
    expected = [
        [
            r.requester.person.full_name,
            r.requester.organisation_label,
            r.invitee.person.full_name,
            r.invitee.organisation_label,
            r.get_status_display(),
            r.created_at.strftime("%Y-%m-%d %H:%M"),
            r.message,
        ]
        for r in MeetingRequest.objects.filter(session=world.session).order_by("-created_at", "-pk")
    ]
    assert rows[1:] == expected
    assert {row[1] for row in rows[1:]} >= {"Guest Co 0", "Guest Co 1"}
    assert "Waiting for an answer" in {row[4] for row in rows[1:]}


def test_schedule_grid_export_queries_do_not_grow(member_cast: Any) -> None:
    world = build_world(member_cast, morning_slots=8, afternoon_slots=6, table_count=20)
    client = Client()
    client.force_login(member_cast.staff_a)
    counts, placed = [], 0
    for n in (2, 12):  # meetings at slot 1, one table each, between unattached participants
        people = _unattached(world, 2 * (n - placed))
        for k in range(n - placed):
            make_meeting(people[2 * k], people[2 * k + 1], slot=1, table=placed + k + 1)
        placed = n
        count, rows = _export(client, world, "grid")
        assert len(rows) == n + 1
        counts.append(count)
    assert counts[0] == counts[1]
    assert all(row[4].startswith("Guest Co") and row[6].startswith("Guest Co") for row in rows[1:])
