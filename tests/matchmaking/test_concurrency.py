"""Parallel accepts and bookings never double-book a participant or a table (threads with their
own database connections, released together).

* the same request accepted 8 times at once -> exactly one meeting;
* 8 requests to one person, all for the same slot, accepted at once -> exactly one booked;
* 8 pairs booking the same slot with 3 tables -> exactly 3 bookings, on tables 1, 2, 3.
Each runs with the session lock (the mechanism of klynge.core.capacity) on both databases. The
PostgreSQL control switches the lock off and slows the booking down: the database constraints
(one meeting per slot and table, one booking per participant and slot) still give exactly the
same counts, and the test sees them refuse the losers.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import connection

from klynge.core import capacity
from klynge.core.errors import ConflictError
from klynge.matchmaking.models import Booking, MatchmakingSession, Meeting, MeetingRequest
from klynge.matchmaking.services import booking
from klynge.matchmaking.services.meetings import meeting_book
from klynge.matchmaking.services.requests import request_accept
from tests.concurrency import run_parallel
from tests.factories.matchmaking import (
    MeetingRequestFactory,
    ParticipantFactory,
    SessionFactory,
    make_meeting,
)

pytestmark = pytest.mark.django_db(transaction=True)

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; no race to control"
)
THREADS = 8


@pytest.fixture
def slow_table_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sleep after choosing a table, so unlocked transactions overlap for sure."""
    original = booking._choose_table

    def slow(*args: Any, **kwargs: Any) -> int:
        table = original(*args, **kwargs)
        time.sleep(0.05)
        return table

    monkeypatch.setattr(booking, "_choose_table", slow)


def conflicts(errors: list[BaseException]) -> list[BaseException]:
    unexpected = [e for e in errors if not isinstance(e, ConflictError)]
    assert unexpected == []
    return errors


def refused_under_the_lock(errors: list[BaseException]) -> bool:
    """With the lock every loser is refused by the service's own check, never by the constraint."""
    return not any("just taken" in str(e) for e in conflicts(errors))


def test_one_request_accepted_in_parallel_gives_one_meeting() -> None:
    request = MeetingRequestFactory()
    results, errors = run_parallel(
        lambda _n: request_accept(actor=None, request=request), range(THREADS)
    )
    assert len(results) == 1
    assert len(conflicts(errors)) == THREADS - 1
    assert Meeting.objects.filter(status="active").count() == 1
    assert MeetingRequest.objects.get(pk=request.pk).status == "accepted"


def _one_slot_requests() -> tuple[Any, list[MeetingRequest]]:
    session = SessionFactory(booking_mode="self")
    invitee = ParticipantFactory(session=session)
    requests = [
        MeetingRequestFactory(
            requester=ParticipantFactory(session=session), invitee=invitee, proposed_slot=1
        )
        for _ in range(THREADS)
    ]
    return invitee, requests


@pytest.mark.usefixtures("slow_table_choice")
def test_parallel_accepts_for_one_person_and_slot_book_exactly_one() -> None:
    invitee, requests = _one_slot_requests()
    results, errors = run_parallel(lambda r: request_accept(actor=None, request=r), requests)
    assert len(results) == 1
    assert len(conflicts(errors)) == THREADS - 1
    assert refused_under_the_lock(errors)
    assert Booking.objects.filter(participant=invitee, slot=1).count() == 1
    assert Meeting.objects.filter(status="active").count() == 1
    assert MeetingRequest.objects.filter(status="pending").count() == THREADS - 1


def _pairs_for_one_slot(tables: int) -> list[Meeting]:
    session = SessionFactory(booking_mode="self", table_count=tables)
    return [
        make_meeting(ParticipantFactory(session=session), ParticipantFactory(session=session))
        for _ in range(THREADS)
    ]


@pytest.mark.usefixtures("slow_table_choice")
def test_parallel_bookings_of_one_slot_fill_the_tables_and_no_more() -> None:
    meetings = _pairs_for_one_slot(tables=3)
    results, errors = run_parallel(lambda m: meeting_book(actor=None, meeting=m, slot=2), meetings)
    assert len(results) == 3
    assert len(conflicts(errors)) == THREADS - 3
    assert refused_under_the_lock(errors)
    tables = sorted(Meeting.objects.filter(slot=2).values_list("table", flat=True))
    assert tables == [1, 2, 3]
    assert Booking.objects.filter(slot=2).count() == 6


@needs_postgres
@pytest.mark.usefixtures("slow_table_choice")
def test_postgres_control_without_the_lock_the_constraints_still_hold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(capacity, "LOCKING", False)
    invitee, requests = _one_slot_requests()
    results, errors = run_parallel(lambda r: request_accept(actor=None, request=r), requests)
    assert len(results) == 1
    assert Booking.objects.filter(participant=invitee, slot=1).count() == 1

    meetings = _pairs_for_one_slot(tables=3)
    results, errors = run_parallel(lambda m: meeting_book(actor=None, meeting=m, slot=2), meetings)
    assert len(results) <= 3
    assert len(set(Meeting.objects.filter(slot=2).values_list("table", flat=True))) == len(results)
    # Without the lock the race happens: the losers are turned away by the database itself.
    assert any("just taken" in str(e) for e in conflicts(errors))
    assert MatchmakingSession.objects.count() == 2


def test_progress_is_written_to_the_session_while_the_solver_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Outside a transaction (as in a worker) a heartbeat thread stores progress every second."""
    from klynge.matchmaking.scheduling import greedy
    from klynge.matchmaking.services import scheduling

    session = SessionFactory()
    meeting = make_meeting(ParticipantFactory(session=session), ParticipantFactory(session=session))
    seen: list[tuple[str, int, str]] = []

    def slow_solver(problem: Any, *, time_limit: float, on_progress: Any, engine: str) -> Any:
        on_progress(0.1, "Best so far: 4 idle gaps")
        for _ in range(3):
            time.sleep(1.1)
            row = MatchmakingSession.objects.get(pk=meeting.session_id)
            seen.append((row.run_state, row.run_progress, row.run_message))
        return greedy(problem)

    monkeypatch.setattr(scheduling, "run_solver", slow_solver)
    report = scheduling.schedule_run(
        session_id=meeting.session_id, allow_moving=False, time_limit=4
    )
    assert report["placed"] == 1
    assert all(state == "running" for state, _p, _m in seen)
    progress = [p for _s, p, _m in seen]
    assert progress == sorted(progress) and progress[-1] >= 50
    assert seen[-1][2] == "Best so far: 4 idle gaps"
    final = MatchmakingSession.objects.get(pk=meeting.session_id)
    assert (final.run_state, final.run_progress) == ("done", 100)
