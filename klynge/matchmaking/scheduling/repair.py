"""Make a (greedy) assignment respect fairness by dropping meetings, as a last-resort fallback."""

from __future__ import annotations

from .compiled import Compiled, holes_of


def enforce_fairness(c: Compiled, slot_of: list[int | None]) -> list[int | None]:
    """Unplace meetings of the participant with most holes until the fairness bound holds."""
    d = c.problem.fairness
    slots = list(slot_of)
    if d is None:
        return slots
    while True:
        holes = holes_of(c, slots)
        active = {p for m, t in enumerate(slots) if t is not None for p in (c.pa[m], c.pb[m])}
        if not active:
            return slots
        worst = max(active, key=lambda p: holes[p])
        if holes[worst] - min(holes[p] for p in active) <= d:
            return slots
        mine = sorted((slots[m], m) for m in c.meetings_of[worst] if slots[m] is not None)
        # drop the meeting whose removal lowers the worst participant's holes the most
        best_m, best_h = mine[-1][1], holes[worst] + 1
        for _t, m in mine:
            trial = list(slots)
            trial[m] = None
            h = holes_of(c, trial)[worst]
            if h < best_h:
                best_m, best_h = m, h
        slots[best_m] = None
