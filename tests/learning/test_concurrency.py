"""The course path cannot oversell: parallel enrolments through the shared capacity mechanism.

PostgreSQL: 50 threads against 10 places -> exactly 10 enrolled, 40 waiting 1..40; the control
round runs the same code with the row lock switched off and must oversell (so the test can fail).
SQLite: 20 threads against 5 places -> exactly 5, no "database is locked".
Each thread has its own database connection (`run_parallel` closes them). A short sleep after
counting widens the race window for the real test and the control alike.
"""

from __future__ import annotations

from typing import Any

import pytest

from klynge.core import capacity
from klynge.learning.models import Course, Enrolment
from klynge.learning.services.enrolments import enrolment_create, enrolment_drop
from tests.concurrency import needs_postgres, needs_sqlite, run_parallel, slow_down_counting
from tests.factories.learning import CourseFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sleep right after counting the places, so unlocked transactions overlap for sure."""
    slow_down_counting(monkeypatch)


def enrol_many(course: Course, count: int) -> tuple[list[Any], list[BaseException]]:
    people = PersonFactory.create_batch(count)
    return run_parallel(
        lambda person: enrolment_create(actor=None, course=course, person=person), people
    )


def summary(course: Course) -> tuple[int, list[int]]:
    enrolments = Enrolment.objects.filter(course=course)
    enrolled = enrolments.filter(status="enrolled").count()
    positions = list(
        enrolments.filter(status="waitlisted")
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    return enrolled, positions


@needs_postgres
@pytest.mark.usefixtures("slow_count")
def test_postgres_50_parallel_enrolments_for_10_places() -> None:
    assert capacity.LOCKING is True
    for _round in range(3):
        course = CourseFactory(capacity=10)
        results, errors = enrol_many(course, 50)
        assert errors == []
        assert len(results) == 50
        enrolled, positions = summary(course)
        assert enrolled == 10
        assert positions == list(range(1, 41))


@needs_postgres
@pytest.mark.usefixtures("slow_count")
def test_postgres_control_without_the_lock_oversells(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proves the test above can fail: the same course path without the row lock oversells."""
    monkeypatch.setattr(capacity, "LOCKING", False)
    enrolled_per_round = []
    for _round in range(5):
        course = CourseFactory(capacity=10)
        _results, errors = enrol_many(course, 50)
        assert errors == []
        enrolled_per_round.append(summary(course)[0])
        if enrolled_per_round[-1] > 10:
            break
    assert max(enrolled_per_round) > 10, enrolled_per_round


@needs_sqlite
def test_sqlite_20_parallel_enrolments_for_5_places() -> None:
    for _round in range(2):
        course = CourseFactory(capacity=5)
        results, errors = enrol_many(course, 20)
        assert [str(e) for e in errors] == []
        assert len(results) == 20
        enrolled, positions = summary(course)
        assert enrolled == 5
        assert positions == list(range(1, 16))


def test_parallel_drop_outs_promote_in_waiting_list_order() -> None:
    """3 places and 2 waiting places freed at once: the first 3 waiting get places, in order."""
    course = CourseFactory(capacity=5)
    made = [
        enrolment_create(actor=None, course=course, person=p)
        for p in PersonFactory.create_batch(15)
    ]
    enrolled, waiting = made[:5], made[5:]
    leaving = [enrolled[0], enrolled[1], enrolled[2], waiting[4], waiting[7]]
    _results, errors = run_parallel(lambda e: enrolment_drop(actor=None, enrolment=e), leaving)
    assert [str(e) for e in errors] == []
    now_enrolled = set(
        Enrolment.objects.filter(course=course, status="enrolled").values_list("pk", flat=True)
    )
    assert now_enrolled == {e.pk for e in (enrolled[3], enrolled[4], *waiting[:3])}
    queue = list(
        Enrolment.objects.filter(course=course, status="waitlisted")
        .order_by("waitlist_position")
        .values_list("pk", "waitlist_position")
    )
    expected = [waiting[i].pk for i in (3, 5, 6, 8, 9)]
    assert queue == list(zip(expected, range(1, 6), strict=True))
