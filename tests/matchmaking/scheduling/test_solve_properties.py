"""Property tests: every solver result is valid and reports the holes it really has."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge.matchmaking.scheduling import (
    Meeting,
    Problem,
    Session,
    SessionRestriction,
    Slot,
    solve,
    validate,
)
from klynge.matchmaking.scheduling.validate import recount_holes


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n_people = draw(st.integers(2, 6))
    n_slots = draw(st.integers(2, 6))
    morning = draw(st.integers(0, n_slots))
    people = tuple(range(1, n_people + 1))
    pairs = [(a, b) for a in people for b in people if a < b]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=9, unique=True))
    meetings = tuple(
        Meeting(
            id=i,
            a=a,
            b=b,
            session=draw(st.sampled_from(list(SessionRestriction))),
            priority=draw(st.integers(1, 3)),
        )
        for i, (a, b) in enumerate(chosen, start=1)
    )
    forbidden = {
        p: frozenset(draw(st.sets(st.integers(1, n_slots), max_size=2)))
        for p in people
        if draw(st.booleans())
    }
    n_meetings = len(meetings)
    precedences: tuple[tuple[int, int], ...] = ()
    if n_meetings >= 2 and draw(st.booleans()):
        precedences = ((1, 2),)
    return Problem(
        participants=people,
        meetings=meetings,
        slots=tuple(
            Slot(Session.MORNING if t < morning else Session.AFTERNOON) for t in range(n_slots)
        ),
        n_tables=draw(st.integers(1, 3)),
        forbidden=forbidden,
        precedences=precedences,
        fairness=draw(st.sampled_from([None, 0, 1, 2])),
    )


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems())
def test_auto_engine_results_are_valid(problem: Problem) -> None:
    schedule = solve(problem, time_limit=5)
    assert validate(problem, schedule) == []
    assert dict(schedule.holes) == recount_holes(problem, schedule)


@FAST
@given(problems())
def test_cpsat_engine_results_are_valid(problem: Problem) -> None:
    schedule = solve(problem, engine="cpsat", time_limit=5)
    assert validate(problem, schedule) == []
    assert schedule.objective == sum(recount_holes(problem, schedule).values())
