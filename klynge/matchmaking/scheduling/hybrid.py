"""Hybrid search for the fewest holes with every meeting placed.

1. A constructive start (first fit, hardest meetings first, then Kempe-chain insertion) and
   simulated annealing over Kempe moves (``localsearch``) give a good schedule within seconds.
2. Meanwhile a SAT worker answers "all meetings with at most K holes?" for K = the proven lower
   bound (configuration LP, then every UNSAT answer raises it by one).  Because K only ever equals
   the lower bound, the first SAT answer is an optimal schedule; an UNSAT answer proves the next
   bound.  A schedule from the local search that reaches the bound is optimal as well.
3. When the local search stalls, a second SAT worker with another solver races the first on the
   same K (the run times of single calls vary a lot between solvers).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .compiled import Compiled, holes_of
from .greedy import greedy_slots
from .localsearch import KempeSearch
from .sat_search import SOLVERS, SatAnswer, SatPool
from .satenc import encode

SLICE = 0.2  # seconds of local search between looks at the SAT workers


@dataclass
class HybridOutcome:
    """What the search established (``best``/``slot_of`` are all-placed and fair)."""

    slot_of: list[int | None] | None = None
    best: int | None = None
    lower_bound: int = 0
    infeasible: bool = False
    partial: list[int | None] | None = None
    time_to_first: float | None = None
    time_to_best: float | None = None
    solutions: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def optimal(self) -> bool:
        return self.best is not None and self.best <= self.lower_bound


def hardest_first(c: Compiled) -> list[int]:
    """Meetings with the fewest allowed slots first, then those of busy participants."""
    degree = [len(meetings) for meetings in c.meetings_of]
    return sorted(
        range(c.n_meetings),
        key=lambda m: (len(c.allowed[m]), -(degree[c.pa[m]] + degree[c.pb[m]])),
    )


def is_fair(c: Compiled, slots: list[int | None]) -> bool:
    """Every meeting placed and the holes of active participants within the fairness bound."""
    if any(t is None for t in slots):
        return False
    d = c.problem.fairness
    if d is None:
        return True
    holes = holes_of(c, slots)
    active = [holes[p] for p in range(c.n_people) if c.meetings_of[p]]
    return not active or max(active) - min(active) <= d


class Hybrid:
    """One search run; ``run()`` returns the outcome."""

    def __init__(
        self,
        c: Compiled,
        start: float,
        deadline: float,
        lower_bound: int,
        use_sat: bool,
        on_improve: Callable[[HybridOutcome, float], None] | None = None,
    ) -> None:
        self.c = c
        self.start = start
        self.deadline = deadline
        self.out = HybridOutcome(lower_bound=lower_bound)
        self.use_sat = use_sat
        self.on_improve = on_improve
        self.pool: SatPool | None = None
        self.ls_active = True
        self.last_gain = time.perf_counter()
        total = deadline - start
        self.stall = min(8.0, max(2.0, 0.1 * total))

    def offer(self, slots: list[int | None], source: str) -> bool:
        """Keep ``slots`` if it is a better fair all-placed schedule."""
        if not is_fair(self.c, slots):
            return False
        holes = sum(holes_of(self.c, slots))
        out = self.out
        if out.best is not None and holes >= out.best:
            return False
        now = time.perf_counter() - self.start
        out.best, out.slot_of = holes, list(slots)
        out.solutions += 1
        out.time_to_best = now
        if out.time_to_first is None:
            out.time_to_first = now
        if self.on_improve is not None:
            self.on_improve(out, now)
        return True

    def wanted_k(self) -> int | None:
        return None if self.out.best is None else self.out.lower_bound

    def staff(self) -> None:
        """Keep the SAT workers on the current K (one, or two once the local search stopped)."""
        if self.pool is None:
            return
        k = self.wanted_k()
        for call in list(self.pool.calls):
            if call.k != k:
                self.pool.stop(call)
        want = 1 if self.ls_active else 2
        busy = {call.solver for call in self.pool.calls}
        for solver in SOLVERS[:want]:
            if solver not in busy:
                self.pool.start(k, solver)

    def handle(self, answer: SatAnswer) -> None:
        out = self.out
        if answer.verdict == "error":
            out.notes.append(f"SAT worker failed: {answer.detail}")
            if self.pool is not None:
                self.pool.stop_all()
            self.pool = None
            return
        if answer.k != self.wanted_k():
            return  # stale answer for a K nobody needs any more
        if answer.verdict == "sat" and answer.slots is not None:
            self.offer(answer.slots, "sat")  # at K = lower bound: optimal
        elif answer.k is None:
            out.infeasible = True
            out.notes.append("all meetings cannot be placed with every participant within d")
        else:
            out.lower_bound = max(out.lower_bound, answer.k + 1)
            if self.on_improve is not None and out.best is not None:
                self.on_improve(out, time.perf_counter() - self.start)

    def done(self) -> bool:
        out = self.out
        return out.infeasible or out.optimal or time.perf_counter() >= self.deadline

    def run(self) -> HybridOutcome:
        c = self.c
        order = hardest_first(c)
        search = KempeSearch(c, greedy_slots(c, order))
        search.insert_all(order)
        if any(t < 0 for t in search.slot):
            self.out.partial = search.best()
            self.ls_active = False
        else:
            self.offer(search.best(), "greedy")
        search.schedule(time.perf_counter(), self.deadline)
        if self.use_sat and not self.done():
            self.pool = SatPool(encode(c, c.problem.fairness))
        try:
            while not self.done():
                self.staff()
                if self.ls_active:
                    until = min(self.deadline, time.perf_counter() + SLICE)
                    if search.anneal(until, stop_at=self.out.lower_bound):
                        self.last_gain = time.perf_counter()
                        self.offer(search.best(), "local search")
                    stalled = time.perf_counter() - self.last_gain > self.stall
                    if self.pool is not None and stalled:
                        self.ls_active = False
                answers = (
                    [] if self.pool is None else self.pool.poll(0.0 if self.ls_active else SLICE)
                )
                for answer in answers:
                    self.handle(answer)
                if self.pool is None and not self.ls_active:
                    break
        finally:
            if self.pool is not None:
                self.pool.stop_all()
        return self.out
