"""Hole reduction by simulated annealing over Kempe-chain recolourings.

A schedule is an edge colouring of the meeting graph with slots as colours.  A Kempe move takes a
meeting at slot ``a`` and a slot ``b``, and swaps ``a`` and ``b`` on the connected chain of
meetings in those two slots that contains it; every participant keeps at most one meeting per
slot, and only the chain's two end participants change their busy slots, so the holes change
only there.  The search minimises ``penalty * fairness excess + holes`` (excess = holes above the
fairness bound d, which is what the bound means once some participant has no hole) and never
moves fixed meetings, breaks precedences, forbidden slots, sessions or the table count.  Unplaced
meetings weigh ``UNPLACED`` per priority unit in the cost, so a schedule that places more is
always the better one; ``insert`` places a meeting (recolouring one chain if needed) and the best
schedule seen, insertions included, is what ``best()`` returns.
"""

from __future__ import annotations

import math
import random
import time

from .compiled import Compiled

PENALTY = 50
UNPLACED = 10**7  # cost of one unplaced priority unit: above any holes and fairness excess


def runs_of(mask: int) -> int:
    """Number of maximal runs of busy slots in a bit mask."""
    return (mask & ~(mask << 1)).bit_count()


def holes_in(mask: int) -> int:
    return max(0, runs_of(mask) - 1)


