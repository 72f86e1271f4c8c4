"""The search gives a good schedule whatever the proof does (issue 20's four defects)."""

from __future__ import annotations

import time

import pytest

from klynge.matchmaking.scheduling import (
    FixedMeeting,
    Meeting,
    Problem,
    Session,
    SessionRestriction,
    Slot,
    hybrid,
    solve,
    validate,
)
from klynge.matchmaking.scheduling.compiled import compile_problem, holes_of
from klynge.matchmaking.scheduling.greedy import compact_slots
from klynge.matchmaking.scheduling.hybrid import Hybrid
from klynge.matchmaking.scheduling.localsearch import KempeSearch
from klynge.matchmaking.scheduling.sat_search import SatAnswer, SatPool
from klynge.matchmaking.scheduling.satenc import encode

AM, PM = Session.MORNING, Session.AFTERNOON


class SilentPool:
    """A SAT pool whose workers never answer: the proof runs out of time."""

    def __init__(self, *args: object) -> None:
        self.calls: list[object] = []

    def ask(self, *args: object) -> None:
        return None

    def idle(self, *args: object) -> None:
        return None

    def hint(self, *args: object) -> None:
        return None

    def stop(self, call: object) -> None:
        return None

    def stop_all(self) -> None:
        return None

    def poll(self, timeout: float = 0.0) -> list[SatAnswer]:
        time.sleep(min(timeout, 0.01))
        return []


def star(n_slots: int = 5) -> Problem:
    """Participant "a" meets b, c and d; one table per slot."""
    return Problem(
        participants=("a", "b", "c", "d"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "a", "d")),
        slots=tuple(Slot(AM) for _ in range(n_slots)),
        n_tables=1,
    )


def test_insertion_counts_as_the_best_schedule() -> None:
    c = compile_problem(star())
    search = KempeSearch(c, [0, 1, None])
    assert search.insert_all() == 0
    assert None not in search.best()  # before the fix best() returned the start, without it


def test_local_search_runs_when_the_start_leaves_a_meeting_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The constructive start leaves meeting 3 out (its first insertion attempt is made to
    # fail) and the SAT workers never answer: the local search alone must fit it in.
    real_insert = KempeSearch.insert_all
    attempts: list[int] = []

    def first_attempt_fails(self: KempeSearch, order: list[int] | None = None) -> int:
        attempts.append(1)
        if len(attempts) <= 2:  # both constructive starts
            return len(self.unplaced())
        return real_insert(self, order)

    monkeypatch.setattr(hybrid, "greedy_slots", lambda c, order: [0, 1, None])
    monkeypatch.setattr(hybrid, "compact_slots", lambda c, order: [0, 1, None])
    monkeypatch.setattr(KempeSearch, "insert_all", first_attempt_fails)
    monkeypatch.setattr(hybrid, "SatPool", SilentPool)
    monkeypatch.setattr(hybrid, "encode", lambda *args, **kwargs: None)
    c = compile_problem(star())
    start = time.perf_counter()
    out = Hybrid(c, start, start + 1.0, lower_bound=0, use_sat=True).run()
    assert out.slot_of is not None and None not in out.slot_of
    assert out.unplaced == 0
    assert out.best == 0


def test_sat_answers_are_polished_by_the_local_search() -> None:
    c = compile_problem(star())
    start = time.perf_counter()
    search = Hybrid(c, start, start + 5.0, lower_bound=0, use_sat=True)
    poor = [0, 2, 4]  # a complete schedule with two holes for "a"
    assert sum(holes_of(c, poor)) == 2
    search.handle(SatAnswer((), "kissat404", "sat", poor))
    assert search.out.best == 2
    assert search.search is not None and search.ls_active  # the annealing starts from it
    for _ in range(20):
        search.local_step()
        if search.out.best == 0:
            break
    assert search.out.best == 0


def test_impossible_meeting_is_set_aside_and_the_rest_scheduled_by_the_default_engine() -> None:
    problem = Problem(
        participants=("a", "b", "c", "d"),
        meetings=(
            Meeting(1, "a", "b", session=SessionRestriction.AFTERNOON),
            Meeting(2, "a", "c"),
            Meeting(3, "c", "d"),
            Meeting(4, "b", "d"),
        ),
        slots=(Slot(AM), Slot(AM), Slot(PM), Slot(PM)),
        n_tables=2,
        fixed={1: FixedMeeting(slot=1)},  # a morning slot for an afternoon meeting
    )
    schedule = solve(problem, time_limit=10)
    assert validate(problem, schedule) == []
    assert schedule.engine == "sat"
    assert set(schedule.unplaced) == {1}
    assert "fixed slot 1 is not allowed" in schedule.set_aside[1]
    assert schedule.complete and not schedule.all_placed
    assert schedule.proven_optimal
    assert schedule.holes_above_bound == 0
    assert any("set aside" in note for note in schedule.stats.notes)


def test_clashing_fixed_meetings_set_the_later_one_aside() -> None:
    problem = Problem(
        participants=("a", "b", "c"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "b", "c")),
        slots=(Slot(AM), Slot(AM), Slot(AM)),
        n_tables=2,
        fixed={1: FixedMeeting(slot=2), 2: FixedMeeting(slot=2)},
        precedences=((3, 1),),
    )
    schedule = solve(problem, time_limit=5)
    assert validate(problem, schedule) == []
    assert set(schedule.set_aside) == {2}
    assert "meeting 1" in schedule.set_aside[2]
    assert schedule.slot_of(3) == 1 and schedule.slot_of(1) == 2


