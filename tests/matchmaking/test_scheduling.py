"""Scheduler runs through the background task (ImmediateBackend in tests): the problem handed to
the solver, the applied result, publishing with mails, and re-scheduling that keeps published
meetings unless moving is allowed, reporting what moved."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from klynge.core.errors import ConflictError, DomainError
from klynge.matchmaking.models import Booking, MatchmakingSession, Meeting
from klynge.matchmaking.problem import build_problem
from klynge.matchmaking.scheduling import Assignment, Schedule, validate
from klynge.matchmaking.selectors.stats import schedule_statistics
from klynge.matchmaking.services.meetings import meeting_book
from klynge.matchmaking.services.participants import participant_update
from klynge.matchmaking.services.scheduling import schedule_publish, schedule_start
from tests.factories.matchmaking import World, build_world, make_meeting


@pytest.fixture
def world(member_cast: Any) -> World:
    return build_world(member_cast, extra=4)


def everyone_meets(world: World) -> list[Meeting]:
    people = [world.me, world.other, *world.extra]
    return [make_meeting(people[0], q) for q in people[1:]] + [
        make_meeting(people[1], people[2]),
        make_meeting(people[3], people[4]),
    ]


def run(world: World, oncommit: Any, **kwargs: Any) -> MatchmakingSession:
    with oncommit(execute=True):
        schedule_start(actor=world.cast.staff_a, session=world.session, time_limit=5, **kwargs)
    world.session.refresh_from_db()
    return world.session


def test_problem_carries_availability_fixed_meetings_and_precedences(world: World) -> None:
    meetings = everyone_meets(world)
    participant_update(actor=None, participant=world.other, unavailable_slots=[1, 2])
    meeting_book(actor=None, meeting=meetings[1], slot=4, table=2, by_organiser=True)
    from klynge.matchmaking.services.meetings import precedence_add

    precedence_add(actor=None, before=meetings[2], after=meetings[3])
    snapshot = build_problem(world.session, keep_published=True, time_limit=3)
    problem = snapshot.problem
    assert problem.check() == []
    assert problem.n_slots == 6 and problem.n_tables == 3
    assert problem.forbidden == {world.other.pk: frozenset({1, 2})}
    assert problem.fixed[meetings[1].pk].slot == 4 and problem.fixed[meetings[1].pk].table == 2
    assert problem.precedences == ((meetings[2].pk, meetings[3].pk),)
    assert [s.session.value for s in problem.slots] == ["morning"] * 4 + ["afternoon"] * 2


def test_run_places_every_meeting_and_reports(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    meetings = everyone_meets(world)
    session = run(world, django_capture_on_commit_callbacks)
    assert session.run_state == "done", session.run_message
    assert session.run_progress == 100
    report = session.run_report
    assert report["placed"] == report["total"] == len(meetings)
    assert report["unplaced"] == []
    placed = list(Meeting.objects.filter(session=session))
    assert all(m.slot and m.table for m in placed)
    assert Booking.objects.filter(session=session).count() == 2 * len(meetings)
    # The applied plan, with the gaps our statistics count, passes the package's independent
    # validator (every hard constraint, fairness, and a recount of every participant's gaps).
    stats = schedule_statistics(session=session)
    problem = build_problem(session, keep_published=True, time_limit=1).problem
    applied = Schedule(
        assignments={m.pk: Assignment(m.slot, m.table) for m in placed},
        unplaced={},
        holes={s.participant.pk: s.gaps for s in stats.participants},
        objective=stats.total_gaps,
    )
    assert validate(problem, applied) == []
    assert stats.placed == len(meetings) and stats.total_gaps == report["holes"]
    # Nothing is visible to participants before publishing.
    assert not Meeting.objects.filter(published_slot__isnull=False).exists()


def test_start_refuses_an_empty_session_and_a_second_run(world: World) -> None:
    with pytest.raises(DomainError, match="no accepted meetings"):
        schedule_start(actor=None, session=world.session)
    make_meeting(world.me, world.other)
    MatchmakingSession.objects.filter(pk=world.session.pk).update(run_state="running")
    with pytest.raises(ConflictError):
        schedule_start(actor=None, session=world.session)
    with pytest.raises(DomainError) as limit:
        schedule_start(actor=None, session=world.session, time_limit=0)
    assert limit.value.field == "time_limit"


def test_publish_mails_everyone_then_only_those_affected(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    meetings = everyone_meets(world)
    run(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = schedule_publish(actor=world.cast.staff_a, session=world.session)
    assert outcome["version"] == 1
    assert len(mail.outbox) == 6  # every participant has a meeting
    first = next(m for m in mail.outbox if m.to == [world.me.person.email])
    assert "Your B2B agenda" in first.subject
    assert first.attachments and first.attachments[0][2] == "text/calendar"
    assert world.other.person.full_name in first.body
    with pytest.raises(DomainError, match="Nothing has changed"):
        schedule_publish(actor=None, session=world.session)

    # The organiser moves one meeting: only its two participants are told at the next publication.
    mail.outbox.clear()
    moved = Meeting.objects.get(pk=meetings[-1].pk)
    free = next(
        s
        for s in range(1, 7)
        if not Booking.objects.filter(participant_id__in=[moved.a_id, moved.b_id], slot=s).exists()
    )
    meeting_book(actor=None, meeting=moved, slot=free, by_organiser=True)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_publish(actor=None, session=world.session)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [moved.a.person.email, moved.b.person.email]
    )
    assert all("has changed" in m.subject for m in mail.outbox)


def test_rescheduling_keeps_published_meetings_unless_moving_is_allowed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    everyone_meets(world)
    run(world, django_capture_on_commit_callbacks)
    schedule_publish(actor=None, session=world.session)
    before = dict(Meeting.objects.values_list("pk", "published_slot"))
    busy = sorted(Booking.objects.filter(participant=world.me).values_list("slot", flat=True))
    # A late request: it is placed around the published meetings, which stay put.
    late = make_meeting(world.other, world.extra[3])
    session = run(world, django_capture_on_commit_callbacks)
    assert session.run_report["moved"] == []
    assert all(Meeting.objects.get(pk=pk).slot == slot for pk, slot in before.items())
    assert Meeting.objects.get(pk=late.pk).slot is not None

    # A late change: a participant is busy in the slot of their first meeting.
    participant_update(
        actor=None, participant=world.me, unavailable_slots=[busy[0]], by_organiser=True
    )
    session = run(world, django_capture_on_commit_callbacks)
    kept_report = session.run_report
    # Kept in place, the meeting in the now unavailable slot cannot be placed: it is reported.
    assert kept_report["kept_published"] is True
    assert kept_report["moved_count"] == 1 and kept_report["moved"][0]["to_slot"] is None
    assert kept_report["unplaced_count"] == 1

    session = run(world, django_capture_on_commit_callbacks, allow_moving=True)
    report = session.run_report
    assert report["kept_published"] is False
    assert report["unplaced_count"] == 0
    assert report["moved_count"] >= 1
    moved_ids = {row["meeting"] for row in report["moved"]}
    unchanged = [pk for pk, slot in before.items() if pk not in moved_ids]
    assert all(Meeting.objects.get(pk=pk).slot == before[pk] for pk in unchanged)
    assert busy[0] not in set(
        Booking.objects.filter(participant=world.me).values_list("slot", flat=True)
    )


def test_a_failed_run_is_shown_with_its_message(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_meeting(world.me, world.other)
    import klynge.matchmaking.services.scheduling as service

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(service, "run_solver", broken)
    session = run(world, django_capture_on_commit_callbacks)
    assert session.run_state == "failed"
    assert "solver crashed" in session.run_message


def test_schedule_meetings_command(world: World) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    everyone_meets(world)
    out = StringIO()
    call_command(
        "schedule_meetings", world.session.pk, "--time-limit", "3", "--publish", stdout=out
    )
    assert "7 of 7 meetings placed" in out.getvalue()
    assert "Published version 1" in out.getvalue()
    assert not Meeting.objects.filter(published_slot__isnull=True).exists()
    with pytest.raises(CommandError, match="No B2B session"):
        call_command("schedule_meetings", 999999)


def test_impossible_meeting_is_set_aside_with_its_reason_and_the_quality_is_shown(
    world: World, django_capture_on_commit_callbacks: Any, client: Any
) -> None:
    from django.urls import reverse

    meetings = everyone_meets(world)
    # Fixed to a morning slot, then restricted to the afternoon: no schedule can place it.
    Meeting.objects.filter(pk=meetings[0].pk).update(
        fixed=True, slot=1, table=1, restriction=Meeting.Restriction.AFTERNOON
    )
    session = run(world, django_capture_on_commit_callbacks)
    assert session.run_state == "done", session.run_message
    report = session.run_report
    assert [row["meeting"] for row in report["set_aside"]] == [meetings[0].pk]
    assert "fixed slot 1 is not allowed" in report["set_aside"][0]["reason"]
    assert report["engine"] == "sat"  # the rest by the default engine, not the CP-SAT fallback
    assert report["placed"] == len(meetings) - 1
    assert report["proven_optimal"] and report["holes_above_bound"] == 0
    client.force_login(world.cast.staff_a)
    status = client.get(reverse("matchmaking:run_status", args=[session.pk])).content.decode()
    assert 'data-testid="set-aside"' in status and "fixed slot 1 is not allowed" in status
    assert ">optimal<" in status
    stats = client.get(reverse("matchmaking:statistics", args=[session.pk])).content.decode()
    assert ">optimal<" in stats and "fixed slot 1 is not allowed" in stats


def test_quality_statement_when_the_optimum_is_not_proven(world: World, client: Any) -> None:
    from django.urls import reverse

    make_meeting(world.me, world.other)
    report = {"placed": 1, "total": 1, "holes": 7, "lower_bound": 4, "proven_optimal": False}
    report |= {"holes_above_bound": 3, "moved_count": 0, "engine": "sat", "wall_time": 60}
    MatchmakingSession.objects.filter(pk=world.session.pk).update(
        run_state="done", run_report=report
    )
    client.force_login(world.cast.staff_a)
    for name in ("run_status", "statistics"):
        body = client.get(reverse(f"matchmaking:{name}", args=[world.session.pk])).content.decode()
        assert "at most 3 idle gaps above the best possible" in body
