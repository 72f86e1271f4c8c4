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


def impossible_meetings(c: Compiled) -> dict[int, str]:
    """Meetings that no schedule can place, with the reason (checked without search).

    A meeting has no allowed slot (its fixed slot is outside its session or forbidden, or no
    common slot is open), or it is fixed where another fixed meeting already is: the same
    participant, the same table, more fixed meetings than tables, or against the meeting order.
    Of two clashing fixed meetings the later one in the input is set aside.
    """
    aside: dict[int, str] = {}
    for m in range(c.n_meetings):
        static = _static_reason(c, m)
        if static is not None:
            aside[m] = static
    for before, after in c.precedences:
        tb, ta = c.fixed_slot[before], c.fixed_slot[after]
        if tb is None or ta is None or before in aside or after in aside or tb < ta:
            continue
        aside[after] = (
            f"fixed to slot {ta + 1}, not after meeting {c.meeting_ids[before]} "
            f"(fixed to slot {tb + 1}) as the meeting order requires"
        )
    seat: dict[tuple[int, int], int] = {}
    table_at: dict[tuple[int, int], int] = {}
    in_slot = [0] * c.n_slots
    for m in range(c.n_meetings):
        t = c.fixed_slot[m]
        if t is None or m in aside:
            continue
        names = c.person_ids
        clash = next((seat[(p, t)] for p in (c.pa[m], c.pb[m]) if (p, t) in seat), None)
        table = c.fixed_table[m]
        if clash is not None:
            aside[m] = (
                f"fixed to slot {t + 1}, where meeting {c.meeting_ids[clash]} of "
                f"{names[c.pa[clash]]} and {names[c.pb[clash]]} is fixed too"
            )
        elif table is not None and (t, table) in table_at:
            other = c.meeting_ids[table_at[(t, table)]]
            aside[m] = f"fixed to table {table + 1} in slot {t + 1}, like meeting {other}"
        elif in_slot[t] >= c.n_tables:
            aside[m] = f"fixed to slot {t + 1}, which has no table left for it"
        else:
            seat[(c.pa[m], t)] = seat[(c.pb[m], t)] = m
            if table is not None:
                table_at[(t, table)] = m
            in_slot[t] += 1
    return aside


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
            if all((sx := slot_of[x]) is None or sx < s for x, y in c.precedences if y == m)
            and all((sy := slot_of[y]) is None or sy > s for x, y in c.precedences if x == m)
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
