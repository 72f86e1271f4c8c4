"""Hybrid search: most meetings placed first, then the fewest holes.

1. A constructive start (first fit, hardest meetings first, then Kempe-chain insertion) and
   simulated annealing over Kempe moves (``localsearch``) give a good schedule within seconds.
2. Meanwhile a SAT worker answers "all meetings with at most K holes?" for K = the proven lower
   bound (configuration LP, then every UNSAT answer raises it by one).  Because K only ever equals
   the lower bound, the first SAT answer is an optimal schedule; an UNSAT answer proves the next
   bound.  A schedule from the local search that reaches the bound is optimal as well.
3. When the local search stalls, a second SAT worker with another solver races the first on the
   same question (single calls vary a lot in run time between solvers).
4. Fairness bounds differences (max - min <= d).  The encoding asks for "at most d holes each";
   if that is refuted, floors of 1, 2, ... holes for everyone ("between L and L + d each") are
   asked before concluding that not every meeting fits (``highest_floor``).
5. If not every meeting fits, the same ladder runs over "at most U unplaced" (U = 1, 2, ...; the
   first yes is the maximum placement, every participant at most d holes) and then over the holes
   with U fixed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .compiled import Compiled, holes_of
from .greedy import greedy_slots
from .localsearch import UNPLACED, KempeSearch
from .repair import enforce_fairness
from .sat_search import SOLVERS, Limit, SatAnswer, SatPool
from .satenc import encode

SLICE = 0.2  # seconds of local search between looks at the SAT workers
HORIZON = 10.0  # seconds per annealing run (then restart from the best schedule)
IMPOSSIBLE = 10**6  # lower bound meaning "not every meeting can be placed"


@dataclass
class HybridOutcome:
    """Best fair schedule found (``unplaced`` = priority of its unplaced meetings) and bounds."""

    slot_of: list[int | None] | None = None
    best: int | None = None
    unplaced: int = 0
    lower_bound: int = 0
    min_unplaced: int = 0
    floor: int = 0  # every participant has at least this many holes (all placed, fair)
    infeasible: bool = False
    time_to_first: float | None = None
    time_to_best: float | None = None
    solutions: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def optimal(self) -> bool:
        return (
            self.best is not None
            and self.unplaced <= self.min_unplaced
            and self.best <= self.lower_bound
        )


def hardest_first(c: Compiled) -> list[int]:
    """Meetings with the fewest allowed slots first, then those of busy participants."""
    degree = [len(meetings) for meetings in c.meetings_of]
    return sorted(
        range(c.n_meetings),
        key=lambda m: (len(c.allowed[m]), -(degree[c.pa[m]] + degree[c.pb[m]])),
    )


def is_fair(c: Compiled, slots: list[int | None]) -> bool:
    """Holes of the participants with a placed meeting within the fairness bound."""
    d = c.problem.fairness
    if d is None:
        return True
    holes = holes_of(c, slots)
    active = {p for m, t in enumerate(slots) if t is not None for p in (c.pa[m], c.pb[m])}
    values = [holes[p] for p in active]
    return not values or max(values) - min(values) <= d


def highest_floor(c: Compiled) -> int:
    """Most holes the participant with the fewest holes can have when every meeting is placed.

    The fairness rule bounds differences (max - min <= d), while the SAT encoding bounds each
    participant's holes from both sides: "between L and L + d holes" for a floor L.  A participant
    with k meetings has at most k - 1 holes, so every fair schedule has a floor L between 0 and
    this value; "not every meeting fits" is proven once every floor up to it is refuted.
    """
    counts = [len(meetings) for meetings in c.meetings_of if meetings]
    if c.problem.fairness is None or not counts:
        return 0
    return max(0, min(min(counts) - 1, c.n_slots))


def partial_note(c: Compiled) -> str:
    """Why the search switched to maximum placement."""
    d = c.problem.fairness
    if d is None:
        return "not every meeting can be placed"
    return (
        f"not every meeting can be placed within the fairness bound d = {d}; the schedule "
        f"places as many as possible with every participant at most {d} holes"
    )


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
        self.partial = False  # True once "every meeting placed" is known to be impossible
        self.floor = 0  # fewest holes of any participant asked of the SAT workers (all placed)
        self.search: KempeSearch | None = None
        self.ls_active = True
        self.last_gain = time.perf_counter()
        self.horizon_end = 0.0
        self.restarts = 0
        budget = deadline - start
        self.stall = min(
            4.0, max(2.0, 0.05 * budget)
        )  # stop annealing after this long without gain
        self.ls_until = start + min(12.0, max(3.0, 0.15 * budget))  # ... or at this time

    def offer(self, slots: list[int | None]) -> bool:
        """Keep ``slots`` if it is fair and better (less unplaced priority, then fewer holes).

        A schedule that leaves meetings out is kept too, as the answer should time run out
        before every meeting is placed; the SAT workers keep asking for a complete one.
        """
        c = self.c
        if not is_fair(c, slots):
            return False
        unplaced = sum(c.weight[m] for m, t in enumerate(slots) if t is None)
        holes = sum(holes_of(c, slots))
        out = self.out
        if out.best is not None and (unplaced, holes) >= (out.unplaced, out.best):
            return False
        now = time.perf_counter() - self.start
        out.best, out.unplaced, out.slot_of = holes, unplaced, list(slots)
        out.solutions += 1
        out.time_to_best = now
        if out.time_to_first is None:
            out.time_to_first = now
        if self.on_improve is not None:
            self.on_improve(out, now)
        return True

    def wanted(self) -> tuple[Limit, ...]:
        """The question the SAT workers should answer next."""
        out = self.out
        if not self.partial:
            complete = out.best is not None and out.unplaced == 0
            return (("holes", out.lower_bound),) if complete else ()
        if out.best is None or out.unplaced > out.min_unplaced:
            return (("unplaced", out.min_unplaced),)
        return (("unplaced", out.unplaced), ("holes", out.lower_bound))

    def staff(self) -> None:
        """Keep the SAT workers on the current question (two once the local search stopped)."""
        if self.pool is None:
            return
        question = self.wanted()
        for call in list(self.pool.calls):
            if call.limits != question:
                self.pool.stop(call)
        want = 1 if self.ls_active else 2
        busy = {call.solver for call in self.pool.calls}
        for solver in SOLVERS[:want]:
            if solver not in busy:
                self.pool.start(question, solver)

    def go_partial(self) -> None:
        """Switch to maximum placement: new encoding with optional meetings."""
        out = self.out
        self.partial = True
        out.notes.append(partial_note(self.c))
        out.min_unplaced, out.lower_bound = 1, 0
        if self.pool is not None:
            self.pool.stop_all()
        self.pool = SatPool(encode(self.c, self.c.problem.fairness, optional=True))

    def raise_floor(self) -> None:
        """Ask again with every participant between floor + 1 and floor + 1 + d holes."""
        c, out = self.c, self.out
        self.floor += 1
        d = c.problem.fairness or 0
        active = sum(1 for meetings in c.meetings_of if meetings)
        out.lower_bound = max(out.lower_bound, self.floor * active)
        out.floor = self.floor
        out.notes.append(
            f"with every meeting placed, no participant can have fewer than {self.floor} holes"
        )
        if self.pool is not None:
            self.pool.stop_all()
        self.pool = SatPool(encode(c, self.floor + d, min_holes_each=self.floor))

    def handle(self, answer: SatAnswer) -> None:
        out = self.out
        if answer.verdict == "error":
            out.notes.append(f"SAT worker failed: {answer.detail}")
            if self.pool is not None:
                self.pool.stop_all()
            self.pool = None
            return
        if answer.limits != self.wanted():
            return  # stale answer to a question nobody asks any more
        if answer.verdict == "sat" and answer.slots is not None:
            if self.offer(answer.slots) and not out.optimal:
                self.restart(answer.slots, fresh=True)  # polish it while the proof goes on
                if self.floor and self.pool is not None:  # no proofs above floor 0: polish only
                    self.pool.stop_all()
                    self.pool = None
            return
        if not answer.limits:
            if self.floor < highest_floor(self.c):
                self.raise_floor()
            else:
                self.go_partial()
            return
        kind, bound = answer.limits[-1]
        if kind == "unplaced":
            out.min_unplaced = bound + 1
        else:
            out.lower_bound = bound + 1
        if self.on_improve is not None and out.best is not None:
            self.on_improve(out, time.perf_counter() - self.start)

    def restart(self, slots: list[int | None], fresh: bool = False) -> None:
        """(Re)start the annealing from ``slots``; ``fresh`` grants it a new time allowance."""
        now = time.perf_counter()
        if fresh:
            self.ls_until = max(self.ls_until, now + (self.ls_until - self.start))
        self.restarts += 1
        self.search = KempeSearch(self.c, slots, seed=self.restarts)
        self.horizon_end = min(self.deadline, now + HORIZON)
        self.search.schedule(now, self.horizon_end)
        self.ls_active = True
        self.last_gain = now

    def done(self) -> bool:
        out = self.out
        return out.optimal or time.perf_counter() >= self.deadline

    def local_step(self) -> None:
        search = self.search
        if search is None:
            self.ls_active = False
            return
        now = time.perf_counter()
        if now >= self.horizon_end:
            self.restart(search.best())
            search = self.search
            assert search is not None
        target = self.out.lower_bound if not self.partial else 0
        if search.missing:  # meetings left out: try again to fit them in (a chain may free one)
            before = search.best_cost
            search.insert_all(search.unplaced())
            if search.best_cost < before:
                self.last_gain = time.perf_counter()
                self.offer(search.best())
        if search.anneal(
            min(self.deadline, now + SLICE), stop_at=target + UNPLACED * search.missing
        ):
            self.last_gain = time.perf_counter()
            self.offer(search.best())
        now = time.perf_counter()
        if self.pool is not None and (now - self.last_gain > self.stall or now > self.ls_until):
            self.ls_active = False  # leave both cores to the SAT workers

    def begin(self) -> None:
        c = self.c
        impossible = self.use_sat and self.out.lower_bound >= IMPOSSIBLE
        if impossible or not self.use_sat:  # no SAT to decide: the best effort is all there is
            self.partial = True
        order = hardest_first(c)
        search = KempeSearch(c, greedy_slots(c, order))
        search.insert_all(order)
        first = search.best()
        # The local search goes on even when meetings are left out: it keeps trying to fit
        # them in (SAT decides whether they all fit) and cuts the holes meanwhile.
        self.restart(first)
        self.offer(first if all(t is not None for t in first) else enforce_fairness(c, first))
        if impossible:
            self.partial = False
            self.go_partial()  # the LP bound already shows that not every meeting fits
        elif self.use_sat and not self.done():
            self.pool = SatPool(encode(c, c.problem.fairness))

    def run(self) -> HybridOutcome:
        try:
            self.begin()
            while not self.done():
                self.staff()
                if self.ls_active:
                    self.local_step()
                timeout = 0.0 if self.ls_active else SLICE
                pool = self.pool
                answers = [] if pool is None else pool.poll(timeout)
                for answer in answers:
                    if self.pool is not pool:
                        break  # a new encoding replaced the pool: the rest answer old questions
                    self.handle(answer)
                if self.pool is None and not self.ls_active:
                    break
        finally:
            if self.pool is not None:
                self.pool.stop_all()
        return self.out
