"""Capacity under concurrency: parallel registrations never oversell, and the test can fail.

PostgreSQL: 50 threads against 10 seats, several rounds -> exactly 10 confirmed, 40 waiting 1..40.
The control round runs the same code with the row lock switched off and must oversell.
SQLite: 20 threads against 5 seats -> exactly 5, and no "database is locked".
A slow-down after counting widens the race window in both the real test and the control, so the
locked version is tested under the harshest interleaving the control can exploit.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from klynge.core import capacity
from klynge.events.models import Event, Registration
from klynge.events.services.registrations import registration_cancel, registration_create
from tests.concurrency import needs_postgres, needs_sqlite, run_parallel, slow_down_counting
from tests.factories.events import EventFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sleep right after counting the seats, so unlocked transactions overlap for sure."""
    slow_down_counting(monkeypatch)


def register_many(event: Event, count: int) -> tuple[list[Any], list[BaseException]]:
    people = PersonFactory.create_batch(count)
    return run_parallel(
        lambda person: registration_create(actor=None, event=event, person=person), people
    )


def summary(event: Event) -> tuple[int, list[int]]:
    registrations = Registration.objects.filter(event=event)
    confirmed = registrations.filter(status="confirmed").count()
    positions = list(
        registrations.filter(status="waitlisted")
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    return confirmed, positions


@needs_postgres
@pytest.mark.usefixtures("slow_count")
def test_postgres_50_parallel_registrations_never_oversell() -> None:
    assert capacity.LOCKING is True
    for _round in range(3):
        event = EventFactory(capacity=10)
        results, errors = register_many(event, 50)
        assert errors == []
        assert len(results) == 50
        confirmed, positions = summary(event)
        assert confirmed == 10
        assert positions == list(range(1, 41))


@needs_postgres
@pytest.mark.usefixtures("slow_count")
def test_postgres_control_without_the_lock_oversells(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proves the test above can fail: the same work without the row lock sells too many seats."""
    monkeypatch.setattr(capacity, "LOCKING", False)
    confirmed_per_round = []
    for _round in range(5):
        event = EventFactory(capacity=10)
        _results, errors = register_many(event, 50)
        assert errors == []
        confirmed_per_round.append(summary(event)[0])
        if confirmed_per_round[-1] > 10:
            break
    assert max(confirmed_per_round) > 10, confirmed_per_round


@needs_sqlite
def test_sqlite_20_parallel_registrations_give_exactly_5() -> None:
    for _round in range(2):
        event = EventFactory(capacity=5)
        results, errors = register_many(event, 20)
        assert [str(e) for e in errors] == []
        assert len(results) == 20
        confirmed, positions = summary(event)
        assert confirmed == 5
        assert positions == list(range(1, 16))


def test_parallel_cancellations_promote_in_waiting_list_order() -> None:
    """3 seats and 2 waiting places freed at once: the first 3 waiting get the seats, in order."""
    event = EventFactory(capacity=5)
    people = PersonFactory.create_batch(15)
    registrations = [registration_create(actor=None, event=event, person=p) for p in people]
    confirmed, waiting = registrations[:5], registrations[5:]
    assert [r.waitlist_position for r in waiting] == list(range(1, 11))
    mail.outbox.clear()

    leaving = [confirmed[0], confirmed[1], confirmed[2], waiting[4], waiting[7]]
    _results, errors = run_parallel(
        lambda r: registration_cancel(actor=None, registration=r), leaving
    )
    assert [str(e) for e in errors] == []

    now_confirmed = set(
        Registration.objects.filter(event=event, status="confirmed").values_list("pk", flat=True)
    )
    assert now_confirmed == {r.pk for r in (confirmed[3], confirmed[4], *waiting[:3])}
    queue = list(
        Registration.objects.filter(event=event, status="waitlisted")
        .order_by("waitlist_position")
        .values_list("pk", "waitlist_position")
    )
    expected_order = [waiting[i].pk for i in (3, 5, 6, 8, 9)]
    assert queue == list(zip(expected_order, range(1, 6), strict=True))
    promoted_to = sorted(m.to[0] for m in mail.outbox if "You got a place" in m.subject)
    assert promoted_to == sorted(r.person.email for r in waiting[:3])
