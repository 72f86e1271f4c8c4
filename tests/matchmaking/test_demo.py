"""The B2B demo: 60 participants, 150 accepted meetings, a published valid schedule, the member
contact with an agenda; idempotent; nothing without the events demo."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from klynge.demo import clusters as demo_clusters
from klynge.demo import events as demo_events
from klynge.demo import matchmaking as demo_matchmaking
from klynge.demo import members as demo_members
from klynge.matchmaking.models import MatchmakingSession, Meeting, MeetingRequest, Participant
from klynge.matchmaking.problem import build_problem
from klynge.matchmaking.scheduling import Assignment, Schedule, validate
from klynge.matchmaking.selectors.stats import schedule_statistics

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        MatchmakingSession.objects.count(),
        Participant.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.count(),
    )


def test_no_event_no_session() -> None:
    demo_matchmaking.load()
    assert counts() == (0, 0, 0, 0)


def test_demo_session_is_published_valid_and_idempotent() -> None:
    demo_clusters.load()
    demo_members.load()
    demo_events.load()
    demo_matchmaking.load()
    session = MatchmakingSession.objects.get()
    assert session.event.title == "Partner Conference (next)"
    assert Participant.objects.filter(session=session).count() == 60
    assert Meeting.objects.filter(session=session, status="active").count() == 150
    assert MeetingRequest.objects.filter(status="pending").exists()
    assert session.published_version == 1
    assert not Meeting.objects.filter(published_slot__isnull=True).exists()
    placed = list(Meeting.objects.filter(session=session))
    assert all((m.slot, m.table) == (m.published_slot, m.published_table) for m in placed)

    stats = schedule_statistics(session=session)
    problem = build_problem(session, keep_published=False, time_limit=1).problem
    schedule = Schedule(
        assignments={m.pk: Assignment(m.slot, m.table) for m in placed},
        unplaced={},
        holes={s.participant.pk: s.gaps for s in stats.participants},
        objective=stats.total_gaps,
    )
    assert validate(problem, schedule) == []

    contact = Participant.objects.get(session=session, person__email="contact@member.demo")
    mine = Meeting.objects.filter(Q(a=contact) | Q(b=contact)).count()
    assert mine >= 3
    client = Client()
    client.force_login(contact.person.user)
    page = client.get(reverse("matchmaking:my_agenda", args=[session.pk]), follow=True)
    assert page.content.decode().count('data-testid="agenda-item"') == mine

    first = counts()
    slots = dict(Meeting.objects.values_list("pk", "published_slot"))
    demo_matchmaking.load()
    assert counts() == first
    assert dict(Meeting.objects.values_list("pk", "published_slot")) == slots
