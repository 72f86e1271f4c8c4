"""SAT calls in subprocesses: "do all meetings fit with at most K holes in total?".

The CNF (``satenc.encode``) is built once in the parent; workers are forked, so they inherit it
without copying.  Two kinds of worker answer questions (a tuple of limits such as
``(("holes", 3),)``):

- Kissat (not incremental): one forked process per question adds the cardinality constraint
  for its K, solves and exits; a question nobody asks any more is abandoned by killing it.
- CaDiCaL (incremental): one process per encoding keeps its solver, with a totalizer over the
  hole (and unplaced) literals, and answers question after question under assumptions, so what
  it learnt proving "not with K holes" is kept for K + 1.  It solves in slices of a conflict
  budget and looks for a new question between slices, so a question is replaced without
  losing the solver.  The best schedule known comes with the next question as the preferred
  phases, so it looks for better schedules near it first.  Messages are small and only sent
  when the pipe has room, so a starved worker never blocks the caller.

A worker sends ``("sat", slots)``, ``("unsat", None)`` or ``("error", text)`` per question.  The
pool below starts, polls and stops them; the search strategy lives in ``hybrid``.
"""

from __future__ import annotations

import multiprocessing as mp
import select
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.solvers import Solver

from .satenc import SatEncoding

SOLVERS = ("cadical195", "kissat404")
INCREMENTAL = frozenset({"cadical195"})
# CaDiCaL's "sat" configuration (stable mode only, cheaper elimination): on the hard instances it
# complements Kissat well (measured: the faster of the two per instance is 2-4 times faster).
CADICAL_SAT = {"stabilizeonly": 1, "elimreleff": 10, "subsumereleff": 60}
SLICE_SECONDS = 0.3  # the incremental worker looks for a new question about this often


Limit = tuple[str, int]  # ("holes" | "unplaced", at most this many)


def _worker(enc: SatEncoding, limits: tuple[Limit, ...], name: str, conn: Connection) -> None:
    """One question, one fresh solver (for solvers without incremental solving)."""
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
            solver.append_formula(clauses)
            if solver.solve():
                conn.send(("sat", enc.slot_of(solver.get_model() or [])))
            else:
                conn.send(("unsat", None))
    except Exception as error:  # report instead of dying silently
        conn.send(("error", repr(error)))
    finally:
        conn.close()


