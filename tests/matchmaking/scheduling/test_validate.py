"""The independent validator catches every kind of violation on hand-built schedules."""

from __future__ import annotations

from dataclasses import replace

from klynge.matchmaking.scheduling import (
    Assignment,
    FixedMeeting,
    Meeting,
    Problem,
    Schedule,
    Session,
    SessionRestriction,
    Slot,
    validate,
)
from klynge.matchmaking.scheduling.validate import count_holes, recount_holes

AM, PM = Session.MORNING, Session.AFTERNOON


def _problem(**changes: object) -> Problem:
    base = Problem(
        participants=("a", "b", "c", "d"),
        meetings=(
            Meeting("ab", "a", "b"),
            Meeting("cd", "c", "d"),
            Meeting("ac", "a", "c", session=SessionRestriction.AFTERNOON),
        ),
        slots=(Slot(AM), Slot(AM), Slot(PM), Slot(PM)),
        n_tables=2,
    )
    return replace(base, **changes)  # type: ignore[arg-type]  # `changes` are Problem fields


def _schedule(problem: Problem, placed: dict[str, tuple[int, int]], **kw: object) -> Schedule:
    assignments = {k: Assignment(slot=s, table=t) for k, (s, t) in placed.items()}
    draft = Schedule(assignments=assignments, unplaced={}, holes={}, objective=0)
    holes = recount_holes(problem, draft)
    unplaced = {m.id: "x" for m in problem.meetings if m.id not in placed}
    fields: dict[str, object] = {"holes": holes, "objective": sum(holes.values())}
    fields.update(kw)
    return replace(draft, unplaced=unplaced, **fields)  # type: ignore[arg-type]  # Schedule fields


GOOD = {"ab": (1, 1), "cd": (1, 2), "ac": (3, 1)}


def _errors(problem: Problem, placed: dict[str, tuple[int, int]], **kw: object) -> list[str]:
    return validate(problem, _schedule(problem, placed, **kw))


def test_count_holes() -> None:
    assert count_holes([]) == 0
    assert count_holes([3, 1, 2]) == 0
    assert count_holes([1, 3, 4, 9]) == 2


def test_valid_schedule_passes() -> None:
    problem = _problem()
    assert _errors(problem, GOOD) == []
    # a: slots 1 and 3 -> one hole; c: slots 1 and 3 -> one hole
    assert _schedule(problem, GOOD).objective == 2


def test_session_restriction() -> None:
    errors = _errors(_problem(), {**GOOD, "ac": (2, 1)})
    assert any("session restriction" in e for e in errors)


def test_forbidden_slot() -> None:
    problem = _problem(forbidden={"d": frozenset({1})})
    assert any("forbidden for d" in e for e in _errors(problem, GOOD))


def test_double_booking() -> None:
    errors = _errors(_problem(), {"ab": (3, 1), "cd": (1, 1), "ac": (3, 2)})
    assert any("participant a has 2 meetings in slot 3" in e for e in errors)


def test_table_capacity_and_sharing() -> None:
    problem = _problem(n_tables=1)
    errors = _errors(problem, GOOD)
    assert any("only 1 tables" in e for e in errors)
    assert any("table 2 out of range" in e for e in errors)
    errors = _errors(_problem(), {**GOOD, "cd": (1, 1)})
    assert any("share the table" in e for e in errors)


def test_fixed_slot_and_table() -> None:
    problem = _problem(fixed={"ab": FixedMeeting(slot=2, table=2)})
    errors = _errors(problem, GOOD)
    assert any("fixed to slot 2" in e for e in errors)
    assert any("fixed to table 2" in e for e in errors)


def test_precedence() -> None:
    problem = _problem(precedences=(("ac", "ab"),))
    assert any("precedence violated" in e for e in _errors(problem, GOOD))


def test_slot_out_of_range_and_unknown_meeting() -> None:
    errors = _errors(_problem(), {**GOOD, "ab": (9, 1)})
    assert any("out of range" in e for e in errors)
    errors = _errors(_problem(), {**GOOD, "zz": (2, 1)})
    assert any("unknown meeting zz" in e for e in errors)


def test_missing_meeting_and_double_report() -> None:
    problem = _problem()
    schedule = _schedule(problem, GOOD)
    without_ab = {k: v for k, v in schedule.assignments.items() if k != "ab"}
    errors = validate(problem, replace(schedule, assignments=without_ab))
    assert any("meeting ab is neither placed" in e for e in errors)
    errors = validate(problem, replace(schedule, unplaced={"ab": "x"}))
    assert any("both placed and unplaced" in e for e in errors)


def test_wrong_holes_and_objective() -> None:
    problem = _problem()
    errors = _errors(problem, GOOD, holes={"a": 0, "b": 0, "c": 1, "d": 0}, objective=5)
    assert any("participant a: reported 0 holes, recount 1" in e for e in errors)
    assert any("objective 5" in e for e in errors)


def test_fairness() -> None:
    problem = _problem(
        meetings=(
            Meeting("ab1", "a", "b"),
            Meeting("ac", "a", "c"),
            Meeting("ad", "a", "d"),
        ),
        slots=tuple(Slot(AM) for _ in range(5)),
        fairness=1,
    )
    placed = {"ab1": (1, 1), "ac": (3, 1), "ad": (5, 1)}
    errors = _errors(problem, placed)
    assert any("fairness violated" in e for e in errors)
    assert not any("fairness" in e for e in validate(problem, _schedule(problem, placed), False))
