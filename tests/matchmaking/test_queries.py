"""Query counts of the busy pages stay flat: 80 participants, 200 meetings (160 placed)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.matchmaking.models import Booking, Meeting, MeetingRequest
from klynge.matchmaking.services.booking import write_bookings
from tests.factories.matchmaking import World, build_world


@pytest.fixture
def busy(member_cast: Any) -> World:
    world = build_world(member_cast, extra=78, morning_slots=8, afternoon_slots=6, table_count=20)
    people = [world.me, world.other, *world.extra]
    rng = random.Random(3)
    busy_slots: dict[int, set[int]] = {p.pk: set() for p in people}
    tables: dict[int, int] = {}
    meetings = []
    while len(meetings) < 200:
        p, q = sorted(rng.sample(people, 2), key=lambda x: x.pk)
        if any(m.a_id == p.pk and m.b_id == q.pk for m in meetings):
            continue
        free = [
            s
            for s in range(1, 15)
            if s not in busy_slots[p.pk] | busy_slots[q.pk] and tables.get(s, 0) < 20
        ]
        slot = free[0] if free and len(meetings) % 5 else None
        meeting = Meeting(session=world.session, a=p, b=q)
        if slot is not None:
            tables[slot] = tables.get(slot, 0) + 1
            busy_slots[p.pk].add(slot)
            busy_slots[q.pk].add(slot)
            meeting.slot, meeting.table = slot, tables[slot]
            meeting.published_slot, meeting.published_table = slot, tables[slot]
        meetings.append(meeting)
    Meeting.objects.bulk_create(meetings)
    write_bookings(Meeting.objects.filter(session=world.session))
    MeetingRequest.objects.bulk_create(
        MeetingRequest(session=world.session, requester=m.a, invitee=m.b, status="accepted")
        for m in meetings[:100]
    )
    world.session.published_version = 1
    world.session.save()
    assert Booking.objects.count() == 2 * sum(1 for m in meetings if m.slot)
    return world


PAGES = [
    ("dashboard", 16),
    ("requests_all", 15),
    ("meetings", 16),
    ("grid", 10),
    ("agendas", 13),
    ("statistics", 11),
    ("participants", 14),
]


@pytest.mark.parametrize(("name", "limit"), PAGES)
def test_organiser_pages_are_bounded(
    busy: World, name: str, limit: int, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(busy.cast.staff_a)
    url = reverse(f"matchmaking:{name}", args=[busy.session.pk])
    client.get(url)  # warm caches (chart rendering, sessions)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_participant_pages_are_bounded(busy: World, django_assert_max_num_queries: Any) -> None:
    client = Client()
    client.force_login(busy.cast.contact_a)
    urls = [
        reverse("matchmaking:session", args=[busy.session.pk]),
        reverse("matchmaking:participants", args=[busy.session.pk]),
        reverse("matchmaking:participant", args=[busy.session.pk, busy.me.pk]),
        reverse("matchmaking:requests_mine", args=[busy.session.pk]),
    ]
    for url in urls:
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
