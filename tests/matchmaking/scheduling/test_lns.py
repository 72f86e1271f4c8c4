"""Large-neighbourhood search: re-solving a few participants exactly, everything else fixed."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from klynge.matchmaking.scheduling import FixedMeeting, Meeting, Problem, Slot, validate
from klynge.matchmaking.scheduling.compiled import compile_problem, holes_of
from klynge.matchmaking.scheduling.greedy import greedy_slots
from klynge.matchmaking.scheduling.hybrid import hardest_first
from klynge.matchmaking.scheduling.lns import (
    Pacer,
    choose_neighbourhood,
    improve_once,
    polish,
    solve_neighbourhood,
)
from klynge.matchmaking.scheduling.localsearch import KempeSearch
from klynge.matchmaking.scheduling.result import build_schedule
from tests.matchmaking.scheduling.test_bound_and_search import SMALL, tiny_problems


def _event() -> Problem:
    """A meets B, C and D; B-D is fixed in slot 2; A-B before A-C; C cannot come in slot 2.

    Slot 2 is closed to all of A's meetings, so A's three meetings fit without a hole only in
    slots 3-5; then only D keeps a hole (slot 2 and a later one): the optimum is 1.
    """
    return Problem(
        participants=("A", "B", "C", "D", "E"),
        meetings=(
            Meeting(1, "A", "B"),
            Meeting(2, "A", "C"),
            Meeting(3, "A", "D"),
            Meeting(4, "B", "D"),
            Meeting(5, "C", "E"),
        ),
        slots=tuple(Slot(label=str(t)) for t in range(1, 6)),
        n_tables=2,
        forbidden={"C": frozenset({2})},
        fixed={4: FixedMeeting(slot=2)},
        precedences=((1, 2),),
        fairness=2,
    )


START: list[int | None] = [0, 2, 4, 1, 3]  # A in slots 1, 3, 5: two holes; D one; three in all


def test_a_participant_neighbourhood_closes_holes_and_keeps_every_rule() -> None:
    problem = _event()
    c = compile_problem(problem)
    assert validate(problem, build_schedule(c, START, {}, "test")) == []
    hood = choose_neighbourhood(c, START, random.Random(3), size=3)
    assert 0 in hood.people  # A (the most holes) is in the group
    step = solve_neighbourhood(c, START, hood, time_limit=10.0)
    assert step.slot_of is not None
    assert (step.before, step.after) == (sum(holes_of(c, START)), 1)
    assert sum(holes_of(c, step.slot_of)) == 1
    assert step.slot_of[3] == 1  # the fixed meeting stays
    assert validate(problem, build_schedule(c, step.slot_of, {}, "test")) == []
    moved = {m for m, t in enumerate(step.slot_of) if t != START[m]}
    assert moved <= set(hood.freed)


def test_no_better_neighbourhood_gives_no_schedule() -> None:
    problem = _event()
    c = compile_problem(problem)
    best = [2, 3, 4, 1, 4]  # A in 3-5, B in 2-3, D in 2 and 5: the optimum of 1
    assert sum(holes_of(c, best)) == 1
    step = improve_once(c, best, random.Random(1), time_limit=10.0)
    assert step.slot_of is None


def test_polish_continues_the_annealing_from_the_better_schedule() -> None:
    c = compile_problem(_event())
    search = KempeSearch(c, START)
    search.schedule(0.0, 10.0, temperature=0.3)
    follow = polish(search, random.Random(3), time_limit=10.0)
    assert follow is not None
    assert follow.best_cost == 1 < search.best_cost
    assert (follow.t_start, follow.t_end, follow.t0) == (0.0, 10.0, 0.3)


@SMALL
@given(tiny_problems(), st.integers(0, 10))
def test_neighbourhoods_keep_schedules_valid(problem: Problem, seed: int) -> None:
    c = compile_problem(problem)
    order = hardest_first(c)
    search = KempeSearch(c, greedy_slots(c, order), seed=seed)
    search.insert_all(order)
    slots = search.best()
    if any(t is None for t in slots) or validate(problem, build_schedule(c, slots, {}, "t")):
        return  # the LNS polishes complete, fair schedules only
    rng = random.Random(seed)
    for _ in range(3):
        step = improve_once(c, slots, rng, time_limit=5.0, people_size=2, slot_width=2)
        if step.slot_of is not None:
            assert sum(holes_of(c, step.slot_of)) < sum(holes_of(c, slots))
            slots = step.slot_of
    assert validate(problem, build_schedule(c, slots, {}, "test")) == []


@SMALL
@given(tiny_problems(), st.integers(0, 10))
def test_participants_with_holes_are_tracked_through_moves(problem: Problem, seed: int) -> None:
    c = compile_problem(problem)
    search = KempeSearch(c, greedy_slots(c), seed=seed)
    search.insert_all()
    search.schedule(0.0, 1.0)
    for _ in range(100):
        move = search.propose()
        if move is not None and search.evaluate(*move) is not None:
            search.apply(*move)
        assert sorted(search.bad) == [p for p, h in enumerate(search.holes) if h > 0]


def test_the_pacer_waits_longer_after_each_fruitless_neighbourhood() -> None:
    pacer = Pacer(wait=4.0)
    assert pacer.due(0.0)
    pacer.record(10.0, gain=False, base=4.0)
    assert not pacer.due(17.9) and pacer.due(18.0)
    pacer.record(18.0, gain=False, base=4.0)
    assert not pacer.due(33.9) and pacer.due(34.0)
    pacer.record(34.0, gain=True, base=4.0)
    assert pacer.due(38.0)
    assert (pacer.attempts, pacer.gains) == (3, 1)
