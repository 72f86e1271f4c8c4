"""``solve``: pick an engine, respect the time limit, always return a valid schedule."""

from __future__ import annotations

import time
from collections.abc import Callable

from .compiled import Compiled, compile_problem, holes_of
from .cpsat_engine import cpsat_solve
from .explain import explain_unplaced
from .greedy import greedy_slots
from .model import Problem, Schedule, SolveStats
from .repair import enforce_fairness
from .result import build_schedule
from .sat_search import SatOutcome, sat_search

ProgressCallback = Callable[[int | None, int, float], None]
ENGINES = ("auto", "sat", "cpsat", "greedy")
LARGE_MEETINGS = 800  # above this the CNF gets big; CP-SAT handles the linear constraints natively


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


def solve(
    problem: Problem,
    engine: str = "auto",
    time_limit: float | None = None,
    on_progress: ProgressCallback | None = None,
) -> Schedule:
    """Schedule ``problem`` within ``time_limit`` seconds (default ``problem.time_limit``).

    Engines: ``"sat"`` (exact SAT search over the hole budget, all meetings placed; falls back to
    CP-SAT maximum placement when that is impossible), ``"cpsat"`` (CP-SAT, maximum placement by
    priority, then fewest moved published meetings, then fewest holes), ``"greedy"`` and
    ``"auto"`` (SAT for ordinary events, CP-SAT for very large ones or when ``previous`` is set).
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
        engine = "cpsat" if has_previous or c.n_meetings > LARGE_MEETINGS else "sat"
    if engine == "cpsat" or any(not allowed for allowed in c.allowed):
        return _run_cpsat(c, start, deadline, on_progress)

    def improved(out: SatOutcome, elapsed: float) -> None:
        if on_progress is not None:
            on_progress(out.best, out.lower_bound, elapsed)

    sat_time = (deadline - time.perf_counter()) * 0.95
    first_deadline = max(2.0, sat_time * 0.5)
    out = sat_search(c, sat_time, on_improve=improved, first_deadline=first_deadline)
    if out.slot_of is not None:
        return _finish(
            c,
            out.slot_of,
            "sat",
            start,
            lower_bound=out.lower_bound,
            optimal=out.optimal,
            first=out.time_to_first,
            best=out.time_to_best,
            solutions=out.solutions,
            status="optimal" if out.optimal else "feasible",
            notes=tuple(out.notes),
        )
    note = "cannot place every meeting" if out.infeasible else "no full schedule found in time"
    return _run_cpsat(c, start, deadline, on_progress, notes=(*out.notes, note))
