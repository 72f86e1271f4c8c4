"""Benchmark the B2B scheduler on the JAIR 2022 events, their variant families and large events.

Usage: python benchmarks/b2b_scheduler.py [--time-limit 60] [--only NAME ...] [--forb]
       [--no-original] [--families forb,fixed,prec] [--seeds 1,2,3] [--rates fixed:0.05,0.1]
       [--loaded] [--synthetic] [--quick] [--svg PATH]

stdout is JSON lines: first a "header" (command, machine, load average, what the fields mean),
then one line per run, then one "family" summary per group (original, forb0007, and every
generated family such as fixed0.05), then the final "summary".  Progress goes to stderr.
``--loaded`` keeps one core busy with a competing process for the whole run (loaded-machine
mode: it measures the anytime quality, not only the time to proof).  ``--svg`` draws the holes per
original instance (first fit, Klynge) as a chart.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._b2b_report import (
    Result,
    competing_load,
    load_average,
    log,
    run,
    summarise,
)
from benchmarks._b2b_synthetic import synthetic_event
from benchmarks._b2b_variants import DEFAULT_RATES, FAMILIES, variant
from klynge.matchmaking.scheduling import read_dzn
from klynge.matchmaking.scheduling.dzn import benchmark_folder

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


def draw_chart(results: list[Result], path: Path) -> None:
    """Grouped bars per original instance: first fit's holes and unplaced meetings, Klynge's holes."""
    from klynge.core.charts import grouped_bar

    rows = [r for r in results if r["variant"] == "original"]
    at_optimum = sum(1 for r in rows if r["gap"] == 0)
    svg = grouped_bar(
        [str(r["name"]) for r in rows],
        {
            "first fit: holes": [int(r["greedy_holes"]) for r in rows],
            "first fit: meetings left out": [int(r["greedy_unplaced"]) for r in rows],
            "Klynge: holes": [int(r["holes"]) for r in rows],
        },
        title="Idle gaps per event: first fit vs Klynge (JAIR 2022 events, d = 2)",
        note=(
            f"Klynge places every meeting and reaches the published optimum on {at_optimum} of "
            f"{len(rows)} events; first fit leaves meetings out on "
            f"{sum(1 for r in rows if r['greedy_unplaced'])} of them."
        ),
    )
    path.write_text(svg + "\n", encoding="utf-8")


FIELDS = {
    "outcome": "optimal = proven optimal; infeasible = proven that not every meeting fits "
    "(d = 2), the most are placed; unresolved = neither proven within the time limit",
    "holes_at": "holes of the best complete schedule found by t seconds (null: none yet)",
    "holes_above_best_at": "per checkpoint: runs at the published optimum (else at the proven "
    "lower bound), within 1 and 2 holes of it, and the largest distance",
    "load_average": "1-minute load average before and after the run (2 cores)",
    "cpu_seconds": "CPU time of the solver process and its SAT workers",
}


def _jobs(args: argparse.Namespace, names: list[str]) -> list[tuple[str, str, int | None, bool]]:
    jobs: list[tuple[str, str, int | None, bool]] = []
    if not args.no_original:
        jobs += [(n, "original", OPTIMUM[n], False) for n in names]
    if args.forb:
        jobs += [(n, "forb0007", OPTIMUM_FORB.get(n), n not in OPTIMUM_FORB) for n in names]
    return jobs


def _rates(args: argparse.Namespace) -> dict[str, tuple[float, ...]]:
    rates = dict(DEFAULT_RATES)
    for spec in args.rates or []:
        family, _, values = spec.partition(":")
        rates[family] = tuple(float(v) for v in values.split(","))
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--only", action="append", help="instance name (repeatable)")
    parser.add_argument("--forb", action="store_true", help="also run the forb0007 variants")
    parser.add_argument("--no-original", action="store_true")
    parser.add_argument("--families", default="", help=f"variant families: {','.join(FAMILIES)}")
    parser.add_argument("--rates", action="append", help="e.g. forb:0.005,0.01 (repeatable)")
    parser.add_argument("--seeds", default="1,2,3", help="seeds of the variant families")
    parser.add_argument("--loaded", action="store_true", help="one core kept busy meanwhile")
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
    families = [f for f in args.families.split(",") if f]
    seeds = [int(s) for s in args.seeds.split(",") if s]
    rates = _rates(args)
    header = {
        "header": "b2b_scheduler",
        "command": " ".join(sys.argv),
        "time_limit": limit,
        "loaded": args.loaded,
        "cpus": os.cpu_count(),
        "load_average": load_average(),
        "families": {f: rates[f] for f in families},
        "seeds": seeds if families else [],
        "fields": FIELDS,
    }
    print(json.dumps(header), flush=True)
    if (names or families) and not B2B.is_dir():
        log(f"benchmark folder {B2B} not found")
        return 2
    results: list[Result] = []

    def emit(result: Result) -> None:
        results.append(result)
        print(json.dumps(result), flush=True)

    with competing_load(args.loaded):
        for name, kind, optimum, infeasible in _jobs(args, names):
            problem = read_dzn(B2B / kind / f"{name}.{kind}.dzn")
            log(f"{kind}/{name}: {len(problem.meetings)} meetings, {problem.n_slots} slots")
            emit(run(problem, kind, limit, optimum, infeasible=infeasible))
        for family in families:
            for rate in rates[family]:
                for seed in seeds:
                    for name in names:
                        base = read_dzn(B2B / "original" / f"{name}.original.dzn")
                        problem = variant(base, family, rate, seed)
                        log(f"{problem.name}")
                        emit(run(problem, "generated", limit, family=f"{family}{rate:g}"))
        if args.synthetic:
            for people, meetings in ((300, 1500), (1000, 6000)):
                problem = synthetic_event(people, meetings)
                log(f"synthetic {problem.name}")
                emit(run(problem, "synthetic", max(limit, 120.0)))
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(str(r["family"]), []).append(r)
    for group, rows in groups.items():
        print(json.dumps(summarise(group, rows, limit)), flush=True)
    originals = [r for r in results if r["variant"] == "original"]
    summary = {
        "summary": "all",
        "time_limit": limit,
        "loaded": args.loaded,
        "original_at_optimum": sum(1 for r in originals if r["gap"] == 0),
        "original_run": len(originals),
        "original_total_holes": sum(int(r["holes"]) for r in originals),
        "published_total": sum(OPTIMUM[str(r["name"])] for r in originals),
        "slowest": max((float(r["time"]) for r in results), default=None),
        "all_valid": all(r["valid"] for r in results),
        "load_average": load_average(),
    }
    print(json.dumps(summary), flush=True)
    if args.svg is not None and originals:
        draw_chart(results, args.svg)
        log(f"chart written to {args.svg}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
