"""Index-based view of a ``Problem`` used by the solvers (0-based slots and participants)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import MeetingId, ParticipantId, Problem


@dataclass
class Compiled:
    """Integer arrays describing a problem; slots are 0-based here."""

    problem: Problem
    n_people: int
    n_slots: int
    n_tables: int
    person_ids: list[ParticipantId]
    meeting_ids: list[MeetingId]
    pa: list[int]
    pb: list[int]
    weight: list[int]
    allowed: list[list[int]]
    meetings_of: list[list[int]]
    fixed_slot: list[int | None]
    fixed_table: list[int | None]
    prev_slot: list[int | None]
    precedences: list[tuple[int, int]]
    forbidden: list[frozenset[int]]

    @property
    def n_meetings(self) -> int:
        return len(self.pa)


def compile_problem(problem: Problem) -> Compiled:
    """Translate ids to indices and compute the allowed slots of every meeting."""
    errors = problem.check()
    if errors:
        raise ValueError("invalid problem: " + "; ".join(errors))
    n_slots = problem.n_slots
    person_index = {p: i for i, p in enumerate(problem.participants)}
    meeting_index = {m.id: i for i, m in enumerate(problem.meetings)}
    forbidden = [
        frozenset(t - 1 for t in problem.forbidden.get(p, frozenset()) if 1 <= t <= n_slots)
        for p in problem.participants
    ]
    pa: list[int] = []
    pb: list[int] = []
    allowed: list[list[int]] = []
    fixed_slot: list[int | None] = []
    fixed_table: list[int | None] = []
    prev_slot: list[int | None] = []
    meetings_of: list[list[int]] = [[] for _ in problem.participants]
    for i, m in enumerate(problem.meetings):
        a, b = person_index[m.a], person_index[m.b]
        pa.append(a)
        pb.append(b)
        meetings_of[a].append(i)
        meetings_of[b].append(i)
        fix = problem.fixed.get(m.id)
        fixed_slot.append(None if fix is None else fix.slot - 1)
        fixed_table.append(None if fix is None or fix.table is None else fix.table - 1)
        prev = problem.previous.get(m.id)
        prev_slot.append(None if prev is None or not 1 <= prev <= n_slots else prev - 1)
        slots = [
            t
            for t in range(n_slots)
            if m.session.allows(problem.slots[t].session)
            and t not in forbidden[a]
            and t not in forbidden[b]
            and (fix is None or t == fix.slot - 1)
        ]
        allowed.append(slots)
    precedences = [(meeting_index[x], meeting_index[y]) for x, y in problem.precedences]
    return Compiled(
        problem=problem,
        n_people=len(problem.participants),
        n_slots=n_slots,
        n_tables=problem.n_tables,
        person_ids=list(problem.participants),
        meeting_ids=[m.id for m in problem.meetings],
        pa=pa,
        pb=pb,
        weight=[m.priority for m in problem.meetings],
        allowed=allowed,
        meetings_of=meetings_of,
        fixed_slot=fixed_slot,
        fixed_table=fixed_table,
        prev_slot=prev_slot,
        precedences=precedences,
        forbidden=forbidden,
    )


def holes_of(c: Compiled, slot_of: list[int | None]) -> list[int]:
    """Holes per participant index for a (partial) slot assignment."""
    busy: list[list[int]] = [[] for _ in range(c.n_people)]
    for m, t in enumerate(slot_of):
        if t is not None:
            busy[c.pa[m]].append(t)
            busy[c.pb[m]].append(t)
    result: list[int] = []
    for slots in busy:
        slots.sort()
        result.append(sum(1 for i in range(1, len(slots)) if slots[i] - slots[i - 1] > 1))
    return result