class KempeSearch:
    """Mutable schedule state with incremental hole counts."""

    def __init__(self, c: Compiled, slot_of: list[int | None], seed: int = 1) -> None:
        self.c = c
        self.rng = random.Random(seed)
        self.focus = 0.9
        self.fill = 0.3
        self.cap = c.problem.fairness
        self.slot = [-1 if t is None else t for t in slot_of]
        self.allowed = [sum(1 << t for t in allowed) for allowed in c.allowed]
        self.movable = [c.fixed_slot[m] is None for m in range(c.n_meetings)]
        self.at: list[dict[int, int]] = [{} for _ in range(c.n_people)]
        self.mask = [0] * c.n_people
        self.used = [0] * c.n_slots
        for m, t in enumerate(self.slot):
            if t >= 0:
                self._put(m, t)
        self.holes = [holes_in(mask) for mask in self.mask]
        # Participants with holes, kept up to date (a scan per move dominated large events)
        self.bad = [p for p, h in enumerate(self.holes) if h > 0]
        self.bad_at = {p: i for i, p in enumerate(self.bad)}
        self.missing = sum(c.weight[m] for m, t in enumerate(self.slot) if t < 0)
        self.best_cost = self.cost()
        self.best_slots = list(self.slot)
        self.current = self.best_cost
        self.t_start, self.t_end, self.t0 = 0.0, 1.0, 0.5
        self.before: list[list[int]] = [[] for _ in range(c.n_meetings)]
        self.after: list[list[int]] = [[] for _ in range(c.n_meetings)]
        for x, y in c.precedences:
            self.before[y].append(x)
            self.after[x].append(y)

    def _put(self, m: int, t: int) -> None:
        for p in (self.c.pa[m], self.c.pb[m]):
            self.at[p][t] = m
            self.mask[p] |= 1 << t
        self.slot[m] = t
        self.used[t] += 1

    def _take(self, m: int) -> None:
        t = self.slot[m]
        for p in (self.c.pa[m], self.c.pb[m]):
            del self.at[p][t]
            self.mask[p] &= ~(1 << t)
        self.slot[m] = -1
        self.used[t] -= 1

    def _recount(self, p: int) -> None:
        """Holes of ``p`` from its mask, and its place in ``bad``."""
        h = self.holes[p] = holes_in(self.mask[p])
        if h > 0 and p not in self.bad_at:
            self.bad_at[p] = len(self.bad)
            self.bad.append(p)
        elif h == 0 and p in self.bad_at:
            i = self.bad_at.pop(p)
            last = self.bad.pop()
            if last != p:
                self.bad[i] = last
                self.bad_at[last] = i

    def excess(self, holes: int) -> int:
        return 0 if self.cap is None else max(0, holes - self.cap)

    def cost(self) -> int:
        return UNPLACED * self.missing + sum(PENALTY * self.excess(h) + h for h in self.holes)

    def keep_if_best(self) -> bool:
        """Recount the cost after a change outside ``anneal``; remember it if it is the best."""
        self.current = self.cost()
        if self.current < self.best_cost:
            self.best_cost, self.best_slots = self.current, list(self.slot)
            return True
        return False

    def chain(self, m: int, b: int) -> list[int] | None:
        """Meetings of the (slot[m], b) Kempe chain through ``m``; ``None`` if it cannot move."""
        a = self.slot[m]
        seen = {m}
        stack = [m]
        while stack:
            cur = stack.pop()
            if not self.movable[cur]:
                return None
            other = b if self.slot[cur] == a else a
            if not self.allowed[cur] >> other & 1:
                return None
            for p in (self.c.pa[cur], self.c.pb[cur]):
                nxt = self.at[p].get(other)
                if nxt is not None and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
            if len(seen) > 60:
                return None
        return list(seen)

    def evaluate(self, meetings: list[int], a: int, b: int) -> tuple[int, dict[int, int]] | None:
        """Cost change and new masks of swapping ``a``/``b`` on ``meetings``."""
        in_a = sum(1 for m in meetings if self.slot[m] == a)
        in_b = len(meetings) - in_a
        if self.used[a] - in_a + in_b > self.c.n_tables or self.used[b] - in_b + in_a > (
            self.c.n_tables
        ):
            return None
        bit_a, bit_b = 1 << a, 1 << b
        masks: dict[int, int] = {}
        for m in meetings:
            for p in (self.c.pa[m], self.c.pb[m]):
                if p not in masks:
                    mask = self.mask[p]
                    has_a, has_b = bool(mask & bit_a), bool(mask & bit_b)
                    if has_a != has_b:
                        masks[p] = mask ^ bit_a ^ bit_b
        delta = 0
        for p, mask in masks.items():
            old, new = self.holes[p], holes_in(mask)
            delta += PENALTY * (self.excess(new) - self.excess(old)) + new - old
        return delta, masks

    def precedences_ok(self, meetings: list[int], a: int, b: int) -> bool:
        moved = {m: (b if self.slot[m] == a else a) for m in meetings}
        for m, t in moved.items():
            for x in self.before[m]:
                tx = moved.get(x, self.slot[x])
                if tx >= 0 and tx >= t:
                    return False
            for y in self.after[m]:
                ty = moved.get(y, self.slot[y])
                if ty >= 0 and ty <= t:
                    return False
        return True

    def apply(self, meetings: list[int], a: int, b: int) -> None:
        targets = [(m, b if self.slot[m] == a else a) for m in meetings]
        for m, _ in targets:
            self._take(m)
        for m, t in targets:
            self._put(m, t)
        for m in meetings:
            for p in (self.c.pa[m], self.c.pb[m]):
                self._recount(p)

    def _free_at(self, m: int, t: int) -> bool:
        c = self.c
        return (
            t not in self.at[c.pa[m]]
            and t not in self.at[c.pb[m]]
            and self.used[t] < c.n_tables
            and all(self.slot[x] < t for x in self.before[m] if self.slot[x] >= 0)
            and all(self.slot[y] > t for y in self.after[m] if self.slot[y] >= 0)
        )

    def insert(self, m: int) -> bool:
        """Place unplaced meeting ``m``, recolouring one Kempe chain if that frees a slot."""
        c = self.c
        options = list(c.allowed[m])
        self.rng.shuffle(options)
        for a in options:
            if self._free_at(m, a):
                self._place_new(m, a)
                return True
        for a in options:
            blockers = [self.at[p][a] for p in (c.pa[m], c.pb[m]) if a in self.at[p]]
            if len(blockers) != 1:
                continue
            other = blockers[0]
            for b in c.allowed[other]:
                if b == a:
                    continue
                meetings = self.chain(other, b)
                if meetings is None or self.evaluate(meetings, a, b) is None:
                    continue
                if not self.precedences_ok(meetings, a, b):
                    continue
                self.apply(meetings, a, b)
                if self._free_at(m, a):
                    self._place_new(m, a)
                    return True
                self.apply(meetings, a, b)  # undo
        return False

    def _place_new(self, m: int, t: int) -> None:
        self._put(m, t)
        self.missing -= self.c.weight[m]
        for p in (self.c.pa[m], self.c.pb[m]):
            self._recount(p)

    def unplaced(self) -> list[int]:
        return [m for m, t in enumerate(self.slot) if t < 0 and self.c.allowed[m]]

    def insert_all(self, order: list[int] | None = None) -> int:
        """Try to place every unplaced meeting; returns how many are still unplaced.

        The result counts as a schedule of its own: ``best()`` returns it when it is better.
        """
        todo = [m for m in (order or range(self.c.n_meetings)) if self.slot[m] < 0]
        left = 0
        for m in todo:
            if self.slot[m] < 0 and not self.insert(m):
                left += 1
        self.keep_if_best()
        return left

    def propose(self) -> tuple[list[int], int, int] | None:
        """A random Kempe move, biased towards participants with holes."""
        c = self.c
        rng = self.rng
        bad = self.bad
        if bad and rng.random() < self.focus:
            p = rng.choice(bad)
            mine = [m for m in self.at[p].values() if self.movable[m]]
            if not mine:
                return None
            m = rng.choice(mine)
            if rng.random() < self.fill:  # move an end meeting into a gap of p
                mask = self.mask[p]
                first, last = (mask & -mask).bit_length() - 1, mask.bit_length() - 1
                gaps = [t for t in range(first, last) if not mask >> t & 1]
                ends = [self.at[p][t] for t in (first, last) if self.movable[self.at[p][t]]]
                if gaps and ends:
                    m = rng.choice(ends)
                    b = rng.choice(gaps)
                    if self.allowed[m] >> b & 1:
                        meetings = self.chain(m, b)
                        return None if meetings is None else (meetings, self.slot[m], b)
        else:
            m = rng.randrange(c.n_meetings)
        a = self.slot[m]
        if a < 0 or not self.movable[m]:
            return None
        options = [t for t in c.allowed[m] if t != a]
        if not options:
            return None
        b = rng.choice(options)
        meetings = self.chain(m, b)
        if meetings is None:
            return None
        return meetings, a, b

    def schedule(self, start: float, end: float, temperature: float = 0.5) -> None:
        """Set the annealing horizon: the temperature falls linearly from ``start`` to ``end``."""
        self.t_start, self.t_end, self.t0 = start, max(start + 1e-3, end), temperature
        self.keep_if_best()

    def anneal(self, until: float, stop_at: int = 0) -> bool:
        """Anneal until ``until`` (or cost ``stop_at``); true when the best cost improved."""
        improved = False
        steps = 0
        span = self.t_end - self.t_start
        temp = self.t0
        while self.best_cost > stop_at:
            steps += 1
            if steps % 128 == 1:
                now = time.perf_counter()
                if now >= until:
                    break
                temp = self.t0 * max(0.02, 1.0 - (now - self.t_start) / span)
            move = self.propose()
            if move is None:
                continue
            meetings, a, b = move
            evaluated = self.evaluate(meetings, a, b)
            if evaluated is None:
                continue
            delta = evaluated[0]
            if delta > 0 and self.rng.random() >= math.exp(-delta / temp):
                continue
            if not self.precedences_ok(meetings, a, b):
                continue
            self.apply(meetings, a, b)
            self.current += delta
            if self.current < self.best_cost:
                self.best_cost, self.best_slots = self.current, list(self.slot)
                improved = True
        return improved

    def best(self) -> list[int | None]:
        return _as_slots(self.best_slots)


def _as_slots(slots: list[int]) -> list[int | None]:
    return [None if t < 0 else t for t in slots]


def improve(
    c: Compiled, slot_of: list[int | None], time_limit: float, seed: int = 1
) -> list[int | None]:
    """Fewer holes (and fairness excess) for the placed meetings of ``slot_of``."""
    search = KempeSearch(c, slot_of, seed)
    now = time.perf_counter()
    search.schedule(now, now + time_limit)
    search.anneal(now + time_limit)
    return search.best()
