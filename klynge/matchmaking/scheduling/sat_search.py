"""Exact search for the fewest holes with every meeting placed, by SAT calls in subprocesses.

Each call asks a SAT solver (Kissat / CaDiCaL through python-sat) whether all meetings fit with
total holes <= K.  A controller runs up to two calls in parallel, walking K upwards from the proven
lower bound: an UNSAT answer raises the lower bound, a SAT answer lowers the upper bound and stops
every call with a larger K.  Calls that exceed their budget are killed and retried later with a
longer budget, so one hard K does not block the others.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from pysat.card import CardEnc, EncType
from pysat.solvers import Solver

from .compiled import Compiled, holes_of
from .satenc import encode

SOLVERS = ("kissat404", "cadical195")


def _worker(c: Compiled, max_each: int | None, k: int | None, name: str, conn: Connection) -> None:
    try:
        enc = encode(c, max_each)
        clauses = enc.clauses
        if k is not None and k < len(enc.holes):
            clauses = (
                clauses
                + CardEnc.atmost(enc.holes, k, vpool=enc.pool, encoding=EncType.seqcounter).clauses
            )
        if any(not clause for clause in clauses):
            conn.send(("unsat", None))
            return
        with Solver(name=name, bootstrap_with=clauses) as solver:
            if solver.solve():
                conn.send(("sat", enc.slot_of(solver.get_model() or [])))
            else:
                conn.send(("unsat", None))
    except Exception as error:  # report instead of dying silently
        conn.send(("error", repr(error)))
    finally:
        conn.close()


@dataclass
class _Call:
    k: int | None
    process: mp.process.BaseProcess
    conn: Connection
    started: float
    budget: float


@dataclass
class SatOutcome:
    """What the SAT search established."""

    slot_of: list[int | None] | None = None
    best: int | None = None
    lower_bound: int = 0
    infeasible: bool = False
    time_to_first: float | None = None
    time_to_best: float | None = None
    solutions: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def optimal(self) -> bool:
        return self.best is not None and self.best <= self.lower_bound


def sat_search(
    c: Compiled,
    time_limit: float,
    workers: int = 2,
    lower_bound: int = 0,
    first_deadline: float | None = None,
    on_improve: Callable[[SatOutcome, float], None] | None = None,
) -> SatOutcome:
    """Find an all-placed schedule with the fewest holes (per-participant holes <= fairness d)."""
    start = time.perf_counter()
    deadline = start + time_limit
    max_each = c.problem.fairness
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    out = SatOutcome(lower_bound=lower_bound)
    running: list[_Call] = []
    tried: dict[int | None, float] = {}  # K -> budget used so far (unknown result)
    first_done = False
    n_workers = max(1, workers)

    def launch(k: int | None, budget: float) -> None:
        parent, child = ctx.Pipe(duplex=False)
        name = SOLVERS[len(running) % len(SOLVERS)] if k is None else SOLVERS[0]
        proc = ctx.Process(target=_worker, args=(c, max_each, k, name, child), daemon=True)
        proc.start()
        child.close()
        running.append(_Call(k, proc, parent, time.perf_counter(), budget))

    def stop(call: _Call) -> None:
        if call.process.is_alive():
            call.process.kill()
        call.process.join(1.0)
        call.conn.close()
        if call in running:
            running.remove(call)

    def next_k() -> int | None:
        """Lowest open K if nobody works on it, else a probe halfway up to the best found."""
        ub = out.best if out.best is not None else 10**9
        busy = {call.k for call in running}
        open_ks = [k for k in range(out.lower_bound, min(ub, out.lower_bound + 10**4))]
        fresh = [k for k in open_ks if k not in busy and k not in tried]
        working = [k for k in busy if k is not None]
        if not working or not fresh:
            if fresh:
                return fresh[0]
            pending = [k for k in tried if k is not None and out.lower_bound <= k < ub]
            pending = [k for k in pending if k not in busy]
            return min(pending) if pending else None
        floor = max([*working, *(k for k in tried if k is not None)])
        target = floor + max(1, (min(ub, floor + 200) - floor) // 2)
        candidates = [k for k in fresh if k > min(working)]
        if not candidates:
            return fresh[0]
        return min(candidates, key=lambda k: abs(k - target))

    launch(None, time_limit)
    try:
        failed = False
        while time.perf_counter() < deadline and not out.infeasible and not out.optimal:
            if failed:
                break
            late = first_deadline is not None and time.perf_counter() - start > first_deadline
            if late and out.best is None:
                out.notes.append("no full schedule found before the first deadline")
                break
            remaining = deadline - time.perf_counter()
            while len(running) < n_workers and (first_done or n_workers > 1):
                k = next_k()
                if k is None:
                    break
                lowest = min((call.k for call in running if call.k is not None), default=None)
                budget = remaining if lowest is None or k < lowest else max(8.0, remaining / 3)
                launch(k, budget + tried.get(k, 0.0))
            if first_done and running:
                lowest_call = min(running, key=lambda call: 10**9 if call.k is None else call.k)
                lowest_call.budget = time_limit  # the lowest open K runs to the end
            ready = wait([call.conn for call in running], timeout=min(0.2, remaining))
            now = time.perf_counter()
            for call in list(running):
                if call not in running:
                    continue
                if call.conn in ready:
                    try:
                        verdict, slots = call.conn.recv()
                    except (EOFError, OSError):
                        verdict, slots = "error", "worker died"
                    stop(call)
                    if verdict == "error":
                        out.notes.append(f"SAT worker failed: {slots}")
                        failed = True
                        break
                    if call.k is None:
                        first_done = True
                    if verdict == "sat" and slots is not None:
                        holes = sum(holes_of(c, slots))
                        out.solutions += 1
                        if out.best is None or holes < out.best:
                            out.best, out.slot_of = holes, slots
                            out.time_to_best = now - start
                            if out.time_to_first is None:
                                out.time_to_first = now - start
                            for other in list(running):
                                if other.k is not None and other.k >= holes:
                                    stop(other)
                            if on_improve is not None:
                                on_improve(out, now - start)
                    elif verdict == "unsat":
                        if call.k is None:
                            out.infeasible = True
                            out.notes.append("all meetings cannot be placed within fairness")
                        else:
                            out.lower_bound = max(out.lower_bound, call.k + 1)
                            for other in list(running):
                                if other.k is not None and other.k < out.lower_bound:
                                    stop(other)
                            if on_improve is not None:
                                on_improve(out, now - start)
                elif now - call.started > call.budget:
                    tried[call.k] = tried.get(call.k, 0.0) + call.budget
                    stop(call)
            for k in [k for k in tried if k is not None and k < out.lower_bound]:
                del tried[k]
    finally:
        for call in list(running):
            stop(call)
    return out
