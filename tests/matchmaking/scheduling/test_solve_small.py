"""Solver on hand-built problems with known optima (both engines)."""

from __future__ import annotations

import pytest

from klynge.matchmaking.scheduling import (
    FixedMeeting,
    Meeting,
    Problem,
    Schedule,
    Session,
    SessionRestriction,
    Slot,
    solve,
    validate,
)

AM, PM = Session.MORNING, Session.AFTERNOON
ENGINES = ["auto", "cpsat"]


def _slots(n: int, morning: int | None = None) -> tuple[Slot, ...]:
    cut = n if morning is None else morning
    return tuple(Slot(AM if t < cut else PM) for t in range(n))


def _solve(problem: Problem, engine: str) -> Schedule:
    schedule = solve(problem, engine=engine, time_limit=10)
    assert validate(problem, schedule) == []
    return schedule


@pytest.mark.parametrize("engine", ENGINES)
def test_triangle_needs_one_hole(engine: str) -> None:
    problem = Problem(
        participants=("a", "b", "c"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "b", "c")),
        slots=_slots(3),
        n_tables=1,
    )
    schedule = _solve(problem, engine)
    assert schedule.all_placed
    assert schedule.objective == 1
    assert schedule.proven_optimal


@pytest.mark.parametrize("engine", ENGINES)
def test_forbidden_slot_forces_a_hole(engine: str) -> None:
    problem = Problem(
        participants=("a", "b", "c"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c")),
        slots=_slots(3),
        n_tables=2,
        forbidden={"a": frozenset({2})},
    )
    schedule = _solve(problem, engine)
    assert schedule.all_placed
    assert {schedule.slot_of(1), schedule.slot_of(2)} == {1, 3}
    assert schedule.objective == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_fixed_meetings_keep_their_slot_and_table(engine: str) -> None:
    problem = Problem(
        participants=("a", "b", "c", "d"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "a", "d")),
        slots=_slots(3),
        n_tables=2,
        fixed={1: FixedMeeting(slot=1, table=2), 2: FixedMeeting(slot=3)},
    )
    schedule = _solve(problem, engine)
    assert schedule.assignments[1].slot == 1
    assert schedule.assignments[1].table == 2
    assert schedule.slot_of(2) == 3
    assert schedule.slot_of(3) == 2
    assert schedule.objective == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_precedences_are_respected(engine: str) -> None:
    problem = Problem(
        participants=("a", "b", "c", "d"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "a", "d")),
        slots=_slots(4),
        n_tables=1,
        precedences=((3, 2), (2, 1)),
    )
    schedule = _solve(problem, engine)
    slots = [schedule.slot_of(m) for m in (3, 2, 1)]
    assert None not in slots
    assert slots == sorted(slots)  # type: ignore[type-var]  # the assert above rules out None
    assert schedule.objective == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_morning_and_afternoon_restrictions(engine: str) -> None:
    problem = Problem(
        participants=("a", "b", "c"),
        meetings=(
            Meeting(1, "a", "b", session=SessionRestriction.MORNING),
            Meeting(2, "a", "c", session=SessionRestriction.AFTERNOON),
        ),
        slots=_slots(4, morning=2),
        n_tables=1,
    )
    schedule = _solve(problem, engine)
    assert (schedule.slot_of(1), schedule.slot_of(2)) == (2, 3)
    assert schedule.objective == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_infeasible_returns_maximum_placement_with_reasons(engine: str) -> None:
    problem = Problem(
        participants=("a", "b", "c", "d"),
        meetings=(
            Meeting(1, "a", "b"),
            Meeting(2, "a", "c", priority=5),
            Meeting(3, "a", "d", priority=5),
        ),
        slots=_slots(2),
        n_tables=2,
    )
    schedule = _solve(problem, engine)
    assert len(schedule.assignments) == 2
    assert set(schedule.unplaced) == {1}  # the low-priority meeting gives way
    assert "no common free slot" in schedule.unplaced[1]
    assert not schedule.all_placed


def test_meeting_without_any_allowed_slot_is_explained() -> None:
    problem = Problem(
        participants=("a", "b"),
        meetings=(Meeting(1, "a", "b", session=SessionRestriction.AFTERNOON),),
        slots=_slots(2),
        n_tables=1,
    )
    schedule = _solve(problem, "auto")
    assert "session" in schedule.unplaced[1]


