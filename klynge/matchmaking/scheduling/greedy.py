"""First-fit greedy in input order: the rule commercial matchmaking tools document.

Each meeting goes to the earliest allowed slot where both participants are free, a table is left
and precedences with already placed meetings hold.  Fairness is ignored.
"""

from __future__ import annotations

import time

from .compiled import Compiled, compile_problem
from .explain import explain_unplaced
from .model import Problem, Schedule, SolveStats
from .result import build_schedule


def greedy_slots(c: Compiled, order: list[int] | None = None) -> list[int | None]:
    """Slot per meeting (``None`` = unplaced), fixed meetings first, then ``order``."""
    slot_of: list[int | None] = [None] * c.n_meetings
    busy = [[False] * c.n_slots for _ in range(c.n_people)]
    used = [0] * c.n_slots
    before: list[list[int]] = [[] for _ in range(c.n_meetings)]
    after: list[list[int]] = [[] for _ in range(c.n_meetings)]
    for x, y in c.precedences:
        before[y].append(x)
        after[x].append(y)
    fixed_first = [m for m in range(c.n_meetings) if c.fixed_slot[m] is not None]
    rest = order if order is not None else range(c.n_meetings)
    for m in [*fixed_first, *(m for m in rest if c.fixed_slot[m] is None)]:
        if slot_of[m] is not None:
            continue
        low = max((sx for x in before[m] if (sx := slot_of[x]) is not None), default=-1)
        high = min((sy for y in after[m] if (sy := slot_of[y]) is not None), default=c.n_slots)
        a, b = c.pa[m], c.pb[m]
        for t in c.allowed[m]:
            if low < t < high and not busy[a][t] and not busy[b][t] and used[t] < c.n_tables:
                slot_of[m] = t
                busy[a][t] = busy[b][t] = True
                used[t] += 1
                break
    return slot_of


def greedy(problem: Problem) -> Schedule:
    """Run the first-fit greedy and return its schedule (unplaced meetings get a reason)."""
    start = time.perf_counter()
    c = compile_problem(problem)
    slot_of = greedy_slots(c)
    reasons = explain_unplaced(c, slot_of)
    elapsed = time.perf_counter() - start
    stats = SolveStats(
        wall_time=elapsed, time_to_first=elapsed, time_to_best=elapsed, solutions=1, status="greedy"
    )
    return build_schedule(c, slot_of, reasons, engine="greedy", stats=stats)


def _holes_in(mask: int) -> int:
    return max(0, (mask & ~(mask << 1)).bit_count() - 1)


def compact_slots(c: Compiled, order: list[int]) -> list[int | None]:
    """Best fit: each meeting (fixed first, then ``order``) goes to the free slot that adds the
    fewest holes for its two participants (then the earliest); a start with far fewer holes
    than first fit on large events."""
    slot_of: list[int | None] = [None] * c.n_meetings
    mask = [0] * c.n_people
    used = [0] * c.n_slots
    before: list[list[int]] = [[] for _ in range(c.n_meetings)]
    after: list[list[int]] = [[] for _ in range(c.n_meetings)]
    for x, y in c.precedences:
        before[y].append(x)
        after[x].append(y)
    fixed_first = [m for m in range(c.n_meetings) if c.fixed_slot[m] is not None]
    for m in [*fixed_first, *(m for m in order if c.fixed_slot[m] is None)]:
        if slot_of[m] is not None:
            continue
        low = max((sx for x in before[m] if (sx := slot_of[x]) is not None), default=-1)
        high = min((sy for y in after[m] if (sy := slot_of[y]) is not None), default=c.n_slots)
        a, b = c.pa[m], c.pb[m]
        ma, mb = mask[a], mask[b]
        base = _holes_in(ma) + _holes_in(mb)
        best: tuple[int, int] | None = None
        for t in c.allowed[m]:
            bit = 1 << t
            if not low < t < high or ma & bit or mb & bit or used[t] >= c.n_tables:
                continue
            score = _holes_in(ma | bit) + _holes_in(mb | bit) - base
            if best is None or score < best[0]:
                best = (score, t)
        if best is not None:
            t = best[1]
            slot_of[m] = t
            mask[a] |= 1 << t
            mask[b] |= 1 << t
            used[t] += 1
    return slot_of
