"""SAT calls in subprocesses: "do all meetings fit with at most K holes in total?".

The CNF (``satenc.encode``) is built once in the parent; workers are forked, so they inherit it
without copying, add the cardinality constraint for their K and run one SAT solver.  A worker
sends back one message and exits: ``("sat", slots)``, ``("unsat", None)`` or ``("error", text)``.
The pool below starts, polls and kills such workers; the search strategy lives in ``hybrid``.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from pysat.card import CardEnc, EncType
from pysat.solvers import Solver

from .satenc import SatEncoding

SOLVERS = ("kissat404", "cadical195")
# CaDiCaL's "sat" configuration (stable mode only, cheaper elimination): on the hard instances it
# complements Kissat well (measured: the faster of the two per instance is 2-4 times faster).
CADICAL_SAT = {"stabilizeonly": 1, "elimreleff": 10, "subsumereleff": 60}


Limit = tuple[str, int]  # ("holes" | "unplaced", at most this many)


def _worker(enc: SatEncoding, limits: tuple[Limit, ...], name: str, conn: Connection) -> None:
    try:
        clauses = enc.clauses
        for kind, bound in limits:
            lits = enc.holes if kind == "holes" else enc.unplaced
            if bound < len(lits):
                extra = CardEnc.atmost(lits, bound, vpool=enc.pool, encoding=EncType.seqcounter)
                clauses = clauses + extra.clauses
        if any(not clause for clause in clauses):
            conn.send(("unsat", None))
            return
        with Solver(name=name) as solver:
            if name.startswith("cadical"):
                solver.solver.configure(CADICAL_SAT)
            solver.append_formula(clauses)
            if solver.solve():
                conn.send(("sat", enc.slot_of(solver.get_model() or [])))
            else:
                conn.send(("unsat", None))
    except Exception as error:  # report instead of dying silently
        conn.send(("error", repr(error)))
    finally:
        conn.close()


@dataclass
class SatCall:
    """A running worker: its limits and solver."""

    limits: tuple[Limit, ...]
    solver: str
    process: mp.process.BaseProcess
    conn: Connection
    started: float


@dataclass
class SatAnswer:
    """A finished call."""

    limits: tuple[Limit, ...]
    solver: str
    verdict: str  # "sat", "unsat" or "error"
    slots: list[int | None] | None
    detail: str = ""


class SatPool:
    """Forked SAT workers sharing one encoding."""

    def __init__(self, enc: SatEncoding) -> None:
        self.enc = enc
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork") if "fork" in methods else mp.get_context()
        self.calls: list[SatCall] = []

    def start(self, limits: tuple[Limit, ...], solver: str = SOLVERS[0]) -> SatCall:
        parent, child = self.ctx.Pipe(duplex=False)
        process = self.ctx.Process(
            target=_worker, args=(self.enc, limits, solver, child), daemon=True
        )
        process.start()
        child.close()
        call = SatCall(limits, solver, process, parent, time.perf_counter())
        self.calls.append(call)
        return call

    def stop(self, call: SatCall) -> None:
        if call.process.is_alive():
            call.process.kill()
        call.process.join(1.0)
        call.conn.close()
        if call in self.calls:
            self.calls.remove(call)

    def stop_all(self) -> None:
        for call in list(self.calls):
            self.stop(call)

    def poll(self, timeout: float = 0.0) -> list[SatAnswer]:
        """Answers of the calls that finished (waits up to ``timeout`` seconds for one)."""
        if not self.calls:
            if timeout > 0:
                time.sleep(timeout)
            return []
        ready = wait([call.conn for call in self.calls], timeout=max(0.0, timeout))
        answers: list[SatAnswer] = []
        for call in [call for call in self.calls if call.conn in ready]:
            try:
                verdict, payload = call.conn.recv()
            except (EOFError, OSError):
                verdict, payload = "error", "worker died"
            self.stop(call)
            if verdict == "error":
                answers.append(SatAnswer(call.limits, call.solver, "error", None, str(payload)))
            else:
                answers.append(SatAnswer(call.limits, call.solver, verdict, payload))
        return answers
