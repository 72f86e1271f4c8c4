"""Turn a slot per meeting into a ``Schedule``: table assignment, holes and unplaced reasons."""

from __future__ import annotations

from .compiled import Compiled, holes_of
from .model import Assignment, MeetingId, Schedule, SolveStats


def assign_tables(c: Compiled, slot_of: list[int | None]) -> list[int | None]:
    """0-based table per placed meeting; participants keep their table where possible.

    Fixed tables are honoured first; then, slot by slot, a meeting takes the table one of its
    participants sat at in the previous slot, else the table one of them used last, else the
    lowest free table.
    """
    table_of: list[int | None] = [None] * c.n_meetings
    by_slot: list[list[int]] = [[] for _ in range(c.n_slots)]
    for m, t in enumerate(slot_of):
        if t is not None:
            by_slot[t].append(m)
    last_table: list[int | None] = [None] * c.n_people
    last_slot: list[int] = [-2] * c.n_people
    for t, meetings in enumerate(by_slot):
        free = set(range(c.n_tables))
        pending: list[int] = []
        for m in meetings:
            fixed = c.fixed_table[m]
            if fixed is not None and fixed in free:
                table_of[m] = fixed
                free.discard(fixed)
            else:
                pending.append(m)

        pending.sort(
            key=lambda m, t=t: -sum(1 for p in (c.pa[m], c.pb[m]) if last_slot[p] == t - 1)
        )
        for m in pending:
            people = (c.pa[m], c.pb[m])
            wanted = [last_table[p] for p in people if last_slot[p] == t - 1]
            wanted += [last_table[p] for p in people]
            choice = next((x for x in wanted if x is not None and x in free), None)
            if choice is None:
                choice = min(free) if free else 0
            table_of[m] = choice
            free.discard(choice)
        for m in meetings:
            for p in (c.pa[m], c.pb[m]):
                last_table[p] = table_of[m]
                last_slot[p] = t
    return table_of


def build_schedule(
    c: Compiled,
    slot_of: list[int | None],
    reasons: dict[int, str],
    engine: str,
    lower_bound: int = 0,
    proven_optimal: bool = False,
    stats: SolveStats | None = None,
) -> Schedule:
    """Assemble the public ``Schedule`` (1-based slots and tables)."""
    tables = assign_tables(c, slot_of)
    assignments: dict[MeetingId, Assignment] = {}
    unplaced: dict[MeetingId, str] = {}
    for m, t in enumerate(slot_of):
        mid = c.meeting_ids[m]
        table = tables[m]
        if t is None or table is None:
            unplaced[mid] = reasons.get(m, "could not be placed")
        else:
            assignments[mid] = Assignment(slot=t + 1, table=table + 1)
    holes = holes_of(c, slot_of)
    return Schedule(
        assignments=assignments,
        unplaced=unplaced,
        holes={c.person_ids[p]: h for p, h in enumerate(holes)},
        objective=sum(holes),
        lower_bound=lower_bound,
        proven_optimal=proven_optimal,
        engine=engine,
        stats=stats or SolveStats(),
    )
