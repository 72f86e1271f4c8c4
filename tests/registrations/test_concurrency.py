"""Capacity under concurrency, for both users of the registration core (events and courses).

PostgreSQL: 50 threads against 10 places, several rounds -> exactly 10 hold a place, 40 wait 1..40.
The control round runs the same code with the row lock switched off and must oversell, so the test
can fail. SQLite: 20 threads against 5 places -> exactly 5, and no "database is locked".
A slow-down after counting widens the race window in both the real test and the control, so the
locked version is tested under the harshest interleaving the control can exploit. Each thread has
its own database connection (`run_parallel` closes them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.db import models

from klynge.core import capacity
from klynge.events.models import Registration
from klynge.events.services.registrations import registration_cancel, registration_create
from klynge.learning.models import Enrolment
from klynge.learning.services.enrolments import enrolment_create, enrolment_drop
from tests.concurrency import needs_postgres, needs_sqlite, run_parallel, slow_down_counting
from tests.factories.events import EventFactory
from tests.factories.learning import CourseFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass(frozen=True)
class Pool:
    """One app's limited pool: how to make it, take a place in it and leave it."""

    make: Callable[[int], models.Model]  # capacity -> event or course
    take: Callable[[models.Model, Any], Any]  # (pool, person) -> registration or enrolment
    leave: Callable[[Any], Any]
    rows: type[models.Model]
    pool_field: str
    holding: str  # the status that holds a place

    def summary(self, pool: models.Model) -> tuple[int, list[int]]:
        rows = self.rows._default_manager.filter(**{self.pool_field: pool})
        positions = list(
            rows.filter(status="waitlisted")
            .order_by("waitlist_position")
            .values_list("waitlist_position", flat=True)
        )
        return rows.filter(status=self.holding).count(), positions

    def fill(self, pool: models.Model, count: int) -> tuple[list[Any], list[BaseException]]:
        people = PersonFactory.create_batch(count)
        return run_parallel(lambda person: self.take(pool, person), people)


EVENTS = Pool(
    make=lambda places: EventFactory(capacity=places),
    take=lambda event, person: registration_create(actor=None, event=event, person=person),
    leave=lambda row: registration_cancel(actor=None, registration=row),
    rows=Registration,
    pool_field="event",
    holding="confirmed",
)
COURSES = Pool(
    make=lambda places: CourseFactory(capacity=places),
    take=lambda course, person: enrolment_create(actor=None, course=course, person=person),
    leave=lambda row: enrolment_drop(actor=None, enrolment=row),
    rows=Enrolment,
    pool_field="course",
    holding="enrolled",
)


@pytest.fixture(params=[EVENTS, COURSES], ids=["events", "courses"])
def pool(request: pytest.FixtureRequest) -> Pool:
    chosen: Pool = request.param  # pytest types a fixture's param as Any
    return chosen


@pytest.fixture
def slow_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sleep right after counting the places, so unlocked transactions overlap for sure."""
    slow_down_counting(monkeypatch)


@needs_postgres
@pytest.mark.usefixtures("slow_count")
def test_postgres_50_parallel_takers_never_oversell(pool: Pool) -> None:
    assert capacity.LOCKING is True
    for _round in range(3):
        made = pool.make(10)
        results, errors = pool.fill(made, 50)
        assert errors == []
        assert len(results) == 50
        assert pool.summary(made) == (10, list(range(1, 41)))


@needs_postgres
@pytest.mark.usefixtures("slow_count")
def test_postgres_control_without_the_lock_oversells(
    pool: Pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Proves the test above can fail: the same work without the row lock sells too many places."""
    monkeypatch.setattr(capacity, "LOCKING", False)
    holding_per_round = []
    for _round in range(5):
        made = pool.make(10)
        _results, errors = pool.fill(made, 50)
        assert errors == []
        holding_per_round.append(pool.summary(made)[0])
        if holding_per_round[-1] > 10:
            break
    assert max(holding_per_round) > 10, holding_per_round


@needs_sqlite
def test_sqlite_20_parallel_takers_give_exactly_5(pool: Pool) -> None:
    for _round in range(2):
        made = pool.make(5)
        results, errors = pool.fill(made, 20)
        assert [str(e) for e in errors] == []
        assert len(results) == 20
        assert pool.summary(made) == (5, list(range(1, 16)))


def test_parallel_leavers_promote_in_waiting_list_order(pool: Pool) -> None:
    """3 places and 2 waiting places freed at once: the first 3 waiting get places, in order."""
    made = pool.make(5)
    rows = [pool.take(made, person) for person in PersonFactory.create_batch(15)]
    holding, waiting = rows[:5], rows[5:]
    assert [row.waitlist_position for row in waiting] == list(range(1, 11))
    mail.outbox.clear()

    leaving = [holding[0], holding[1], holding[2], waiting[4], waiting[7]]
    _results, errors = run_parallel(pool.leave, leaving)
    assert [str(e) for e in errors] == []

    now_holding = set(
        pool.rows._default_manager.filter(
            **{pool.pool_field: made, "status": pool.holding}
        ).values_list("pk", flat=True)
    )
    assert now_holding == {row.pk for row in (holding[3], holding[4], *waiting[:3])}
    queue = list(
        pool.rows._default_manager.filter(**{pool.pool_field: made, "status": "waitlisted"})
        .order_by("waitlist_position")
        .values_list("pk", "waitlist_position")
    )
    expected_order = [waiting[i].pk for i in (3, 5, 6, 8, 9)]
    assert queue == list(zip(expected_order, range(1, 6), strict=True))
    promoted_to = sorted(m.to[0] for m in mail.outbox if "You got a place" in m.subject)
    assert promoted_to == sorted(row.person.email for row in waiting[:3])