def triangle(n_slots: int = 3) -> Problem:
    """Three participants who all meet each other, one table: one hole is needed."""
    return Problem(
        participants=("a", "b", "c"),
        meetings=(Meeting(1, "a", "b"), Meeting(2, "a", "c"), Meeting(3, "b", "c")),
        slots=tuple(Slot(AM) for _ in range(n_slots)),
        n_tables=1,
    )


def answer_of(pool: SatPool) -> SatAnswer:
    for _ in range(600):
        answers = pool.poll(0.1)
        if answers:
            return answers[0]
    raise AssertionError("no answer")


def test_incremental_worker_answers_question_after_question_in_one_process() -> None:
    c = compile_problem(triangle())
    pool = SatPool(encode(c, None))
    try:
        pool.ask("cadical195", (("holes", 0),))
        worker = pool.calls[0].process.pid
        assert answer_of(pool).verdict == "unsat"
        pool.ask("cadical195", (("holes", 1),))
        found = answer_of(pool)
        assert found.verdict == "sat" and found.slots is not None
        assert sum(holes_of(c, found.slots)) == 1
        assert pool.calls[0].process.pid == worker  # the same solver, kept between questions
    finally:
        pool.stop_all()


def test_only_real_refutations_raise_the_bound() -> None:
    c = compile_problem(star())
    start = time.perf_counter()
    search = Hybrid(c, start, start + 5.0, lower_bound=0, use_sat=True)
    search.offer([0, 2, 4])  # two holes
    search.handle(SatAnswer((("lns", 1),), "cadical195", "unsat", None))
    search.handle(SatAnswer((("holes", 0), ("turn", 2)), "cadical195", "unknown", None))
    assert search.out.lower_bound == 0  # a neighbourhood or a spent budget proves nothing
    search.handle(SatAnswer((("holes", 0), ("turn", 3)), "cadical195", "unsat", None))
    assert search.out.lower_bound == 1  # an answer to an older question still proves its bound


def test_best_fit_start_puts_meetings_next_to_each_other() -> None:
    c = compile_problem(star(6))
    slots = compact_slots(c, [2, 0, 1])
    assert None not in slots and sum(holes_of(c, slots)) == 0


class RecordingPool(SilentPool):
    """Records the question each solver is on (as ``SatPool.asking`` reports it)."""

    def __init__(self, *args: object) -> None:
        super().__init__()
        self.on: dict[str, tuple[object, ...]] = {}
        self.enc = encode(compile_problem(star(6)), None)

    def ask(self, solver: str, limits: tuple[object, ...], *args: object, **kwargs: object) -> None:
        self.on[solver] = kwargs.get("key") or limits  # type: ignore[assignment]  # key: a question tuple

    def idle(self, solver: str) -> None:
        self.on.pop(solver, None)

    def asking(self) -> dict[str, tuple[object, ...]]:
        return dict(self.on)


def test_second_worker_works_one_step_above_the_bound_and_keeps_its_question() -> None:
    c = compile_problem(star(6))
    start = time.perf_counter()
    search = Hybrid(c, start, start + 5.0, lower_bound=0, use_sat=True)
    pool = RecordingPool()
    search.pool = pool  # type: ignore[assignment]  # a recording stand-in for SatPool
    search.offer([0, 2, 4])  # two holes
    search.staff()  # the local search is still running
    assert pool.on["cadical195"] == (("holes", 0),)
    assert pool.on["kissat404"] == (("holes", 1),)  # one ahead, not idle as before
    search.handle(SatAnswer((("holes", 0),), "cadical195", "unsat", None))
    assert search.out.lower_bound == 1
    search.staff()
    assert pool.on["kissat404"] == (("holes", 1),)  # now the bound: it keeps its work
    search.handle(SatAnswer((("holes", 1),), "kissat404", "unsat", None))
    assert search.out.lower_bound == 2 and search.out.optimal
    search.offer([0, 1, 3])  # one hole: only "none at all?" is open, both workers on it
    search.out.lower_bound = 0
    search.pool = pool = RecordingPool()  # type: ignore[assignment]  # a recording stand-in
    search.staff()
    assert pool.on["kissat404"] == pool.on["cadical195"] == (("holes", 0),)


def test_second_worker_waits_for_a_complete_schedule() -> None:
    c = compile_problem(star(6))
    start = time.perf_counter()
    search = Hybrid(c, start, start + 5.0, lower_bound=0, use_sat=True)
    search.pool = pool = RecordingPool()  # type: ignore[assignment]  # a recording stand-in
    search.offer([0, 2, None])  # a meeting left out
    search.staff()
    assert pool.on == {"cadical195": ()}  # "does every meeting fit?" first


def test_a_no_one_step_ahead_raises_the_bound_by_two() -> None:
    c = compile_problem(star(6))
    start = time.perf_counter()
    search = Hybrid(c, start, start + 5.0, lower_bound=0, use_sat=True)
    search.offer([0, 2, 4])
    search.handle(SatAnswer((("holes", 1),), "kissat404", "unsat", None))
    assert search.out.lower_bound == 2
