"""Table assignment: fewest participants change tables, limits and fixed tables respected."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from klynge.matchmaking.scheduling import FixedMeeting, Meeting, Problem, Session, Slot
from klynge.matchmaking.scheduling.compiled import compile_problem
from klynge.matchmaking.scheduling.tables import assign_tables, table_moves


def _problem(meetings: list[tuple[str, str]], slots: int, tables: int, **extra: object) -> Problem:
    people = sorted({p for pair in meetings for p in pair})
    return Problem(
        participants=tuple(people),
        meetings=tuple(Meeting(i + 1, a, b) for i, (a, b) in enumerate(meetings)),
        slots=tuple(Slot(Session.MORNING) for _ in range(slots)),
        n_tables=tables,
        **extra,  # type: ignore[arg-type]  # `extra` are Problem fields
    )


def test_the_slot_is_matched_as_a_whole_not_meeting_by_meeting() -> None:
    # slot 1: a-b at table 1, c-d at table 2.  Slot 2: c-a and d-e.
    # Giving c-a table 2 (c's table) forces d away from table 2 as well: two moves.
    # Giving c-a table 1 (a's table) lets d stay: only c moves.
    problem = _problem([("a", "b"), ("c", "d"), ("c", "a"), ("d", "e")], slots=2, tables=2)
    c = compile_problem(problem)
    slot_of: list[int | None] = [0, 0, 1, 1]
    tables = assign_tables(c, slot_of)
    assert tables[:2] == [0, 1]
    assert tables[2:] == [0, 1]
    assert table_moves(c, slot_of, tables) == 1


def test_a_participant_keeps_the_table_across_an_idle_slot() -> None:
    problem = _problem([("a", "b"), ("c", "d"), ("a", "e")], slots=3, tables=2)
    c = compile_problem(problem)
    slot_of: list[int | None] = [0, 1, 2]
    tables = assign_tables(c, slot_of)
    assert tables[2] == tables[0]  # a comes back to its table after the break
    assert table_moves(c, slot_of, tables) == 0


def test_fixed_tables_come_first_and_unplaced_meetings_get_none() -> None:
    problem = _problem(
        [("a", "b"), ("a", "c"), ("d", "e")],
        slots=2,
        tables=2,
        fixed={3: FixedMeeting(slot=2, table=1)},
    )
    c = compile_problem(problem)
    tables = assign_tables(c, [0, None, 1])
    assert tables == [0, None, 0]


def test_moves_counts_changes_between_consecutive_meetings() -> None:
    problem = _problem([("a", "b"), ("a", "c"), ("a", "d")], slots=3, tables=3)
    c = compile_problem(problem)
    assert table_moves(c, [0, 1, 2], [0, 1, 1]) == 1
    assert table_moves(c, [0, 1, 2], [0, 1, 0]) == 2
    assert table_moves(c, [0, 2, 1], [0, 1, 2]) == 2  # ordered by slot, not by meeting


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_random_slot_assignments_get_valid_tables(seed: int) -> None:
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(rng.randint(2, 9))]
    pairs = sorted({tuple(sorted(rng.sample(people, 2))) for _ in range(rng.randint(1, 14))})
    n_slots, n_tables = rng.randint(1, 6), rng.randint(1, 4)
    problem = _problem(pairs, slots=n_slots, tables=n_tables)  # type: ignore[arg-type]  # sorted 2-samples: pairs
    c = compile_problem(problem)
    used: dict[int, int] = {}
    slot_of: list[int | None] = []
    for _ in pairs:
        free = [t for t in range(n_slots) if used.get(t, 0) < n_tables]
        t = rng.choice(free) if free and rng.random() < 0.9 else None
        if t is not None:
            used[t] = used.get(t, 0) + 1
        slot_of.append(t)
    tables = assign_tables(c, slot_of)
    seats = [(t, tables[m]) for m, t in enumerate(slot_of) if t is not None]
    assert len(seats) == len(set(seats))  # one meeting per table and slot
    assert all(t is not None and 0 <= t < n_tables for _slot, t in seats)
    assert all(tables[m] is None for m, t in enumerate(slot_of) if t is None)
    # never more moves than the participants' changes of meeting allow
    assert 0 <= table_moves(c, slot_of, tables) <= 2 * len(seats)
