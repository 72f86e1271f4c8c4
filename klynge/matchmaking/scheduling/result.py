"""Turn a slot per meeting into a ``Schedule``: table assignment, holes and unplaced reasons."""

from __future__ import annotations

from .compiled import Compiled, holes_of
from .model import Assignment, MeetingId, Schedule, SolveStats
from .tables import assign_tables


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