class _Incremental:
    """The solver state of the incremental worker (lives in the worker process)."""

    def __init__(self, enc: SatEncoding, name: str) -> None:
        self.enc = enc
        self.solver = Solver(name=name)
        if name.startswith("cadical"):
            self.solver.solver.configure(CADICAL_SAT)
        self.solver.append_formula(enc.clauses)
        self.empty = any(not clause for clause in enc.clauses)
        self.top = enc.pool.top
        self.totals: dict[str, ITotalizer] = {}
        self.budget = 2000

    def assumptions(self, limits: tuple[Limit, ...]) -> list[int]:
        result: list[int] = []
        for kind, bound in limits:
            lits = self.enc.holes if kind == "holes" else self.enc.unplaced
            if bound >= len(lits):
                continue
            if bound < 0:
                return [lits[0], -lits[0]] if lits else [1, -1]  # cannot hold
            total = self.totals.get(kind)
            if total is None:
                total = ITotalizer(lits=lits, ubound=bound, top_id=self.top)
                self.totals[kind] = total
                self.solver.append_formula(total.cnf.clauses)
                self.top = total.top_id
            elif total.ubound < bound:
                known = len(total.cnf.clauses)
                total.increase(ubound=bound, top_id=self.top)
                self.solver.append_formula(total.cnf.clauses[known:])
                self.top = total.top_id
            result.append(-total.rhs[bound])
        return result

    def slice(self, assumptions: list[int], cap: int = 0) -> tuple[bool | None, int]:
        """Solve for a while (at most ``cap`` conflicts if given); ``None`` if not done yet."""
        if self.empty:
            return False, 0
        began = time.perf_counter()
        budget = min(self.budget, cap) if cap else self.budget
        self.solver.conf_budget(budget)
        verdict = self.solver.solve_limited(assumptions=assumptions)
        spent = time.perf_counter() - began
        if verdict is None:  # aim at slices of about SLICE_SECONDS
            if spent < SLICE_SECONDS / 2:
                self.budget = min(1_000_000, self.budget * 2)
            elif spent > SLICE_SECONDS * 2:
                self.budget = max(500, self.budget // 2)
        return verdict, budget


def _serve(enc: SatEncoding, name: str, conn: Connection) -> None:
    """Answer questions until told to stop (``None``); the newest question wins."""
    try:
        state = _Incremental(enc, name)
        question: tuple[object, ...] | None = None
        assumptions: list[int] = []
        key: object = None
        budget = spent = 0
        while True:
            while question is None or conn.poll(0):
                message = conn.recv()
                if message == "stop":
                    return
                question = message
                if message is not None:
                    key, limits, keep, budget, hint = message
                    if hint is not None:  # look near the best schedule known first
                        state.solver.set_phases(enc.phases(hint))
                    assumptions = [*state.assumptions(limits), *keep]
                    spent = 0
            verdict, used = state.slice(assumptions, budget - spent if budget else 0)
            spent += used
            if verdict is None and not (budget and spent >= budget):
                continue
            slots = enc.slot_of(state.solver.get_model() or []) if verdict else None
            answer = "unknown" if verdict is None else "sat" if verdict else "unsat"
            conn.send((key, answer, slots))
            question = None
    except (EOFError, OSError, KeyboardInterrupt):
        return
    except Exception as error:  # report instead of dying silently
        conn.send((key, "error", repr(error)))
    finally:
        conn.close()


def _writable(conn: Connection) -> bool:
    """Room in the pipe: a message sent now does not block the search (the worker reads
    between slices, and a slow one must never hold up the caller past its time limit)."""
    return bool(select.select([], [conn.fileno()], [], 0)[1])


@dataclass
class SatCall:
    """A running worker: its current question (``None``: idle) and solver."""

    limits: tuple[Limit, ...] | None
    solver: str
    process: mp.process.BaseProcess
    conn: Connection
    started: float


@dataclass
class SatAnswer:
    """A finished call."""

    limits: tuple[Limit, ...]
    solver: str
    verdict: str  # "sat", "unsat", "unknown" (budget spent) or "error"
    slots: list[int | None] | None
    detail: str = ""


class SatPool:
    """Forked SAT workers sharing one encoding: at most one per solver."""

    def __init__(self, enc: SatEncoding) -> None:
        self.enc = enc
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork") if "fork" in methods else mp.get_context()
        self.calls: list[SatCall] = []
        self.hint_slots: list[int | None] | None = None
        self.hint_version = 0
        self.hinted: dict[str, int] = {}  # hint version each incremental worker has

    def asking(self) -> dict[str, tuple[Limit, ...]]:
        """The question each busy solver works on."""
        return {call.solver: call.limits for call in self.calls if call.limits is not None}

    def _call(self, solver: str) -> SatCall | None:
        return next((call for call in self.calls if call.solver == solver), None)

    def ask(
        self,
        solver: str,
        limits: tuple[Limit, ...],
        keep: tuple[int, ...] = (),
        budget: int = 0,
        key: tuple[Limit, ...] | None = None,
    ) -> None:
        """Put ``solver`` on ``limits`` (a no-op when it already works on it).

        The incremental worker also takes ``keep`` (literals assumed true, e.g. the meetings
        that stay where they are in a neighbourhood search) and a conflict ``budget`` (0: none),
        after which it answers "unknown"; ``key`` names the question in the answer.
        """
        key = limits if key is None else key
        call = self._call(solver)
        if call is not None and call.limits == key:
            return
        if solver in INCREMENTAL:
            if call is None:
                parent, child = self.ctx.Pipe(duplex=True)
                process = self.ctx.Process(
                    target=_serve, args=(self.enc, solver, child), daemon=True
                )
                process.start()
                child.close()
                call = SatCall(None, solver, process, parent, time.perf_counter())
                self.calls.append(call)
            if not _writable(call.conn):
                return  # the worker has not read its last message yet: ask again later
            fresh = self.hinted.get(solver) != self.hint_version
            hint = self.hint_slots if fresh else None
            call.conn.send((key, limits, keep, budget, hint))
            self.hinted[solver] = self.hint_version
            call.limits, call.started = key, time.perf_counter()
            return
        if call is not None:
            self.stop(call)
        self.start(limits, solver)

    def hint(self, slots: list[int | None]) -> None:
        """Let the incremental worker search from ``slots`` first (solution-guided phases);
        it gets them with its next question."""
        self.hint_slots = list(slots)
        self.hint_version += 1

    def idle(self, solver: str) -> None:
        """Take ``solver`` off its question (the incremental worker keeps its state)."""
        call = self._call(solver)
        if call is None or call.limits is None:
            return
        if solver in INCREMENTAL:
            if _writable(call.conn):
                call.conn.send(None)
                call.limits = None
        else:
            self.stop(call)

    def start(self, limits: tuple[Limit, ...], solver: str) -> SatCall:
        """A one-question worker (for solvers without incremental solving)."""
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
                message = call.conn.recv()
            except (EOFError, OSError):
                message = ("error", "worker died")
            if call.solver in INCREMENTAL and len(message) == 3:
                limits, verdict, payload = message
                if verdict == "error" or limits is None:
                    self.stop(call)
                elif limits == call.limits:
                    call.limits = None  # idle until the next question
            else:
                limits = call.limits
                verdict, payload = message
                self.stop(call)
            if limits is None:
                continue
            if verdict == "error":
                answers.append(SatAnswer(limits, call.solver, "error", None, str(payload)))
            else:
                answers.append(SatAnswer(limits, call.solver, verdict, payload))
        return answers
