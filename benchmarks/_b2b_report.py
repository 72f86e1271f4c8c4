"""One benchmark run with its anytime timeline, per-group summaries and the loaded-machine mode."""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

from klynge.matchmaking.scheduling import Problem, Schedule, greedy, solve, validate
from klynge.matchmaking.scheduling.compiled import compile_problem
from klynge.matchmaking.scheduling.tables import table_moves

CHECKPOINTS = (5.0, 10.0, 30.0, 60.0)
Result = dict[str, Any]  # one run, as its JSON line: figures, flags, names and nested tables


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


@contextlib.contextmanager
def competing_load(enabled: bool) -> Iterator[int | None]:
    """Keep one core busy with a spinning process while the block runs (loaded-machine mode)."""
    if not enabled:
        yield None
        return
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield spinner.pid
    finally:
        spinner.kill()
        spinner.wait()


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the SAT workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def table_changes(problem: Problem, schedule: Schedule) -> int:
    """How often a participant changes table between two of their meetings."""
    c = compile_problem(problem)
    seats = [schedule.assignments.get(mid) for mid in c.meeting_ids]
    slot_of = [None if a is None else a.slot - 1 for a in seats]
    return table_moves(c, slot_of, [None if a is None else a.table - 1 for a in seats])


def holes_at(timeline: list[tuple[float, int]], t: float) -> int | None:
    """Holes of the best schedule reported by ``t`` seconds (``None``: none yet)."""
    known = [holes for elapsed, holes in timeline if elapsed <= t]
    return known[-1] if known else None


def run(
    problem: Problem,
    variant: str,
    time_limit: float,
    optimum: int | None = None,
    family: str = "",
    infeasible: bool | None = None,
) -> Result:
    """Solve once; ``optimum``/``infeasible`` are published facts when known."""
    load_before = load_average()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    timeline: list[tuple[float, int]] = []

    def progress(best: int | None, bound: int, elapsed: float) -> None:
        if best is not None:
            timeline.append((round(elapsed, 2), best))

    schedule = solve(problem, time_limit=time_limit, on_progress=progress)
    wall = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    base = greedy(problem)
    errors = validate(problem, schedule)
    complete = schedule.complete
    holes = schedule.objective
    proven_infeasible = not complete and schedule.proven_optimal
    if complete:
        outcome = "optimal" if schedule.proven_optimal else "unresolved"
    else:
        outcome = "infeasible" if proven_infeasible else "unresolved"
    checkpoints = {
        f"{t:g}": (holes_at(timeline, t) if complete else None)
        for t in CHECKPOINTS
        if t <= time_limit
    }
    return {
        "name": problem.name,
        "variant": variant,
        "family": family or variant,
        "participants": len(problem.participants),
        "meetings": len(problem.meetings),
        "slots": problem.n_slots,
        "outcome": outcome,  # optimal (proven) | infeasible (proven: not every meeting fits)
        "complete": complete,  # every meeting placed but those no schedule can place
        "placed": len(schedule.assignments),
        "set_aside": len(schedule.set_aside),
        "holes": holes,
        "lower_bound": schedule.lower_bound,
        "holes_above_bound": schedule.holes_above_bound,
        "optimum": optimum,  # published optimum (None: unknown or not every meeting fits)
        "published_infeasible": infeasible,
        "gap": None if optimum is None or not complete else holes - optimum,
        "holes_at": checkpoints,  # anytime: holes of the best complete schedule at t seconds
        "proven_optimal": schedule.proven_optimal,
        "engine": schedule.engine,
        "time": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "load_average": [load_before, load_average()],
        "time_to_best": schedule.stats.time_to_best,
        "table_changes": table_changes(problem, schedule),
        "greedy_holes": base.objective,
        "greedy_unplaced": len(base.unplaced),
        "valid": not errors,
        "violations": errors[:5],
        "notes": list(schedule.stats.notes),
    }


def summarise(group: str, rows: list[Result], time_limit: float) -> dict[str, object]:
    """Per family: proven optimal, proven infeasible, unresolved, times, anytime quality."""
    times = sorted(float(r["time"]) for r in rows)
    checkpoints: dict[str, dict[str, object]] = {}
    for t in CHECKPOINTS:
        if t > time_limit:
            continue
        key = f"{t:g}"
        above: list[int] = []
        missing = 0
        for r in rows:
            if not r["complete"]:
                continue
            h = r["holes_at"].get(key)
            if h is None:
                missing += 1
                continue
            reference = r["optimum"] if r["optimum"] is not None else r["lower_bound"]
            above.append(int(h) - int(reference))
        checkpoints[key] = {
            "at_best": sum(1 for a in above if a <= 0),
            "within_1": sum(1 for a in above if a <= 1),
            "within_2": sum(1 for a in above if a <= 2),
            "max_above": max(above, default=None),
            "no_complete_schedule_yet": missing,
        }
    wrong = [
        r["name"]
        for r in rows
        if (r["published_infeasible"] is True and r["complete"])
        or (r["published_infeasible"] is False and r["outcome"] == "infeasible")
        or (r["optimum"] is not None and r["proven_optimal"] and r["gap"] not in (0, None))
    ]
    resolved = sum(1 for r in rows if r["outcome"] in ("optimal", "infeasible"))
    return {
        "summary": "family",
        "family": group,
        "runs": len(rows),
        "proven_optimal": sum(1 for r in rows if r["outcome"] == "optimal"),
        "proven_infeasible": sum(1 for r in rows if r["outcome"] == "infeasible"),
        "unresolved": sum(1 for r in rows if r["outcome"] == "unresolved"),
        "resolved_share": round(resolved / len(rows), 3) if rows else None,
        "median_time": round(statistics.median(times), 2) if times else None,
        "max_time": times[-1] if times else None,
        # holes above the published optimum (else above the proven lower bound) at t seconds
        "holes_above_best_at": checkpoints,
        "claims_contradicting_published": wrong,
        "all_valid": all(bool(r["valid"]) for r in rows),
    }
