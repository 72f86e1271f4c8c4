"""Hybrid search: most meetings placed first, then the fewest holes.

1. A constructive start (first fit, hardest meetings first, then Kempe-chain insertion) and
   simulated annealing over Kempe moves (``localsearch``) give a good schedule within seconds.
   The annealing never stops before the time limit: when it stalls it runs in the background
   (a fifth of the time), and every schedule a SAT worker finds restarts it at full speed from
   there, so the schedule improves whatever the proof does.
2. Meanwhile an incremental SAT worker (CaDiCaL) answers "all meetings with at most K holes?"
   for K = the proven lower bound (configuration LP, then every UNSAT answer raises it by one).
   Because K equals the lower bound, a SAT answer is an optimal schedule; an UNSAT answer
   proves the next bound.  A schedule that reaches the bound is optimal as well.  A second
   worker (Kissat) works one step ahead ("at most K + 1?") as soon as a complete schedule with
   more holes is known: the bounds below the optimum are cheap to refute, the schedule at the
   optimum is the expensive answer, and this way it is looked for from the first second.
3. When the local search stalls, Kissat stays one step ahead (or takes the bound when the best
   is one above it), and the incremental worker takes turns on neighbourhoods, the bound and
   "at most best - 1?": an UNSAT answer to the latter proves the best schedule optimal at
   once, however far the bound is below it; a SAT answer is a better schedule.
4. Fairness bounds differences (max - min <= d).  The encoding asks for "at most d holes each";
   if that is refuted, floors of 1, 2, ... holes for everyone ("between L and L + d each") are
   asked before concluding that not every meeting fits (``highest_floor``).
5. If not every meeting fits, the same ladder runs over "at most U unplaced" (U = 1, 2, ...; the
   first yes is the maximum placement, every participant at most d holes) and then over the holes
   with U fixed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .compiled import Compiled, holes_of
from .greedy import compact_slots, greedy_slots
from .lns import Pacer, polish
from .localsearch import UNPLACED, KempeSearch
from .repair import enforce_fairness
from .sat_search import SOLVERS, Limit, SatAnswer, SatPool
from .satenc import encode

SLICE = 0.2  # seconds of local search between looks at the SAT workers
BACKGROUND = 0.05  # seconds of local search per SLICE of waiting once it stalled
LNS_CONFLICTS = 4000  # conflict budget of one neighbourhood search
TURN_CONFLICTS = 10000  # conflict budget of one spell on "better than the best?"
LNS_SECONDS = 1.0  # time for one large-event neighbourhood (``lns``)
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


def is_neighbourhood(limits: tuple[Limit, ...]) -> bool:
    """An answer to a neighbourhood search (it proves nothing when it finds nothing)."""
    return bool(limits) and limits[0][0] == "lns"


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
        self.rng = random.Random(7)
        self.stalled = False
        self.turn_key: tuple[Limit, ...] = ()
        self.turn = 0  # turns of the incremental worker once the local search stalled
        self.lns = 0  # neighbourhood searches asked
        self.lns_share = 0.25  # share of the meetings a neighbourhood frees
        self.lns_verdicts: dict[str, int] = {}
        budget = deadline - start
        self.stall = min(
            4.0, max(2.0, 0.05 * budget)
        )  # stop annealing after this long without gain
        self.ls_until = start + min(12.0, max(3.0, 0.15 * budget))  # ... or at this time
        self.pacer = Pacer(self.stall)  # large events: neighbourhoods once the annealing stalls

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
        if self.pool is not None:
            self.pool.hint(out.slot_of)
        if self.on_improve is not None:
            self.on_improve(out, now)
        return True

    def questions(self) -> list[tuple[Limit, ...]]:
        """What the SAT workers should answer next: the bound first, then "better than best"."""
        out = self.out
        if not self.partial:
            if out.best is None or out.unplaced > 0:
                return [()]
            prefix: tuple[Limit, ...] = ()
        elif out.best is None or out.unplaced > out.min_unplaced:
            first: list[tuple[Limit, ...]] = [(("unplaced", out.min_unplaced),)]
            if out.best is not None and out.unplaced - 1 > out.min_unplaced:
                first.append((("unplaced", out.unplaced - 1),))
            return first
        else:
            prefix = (("unplaced", out.unplaced),)
        result = [(*prefix, ("holes", out.lower_bound))]
        if out.best - 1 > out.lower_bound:
            result.append((*prefix, ("holes", out.best - 1)))
        return result

    def ahead(self, questions: list[tuple[Limit, ...]]) -> tuple[Limit, ...] | None:
        """The question one above the bound ("at most bound + 1 holes?") while a complete
        schedule with more holes is known, the bound when the best is one above it, else
        ``None``.

        The bounds below the optimum are cheap to refute and the incremental worker climbs
        them; the expensive answer is the schedule at the optimum.  A second worker asked one
        step ahead starts on it as early as possible: a "yes" is a schedule at most one hole
        above the optimum (optimal once the bound catches up), a "no" raises the bound by two.
        """
        bound = questions[0]
        best = self.out.best
        if not bound or bound[-1][0] != "holes" or best is None or self.pool is None:
            return None
        asked = self.pool.asking().get(SOLVERS[1]) or ()
        same_kind = bool(asked) and asked[:-1] == bound[:-1] and asked[-1][0] == "holes"
        if same_kind and bound[-1][1] <= asked[-1][1] < best:
            return asked  # still open: keep what it has learnt
        k = bound[-1][1] + 1
        if k >= best:  # only the bound is open: both workers on it (they search differently)
            return bound if k == best else None
        return (*bound[:-1], ("holes", k))

    def staff(self) -> None:
        """One worker on the bound, a second one step ahead of it (``ahead``) or on "better".

        Until the local search stalls, the incremental worker climbs the bound and the other
        (Kissat) works one step ahead when a schedule with more holes is known.  Afterwards
        Kissat takes the step ahead, or the bound when it is one below the best, and the
        incremental worker takes turns: a neighbourhood search (most meetings kept where they
        are in the best schedule, the rest free, at most best - 1 holes) and a spell on a whole
        question, alternately the bound and "at most best - 1?" (which proves the best optimal).
        """
        if self.pool is None:
            return
        questions = self.questions()
        incremental, other = SOLVERS
        ahead = self.ahead(questions)
        if self.ls_active and not self.stalled:
            self.pool.ask(incremental, questions[0])
            if ahead is None:
                self.pool.idle(other)
            else:
                self.pool.ask(other, ahead)
            return
        self.pool.ask(other, questions[0] if ahead is None else ahead)
        current = self.pool.asking().get(incremental)
        if current is not None and current == self.turn_key:
            return  # busy with its turn
        self.turn += 1
        better = questions[-1]
        if self.turn % 4 and better and better[-1][0] == "holes" and self.out.slot_of:
            self.lns += 1
            keep = self.neighbourhood(self.out.slot_of)
            self.turn_key = (("lns", self.lns),)
            self.pool.ask(incremental, better, keep, LNS_CONFLICTS, self.turn_key)
        else:
            ahead_of_bound = ahead is not None and ahead != questions[0]
            on_bound = ahead_of_bound and (ahead == better or self.turn % 8 == 4)
            whole = questions[0] if on_bound else better
            self.turn_key = (*whole, ("turn", self.turn))
            self.pool.ask(incremental, whole, budget=TURN_CONFLICTS, key=self.turn_key)

    def neighbourhood(self, slots: list[int | None]) -> tuple[int, ...]:
        """Meetings that stay put: all but those of a few participants around holes."""
        c, rng = self.c, self.rng
        holes = holes_of(c, slots)
        bad = [p for p, h in enumerate(holes) if h > 0] or list(range(c.n_people))
        free_people: set[int] = set()
        freed: set[int] = set()
        target = max(8, int(self.lns_share * c.n_meetings))
        while len(freed) < target and len(free_people) < c.n_people:
            p = rng.choice(bad) if rng.random() < 0.7 or not freed else rng.randrange(c.n_people)
            group = [p, *(c.pa[m] + c.pb[m] - p for m in c.meetings_of[p] if rng.random() < 0.5)]
            for q in group:
                free_people.add(q)
                freed.update(c.meetings_of[q])
        assert self.pool is not None
        x = self.pool.enc.x
        return tuple(
            x[m][t] for m, t in enumerate(slots) if m not in freed and t is not None and t in x[m]
        )

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
        """Use an answer for what it proves (answers to older questions still prove things)."""
        out = self.out
        if answer.verdict == "error":
            out.notes.append(f"SAT worker failed: {answer.detail}")
            if self.pool is not None:
                self.pool.stop_all()
            self.pool = None
            return
        if answer.limits and answer.limits[-1][0] == "turn":  # a spell on "better?"
            answer.limits = answer.limits[:-1]
        if is_neighbourhood(answer.limits):
            self.lns_verdicts[answer.verdict] = self.lns_verdicts.get(answer.verdict, 0) + 1
            if answer.verdict == "unsat":  # no better schedule that close: look further
                self.lns_share = min(0.7, self.lns_share * 1.25)
            elif answer.verdict == "unknown":
                self.lns_share = max(0.05, self.lns_share * 0.8)
        if answer.verdict == "sat" and answer.slots is not None:
            if self.offer(answer.slots) and not out.optimal:
                self.restart(answer.slots, fresh=True)  # polish it while the proof goes on
                if self.floor and self.pool is not None:  # no proofs above floor 0: polish only
                    self.pool.stop_all()
                    self.pool = None
            return
        if answer.verdict != "unsat" or is_neighbourhood(answer.limits):
            return  # "unknown" proves nothing, nor does a neighbourhood without a better one
        if not answer.limits:
            if self.questions() != [()]:
                return  # a complete schedule is known: "none at all" is not the question now
            if self.floor < highest_floor(self.c):
                self.raise_floor()
            else:
                self.go_partial()
            return
        kind, bound = answer.limits[-1]
        if kind == "unplaced":
            out.min_unplaced = max(out.min_unplaced, bound + 1)
        elif len(answer.limits) == 1 or (
            answer.limits[0][1] == out.unplaced == out.min_unplaced  # holes with U unplaced
        ):
            out.lower_bound = max(out.lower_bound, bound + 1)
        if self.on_improve is not None and out.best is not None:
            self.on_improve(out, time.perf_counter() - self.start)

    def restart(self, slots: list[int | None], fresh: bool = False) -> None:
        """(Re)start the annealing from ``slots``; ``fresh`` grants it a new time allowance."""
        now = time.perf_counter()
        if fresh:
            self.ls_until = max(self.ls_until, now + (self.ls_until - self.start))
        self.restarts += 1
        self.search = KempeSearch(self.c, slots, seed=self.restarts)
        if self.use_sat:
            self.horizon_end = min(self.deadline, now + HORIZON)
            self.search.schedule(now, self.horizon_end)
        else:  # large events: one long, cooler run that fills gaps more often (measured)
            self.horizon_end = self.deadline
            self.search.fill = 0.6
            self.search.schedule(now, self.horizon_end, temperature=0.3)
        self.ls_active = True
        self.last_gain = now

    def done(self) -> bool:
        out = self.out
        return out.optimal or time.perf_counter() >= self.deadline

    def local_step(self, budget: float = SLICE) -> None:
        search = self.search
        if search is None:
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
            min(self.deadline, now + budget), stop_at=target + UNPLACED * search.missing
        ):
            self.last_gain = time.perf_counter()
            self.offer(search.best())
        now = time.perf_counter()
        if not self.use_sat and now - self.last_gain > self.stall and self.pacer.due(now):
            follow = polish(search, self.rng, min(LNS_SECONDS, self.deadline - now))
            self.pacer.record(time.perf_counter(), follow is not None, self.stall)
            if follow is not None:  # large event, annealing stalled: a neighbourhood helped
                self.search = follow
                self.offer(follow.best())
        if self.pool is not None and (now - self.last_gain > self.stall or now > self.ls_until):
            self.ls_active = False  # in the background: leave the cores to the SAT workers
            self.stalled = True  # from now on two SAT workers

    def construct(self, slots: list[int | None], order: list[int]) -> list[int | None]:
        """A start completed by Kempe-chain insertion."""
        search = KempeSearch(self.c, slots)
        search.insert_all(order)
        return search.best()

    def begin(self) -> None:
        c = self.c
        impossible = self.use_sat and self.out.lower_bound >= IMPOSSIBLE
        if impossible or not self.use_sat:  # no SAT to decide: the best effort is all there is
            self.partial = True
        order = hardest_first(c)
        first = min(
            (self.construct(start(c, order), order) for start in (greedy_slots, compact_slots)),
            key=lambda slots: (
                sum(c.weight[m] for m, t in enumerate(slots) if t is None),
                sum(holes_of(c, slots)),
            ),
        )
        # The local search goes on even when meetings are left out: it keeps trying to fit
        # them in (SAT decides whether they all fit) and cuts the holes meanwhile.
        self.restart(first)
        self.offer(first if all(t is not None for t in first) else enforce_fairness(c, first))
        if impossible:
            self.partial = False
            self.go_partial()  # the LP bound already shows that not every meeting fits
        elif self.use_sat and not self.done():
            self.pool = SatPool(encode(c, c.problem.fairness))
            if self.out.slot_of is not None:
                self.pool.hint(self.out.slot_of)

    def run(self) -> HybridOutcome:
        try:
            self.begin()
            while not self.done():
                if self.pool is None:
                    self.ls_active = True  # no proof to make room for
                self.staff()
                self.local_step(SLICE if self.ls_active else BACKGROUND)
                timeout = 0.0 if self.ls_active else SLICE
                pool = self.pool
                answers = [] if pool is None else pool.poll(timeout)
                for answer in answers:
                    if self.pool is not pool:
                        break  # a new encoding replaced the pool: the rest answer old questions
                    self.handle(answer)
                if self.pool is None and self.search is None:
                    break
        finally:
            if self.pool is not None:
                self.pool.stop_all()
        if self.lns:
            found = ", ".join(f"{n} {verdict}" for verdict, n in sorted(self.lns_verdicts.items()))
            self.out.notes.append(f"neighbourhood searches: {self.lns} asked ({found})")
        if self.pacer.attempts:
            p = self.pacer
            self.out.notes.append(f"CP-SAT neighbourhoods: {p.attempts} searched, {p.gains} better")
        return self.out
