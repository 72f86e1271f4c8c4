"""Best-effort explanations for meetings left unplaced by a (partial) schedule."""

from __future__ import annotations

from .compiled import Compiled, holes_of


def _static_reason(c: Compiled, m: int) -> str | None:
    """Reason independent of other meetings, when no slot is allowed at all."""
    if c.allowed[m]:
        return None
    problem = c.problem
    meeting = problem.meetings[m]
    fixed = c.fixed_slot[m]
    if fixed is not None:
        return f"fixed slot {fixed + 1} is not allowed (session or forbidden slot)"
    in_session = [t for t in range(c.n_slots) if meeting.session.allows(problem.slots[t].session)]
    if not in_session:
        return f"no slot in the requested session ({meeting.session.name.lower()})"
    return (
        f"participants {meeting.a} and {meeting.b} have no common allowed slot "
        "(forbidden slots and session restriction)"
    )


def explain_unplaced(c: Compiled, slot_of: list[int | None]) -> dict[int, str]:
    """Reason per unplaced meeting index, judged against the placed meetings."""
    busy = [[False] * c.n_slots for _ in range(c.n_people)]
    used = [0] * c.n_slots
    for m, t in enumerate(slot_of):
        if t is not None:
            busy[c.pa[m]][t] = busy[c.pb[m]][t] = True
            used[t] += 1
    holes = holes_of(c, slot_of)
    fairness = c.problem.fairness
    reasons: dict[int, str] = {}
    for m, t in enumerate(slot_of):
        if t is not None:
            continue
        static = _static_reason(c, m)
        if static is not None:
            reasons[m] = static
            continue
        a, b = c.pa[m], c.pb[m]
        ida, idb = c.person_ids[a], c.person_ids[b]
        both_free = [s for s in c.allowed[m] if not busy[a][s] and not busy[b][s]]
        if not both_free:
            reasons[m] = f"participant {ida} has no common free slot with {idb}"
            continue
        with_table = [s for s in both_free if used[s] < c.n_tables]
        if not with_table:
            reasons[m] = "would exceed the number of tables in all common free slots"
            continue
        ok_prec = [
            s
            for s in with_table
            if all(
                slot_of[x] is None or slot_of[x] < s  # type: ignore[operator]
                for x, y in c.precedences
                if y == m
            )
            and all(
                slot_of[y] is None or slot_of[y] > s  # type: ignore[operator]
                for x, y in c.precedences
                if x == m
            )
        ]
        if not ok_prec:
            reasons[m] = "no common free slot respects the meeting order (precedences)"
            continue
        if fairness is not None:
            reasons[m] = (
                f"no slot left within the fairness bound (d = {fairness}) without leaving "
                f"more important meetings unplaced (holes now {ida}: {holes[a]}, {idb}: {holes[b]})"
            )
        else:
            reasons[m] = "placing it would force other meetings out"
    return reasons