def test_previous_assignment_is_kept_when_possible() -> None:
    problem = Problem(
        participants=("a", "b", "c"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c")),
        slots=_slots(4),
        n_tables=1,
        previous={1: 3, 2: 2},
    )
    schedule = _solve(problem, "auto")
    assert (schedule.slot_of(1), schedule.slot_of(2)) == (3, 2)


def test_progress_callback_and_unknown_engine() -> None:
    calls: list[tuple[int | None, int, float]] = []
    problem = Problem(
        participants=("a", "b", "c"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "b", "c")),
        slots=_slots(3),
        n_tables=1,
    )
    solve(problem, time_limit=5, on_progress=lambda *args: calls.append(args))
    assert calls and calls[-1][0] == 1
    with pytest.raises(ValueError):
        solve(problem, engine="magic")


def test_tables_are_kept_by_participants() -> None:
    problem = Problem(
        participants=("a", "b", "c", "d"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "b", "d")),
        slots=_slots(2),
        n_tables=3,
        table_names=("red", "green", "blue"),
        fixed={1: FixedMeeting(slot=1, table=3)},
    )
    schedule = _solve(problem, "auto")
    assert schedule.assignments[1].table == 3
    # a and b both sat at "blue" and meet others in slot 2: one of them stays there
    assert {schedule.assignments[2].slot, schedule.assignments[3].slot} == {2}
    assert sorted([schedule.assignments[2].table, schedule.assignments[3].table])[1] == 3
    assert problem.table_name(3) == "blue"


def test_cannot_place_all_is_reported_with_the_fairness_bound() -> None:
    triangle = (Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "b", "c"))
    problem = Problem(participants=("a", "b", "c"), meetings=triangle, slots=_slots(2), n_tables=1)
    schedule = _solve(problem, "auto")
    assert len(schedule.assignments) == 2
    assert any(note.startswith("not every meeting can be placed") for note in schedule.stats.notes)
    unfair = Problem(
        participants=("a", "b", "c"), meetings=triangle, slots=_slots(2), n_tables=1, fairness=None
    )
    assert "not every meeting can be placed" in _solve(unfair, "auto").stats.notes


def test_fairness_bounds_differences_not_each_participants_holes() -> None:
    # Only slots 1, 3 and 5 are open: whatever the order, each of a, b, c meets in two of them
    # with a gap between, so everybody has exactly one hole.  With d = 0 that is fair (all
    # equal) although nobody has at most d = 0 holes: every meeting must still be placed.
    triangle = (Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "b", "c"))
    closed = frozenset({2, 4})
    problem = Problem(
        participants=("a", "b", "c"),
        meetings=triangle,
        slots=_slots(5),
        n_tables=1,
        forbidden={p: closed for p in "abc"},
        fairness=0,
    )
    schedule = _solve(problem, "auto")
    assert schedule.all_placed
    assert schedule.holes == {"a": 1, "b": 1, "c": 1}
    assert schedule.lower_bound == 3
    assert schedule.proven_optimal


def test_sat_search_finds_fair_schedules_where_everybody_has_a_hole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same event, decided by the SAT workers alone: the constructive start is switched off,
    # so "at most d = 0 holes each" is refuted and the floor of one hole each is searched.
    from klynge.matchmaking.scheduling import hybrid

    monkeypatch.setattr(hybrid, "greedy_slots", lambda c, order: [None] * c.n_meetings)
    monkeypatch.setattr(hybrid, "compact_slots", lambda c, order: [None] * c.n_meetings)
    monkeypatch.setattr(hybrid.KempeSearch, "insert_all", lambda self, order: None)
    triangle = (Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "b", "c"))
    problem = Problem(
        participants=("a", "b", "c"),
        meetings=triangle,
        slots=_slots(5),
        n_tables=1,
        forbidden={p: frozenset({2, 4}) for p in "abc"},
        fairness=0,
    )
    schedule = _solve(problem, "sat")
    assert schedule.all_placed
    assert schedule.objective == 3
    assert "with every meeting placed, no participant can have fewer than 1 holes" in (
        schedule.stats.notes
    )
    assert schedule.proven_optimal
