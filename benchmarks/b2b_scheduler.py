"""Benchmark the B2B scheduler on the JAIR 2022 instances (and synthetic events).

Usage: python benchmarks/b2b_scheduler.py [--time-limit 60] [--only NAME] [--forb] [--synthetic]
       [--quick] [--svg PATH]
JSON lines per instance and a summary go to stdout, progress to stderr; ``--svg`` also draws the
holes per original instance (first fit, Klynge, published optimum) as a chart.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._b2b_synthetic import synthetic_event
from klynge.matchmaking.scheduling import Problem, Schedule, greedy, read_dzn, solve, validate
from klynge.matchmaking.scheduling.compiled import compile_problem
from klynge.matchmaking.scheduling.dzn import benchmark_folder
from klynge.matchmaking.scheduling.tables import table_moves

B2B = benchmark_folder(__file__) or Path("shared/benchmarks/b2b")

# Published optima, d = 2: Bofill et al., "Constraint solving approaches to the
# business-to-business meeting scheduling problem", JAIR 74 (2022), Tables 5 and 6
# (as quoted in shared/benchmarks/b2b/README.md).  None = cannot place every meeting.
OPTIMUM = {
    "forum-13": 0,
    "forum-13crafb": 6,
    "forum-13crafc": 1,
    "forum-14": 2,
    "forumt-14": 5,
    "forumt-14crafc": 5,
    "forumt-14crafd": 4,
    "forumt-14crafe": 5,
    "tic-12": 0,
    "tic-12crafc": 0,
    "tic-13": 0,
    "tic-13crafb": 0,
    "tic-13crafc": 4,
    "tic-14crafa": 0,
    "tic-14crafc": 0,
    "tic-14crafd": 0,
    "ticf-13crafa": 0,
    "ticf-13crafb": 3,
    "ticf-13crafc": 1,
    "ticf-14crafa": 0,
}
OPTIMUM_FORB = {
    "forum-13": 0,
    "forum-13crafb": 5,
    "forum-13crafc": 1,
    "ticf-13crafa": 0,
    "ticf-13crafb": 5,
    "ticf-13crafc": 1,
}
QUICK = ("tic-12", "tic-12crafc", "forumt-14")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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


def run(
    problem: Problem, variant: str, time_limit: float, optimum: int | None
) -> dict[str, object]:
    load_before = os.getloadavg()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()

    def progress(best: int | None, bound: int, elapsed: float) -> None:
        log(f"  {problem.name}: best={best} bound={bound} t={elapsed:.1f}s")

    schedule = solve(problem, time_limit=time_limit, on_progress=progress)
    wall = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    load_after = os.getloadavg()
    base = greedy(problem)
    errors = validate(problem, schedule)
    holes = schedule.objective
    return {
        "name": problem.name,
        "variant": variant,
        "participants": len(problem.participants),
        "meetings": len(problem.meetings),
        "slots": problem.n_slots,
        "all_placed": schedule.all_placed,
        "placed": len(schedule.assignments),
        "holes": holes,
        "optimum": optimum,
        "gap": None if optimum is None or not schedule.all_placed else holes - optimum,
        "lower_bound": schedule.lower_bound,
        "proven_optimal": schedule.proven_optimal,
        "engine": schedule.engine,
        "time": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "load_average": [round(x, 2) for x in (load_before[0], load_after[0])],
        "time_to_first": schedule.stats.time_to_first,
        "time_to_best": schedule.stats.time_to_best,
        "table_changes": table_changes(problem, schedule),
        "greedy_holes": base.objective,
        "greedy_unplaced": len(base.unplaced),
        "valid": not errors,
        "violations": errors[:5],
        "status": schedule.stats.status,
        "notes": list(schedule.stats.notes),
    }


def draw_chart(results: list[dict[str, object]], path: Path) -> None:
    """Grouped bars per original instance: first fit's holes and unplaced meetings, Klynge's holes."""
    from klynge.core.charts import grouped_bar

    rows = [r for r in results if r["variant"] == "original"]
    at_optimum = sum(1 for r in rows if r["gap"] == 0)
    svg = grouped_bar(
        [str(r["name"]) for r in rows],
        {
            "first fit: holes": [int(r["greedy_holes"]) for r in rows],  # type: ignore[call-overload]
            "first fit: meetings left out": [int(r["greedy_unplaced"]) for r in rows],  # type: ignore[call-overload]
            "Klynge: holes": [int(r["holes"]) for r in rows],  # type: ignore[call-overload]
        },
        title="Idle gaps per event: first fit vs Klynge (JAIR 2022 events, d = 2)",
        note=(
            f"Klynge places every meeting and reaches the published optimum on {at_optimum} of "
            f"{len(rows)} events; first fit leaves meetings out on "
            f"{sum(1 for r in rows if r['greedy_unplaced'])} of them."
        ),
    )
    path.write_text(svg + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--only", action="append", help="instance name (repeatable)")
    parser.add_argument("--forb", action="store_true", help="also run the forb0007 variants")
    parser.add_argument("--no-original", action="store_true")
    parser.add_argument("--synthetic", action="store_true", help="300p/1500m and 1000p/6000m")
    parser.add_argument("--quick", action="store_true", help="a few small instances, 10 s each")
    parser.add_argument("--svg", type=Path, help="write a chart of the original instances here")
    args = parser.parse_args()
    names = sorted(OPTIMUM)
    limit = args.time_limit
    if args.quick:
        names, limit = list(QUICK), min(limit, 10.0)
    if args.only:
        names = [n for n in names if n in args.only]
    jobs: list[tuple[str, str, int | None]] = []
    if not args.no_original:
        jobs += [(n, "original", OPTIMUM[n]) for n in names]
    if args.forb:
        jobs += [(n, "forb0007", OPTIMUM_FORB.get(n)) for n in names]
    results: list[dict[str, object]] = []
    if jobs and not B2B.is_dir():
        log(f"benchmark folder {B2B} not found")
        return 2
    for name, variant, optimum in jobs:
        problem = read_dzn(B2B / variant / f"{name}.{variant}.dzn")
        log(f"{variant}/{name}: {len(problem.meetings)} meetings, {problem.n_slots} slots")
        result = run(problem, variant, limit, optimum)
        results.append(result)
        print(json.dumps(result), flush=True)
    if args.synthetic:
        for people, meetings, cap in ((300, 1500, 120.0), (1000, 6000, 120.0)):
            problem = synthetic_event(people, meetings)
            log(f"synthetic {problem.name}")
            result = run(problem, "synthetic", max(limit, cap), None)
            results.append(result)
            print(json.dumps(result), flush=True)
    originals = [r for r in results if r["variant"] == "original"]
    summary = {
        "summary": True,
        "time_limit": limit,
        "original_at_optimum": sum(1 for r in originals if r["gap"] == 0),
        "original_run": len(originals),
        "original_total_holes": sum(int(r["holes"]) for r in originals),  # type: ignore[call-overload]
        "published_total": sum(OPTIMUM[str(r["name"])] for r in originals),
        "all_valid": all(r["valid"] for r in results),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(summary), flush=True)
    if args.svg is not None and originals:
        draw_chart(results, args.svg)
        log(f"chart written to {args.svg}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
