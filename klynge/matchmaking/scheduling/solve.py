"""``solve``: pick an engine, respect the time limit, always return a valid schedule."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from .bound import configuration_lp_bound
from .compiled import Compiled, compile_problem, holes_of
from .cpsat_engine import cpsat_solve
from .explain import explain_unplaced, impossible_meetings
from .greedy import greedy_slots
from .hybrid import IMPOSSIBLE, Hybrid, HybridOutcome
from .model import Problem, Schedule, SolveStats
from .repair import enforce_fairness
from .result import build_schedule

ProgressCallback = Callable[[int | None, int, float], None]
ENGINES = ("auto", "sat", "local", "cpsat", "greedy")
LARGE_MEETINGS = 800  # above this building the CNF in Python costs too much; local search only


def _fallback(c: Compiled) -> list[int | None]:
    return enforce_fairness(c, greedy_slots(c))


def _finish(
    c: Compiled,
    slot_of: list[int | None],
    engine: str,
    start: float,
    lower_bound: int = 0,
    optimal: bool = False,
    first: float | None = None,
    best: float | None = None,
    solutions: int = 0,
    status: str = "",
    notes: tuple[str, ...] = (),
) -> Schedule:
    elapsed = time.perf_counter() - start
    holes = sum(holes_of(c, slot_of))
    everything = all(t is not None for t in slot_of)
    bound = min(lower_bound, holes) if everything else 0
    stats = SolveStats(
        wall_time=elapsed,
        time_to_first=first,
        time_to_best=best,
        solutions=solutions,
        status=status,
        notes=notes,
    )
    reasons = explain_unplaced(c, slot_of)
    return build_schedule(c, slot_of, reasons, engine, bound, optimal, stats)


def _run_cpsat(
    c: Compiled,
    start: float,
    deadline: float,
    on_progress: ProgressCallback | None,
    notes: tuple[str, ...] = (),
) -> Schedule:
    seed = _fallback(c)
    if any(t is not None for t in c.prev_slot):
        seed = [c.prev_slot[m] if c.prev_slot[m] is not None else t for m, t in enumerate(seed)]

    def report(slots: list[int | None], elapsed: float) -> None:
        if on_progress is not None:
            on_progress(sum(holes_of(c, slots)), 0, time.perf_counter() - start)

    out = cpsat_solve(c, deadline - time.perf_counter(), seed, on_solution=report)
    if out.slot_of is None:
        return _finish(c, seed, "greedy", start, status=out.status, notes=(*notes, "fallback"))
    return _finish(
        c,
        out.slot_of,
        "cpsat",
        start,
        lower_bound=out.lower_bound,
        optimal=out.optimal,
        first=out.time_to_first,
        best=out.time_to_best,
        solutions=out.solutions,
        status=out.status,
        notes=notes,
    )


def _lower_bound(c: Compiled, deadline: float) -> tuple[int, list[str]]:
    """Configuration-LP bound on the holes of any all-placed schedule (0 if it cannot run)."""
    budget = min(5.0, 0.1 * max(0.0, deadline - time.perf_counter()))
    if budget < 0.05 or not c.n_meetings:
        return 0, []
    result = configuration_lp_bound(c, time_limit=budget)
    found = (
        "no schedule places every meeting"
        if result.bound >= IMPOSSIBLE
        else f"bound {result.bound}"
    )
    notes = [f"configuration LP: {found} ({result.rounds} rounds, {result.seconds:.2f} s)"]
    return min(result.bound, IMPOSSIBLE), [*notes, *result.notes]


def _without(
    problem: Problem,
    c: Compiled,
    aside: dict[int, str],
    engine: str,
    deadline: float,
    on_progress: ProgressCallback | None,
    start: float,
) -> Schedule:
    """Schedule the rest with the same engine; the impossible meetings are set aside."""
    gone = {c.meeting_ids[m] for m in aside}
    rest = dataclasses.replace(
        problem,
        meetings=tuple(m for m in problem.meetings if m.id not in gone),
        fixed={k: v for k, v in problem.fixed.items() if k not in gone},
        precedences=tuple(p for p in problem.precedences if not gone & set(p)),
        previous={k: v for k, v in problem.previous.items() if k not in gone},
    )
    inner = solve(rest, engine, max(0.0, deadline - time.perf_counter()), on_progress)
    reasons = {c.meeting_ids[m]: reason for m, reason in aside.items()}
    note = f"{len(reasons)} meeting(s) set aside: no schedule can place them"
    stats = dataclasses.replace(
        inner.stats, wall_time=time.perf_counter() - start, notes=(note, *inner.stats.notes)
    )
    return dataclasses.replace(
        inner, unplaced={**reasons, **inner.unplaced}, set_aside=reasons, stats=stats
    )


def solve(
    problem: Problem,
    engine: str = "auto",
    time_limit: float | None = None,
    on_progress: ProgressCallback | None = None,
) -> Schedule:
    """Schedule ``problem`` within ``time_limit`` seconds (default ``problem.time_limit``).

    Engines: ``"sat"`` (hybrid search: local search for good schedules, SAT calls at the proven
    lower bound for the optimum and its proof, all meetings placed; falls back to CP-SAT maximum
    placement when that is impossible), ``"local"`` (the same without SAT calls), ``"cpsat"``
    (CP-SAT, maximum placement by priority, then fewest moved published meetings, then fewest
    holes), ``"greedy"`` and ``"auto"`` (``"sat"`` for ordinary events, ``"local"`` for very large
    ones, CP-SAT when ``previous`` is set).
    ``on_progress(best_holes, lower_bound, elapsed)`` is called when the search improves.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")
    start = time.perf_counter()
    limit = problem.time_limit if time_limit is None else time_limit
    deadline = start + max(0.5, limit)
    c = compile_problem(problem)
    if engine == "greedy":
        return _finish(c, greedy_slots(c), "greedy", start, status="greedy")
    has_previous = any(t is not None for t in c.prev_slot)
    if engine == "auto":
        engine = "cpsat" if has_previous else "local" if c.n_meetings > LARGE_MEETINGS else "sat"
    aside = impossible_meetings(c)
    if aside:
        return _without(problem, c, aside, engine, deadline, on_progress, start)
    if engine == "cpsat":
        return _run_cpsat(c, start, deadline, on_progress)
    bound, notes = _lower_bound(c, deadline)

    def improved(out: HybridOutcome, elapsed: float) -> None:
        # Progress is about schedules that place every meeting (or, once that is known to be
        # impossible, as many as possible), not about a start that still leaves some out.
        complete = out.unplaced == 0 or search.partial
        if on_progress is not None and out.best is not None and complete:
            on_progress(out.best, max(bound, out.lower_bound), elapsed)

    search = Hybrid(c, start, deadline, bound, engine == "sat", improved)
    out = search.run()
    notes += out.notes
    if out.slot_of is None:
        note = "no schedule found by the hybrid search"
        return _run_cpsat(c, start, deadline, on_progress, notes=(*notes, note))
    active = sum(1 for meetings in c.meetings_of if meetings)
    # At floor 0 the SAT answers assume every participant has at most d holes, which holds in an
    # optimum unless every participant has a hole, i.e. unless the optimum is at least the number
    # of them.  Above floor 0 the bound is floor x participants, proven by the refuted floors.
    found = out.lower_bound if out.floor else min(out.lower_bound, active)
    proven = max(bound, found) if out.unplaced == 0 else 0
    optimal = out.optimal and (out.unplaced > 0 or (out.best is not None and out.best <= proven))
    return _finish(
        c,
        out.slot_of,
        "sat" if engine == "sat" else "local",
        start,
        lower_bound=proven,
        optimal=optimal,
        first=out.time_to_first,
        best=out.time_to_best,
        solutions=out.solutions,
        status="optimal" if optimal else "feasible",
        notes=tuple(notes),
    )
