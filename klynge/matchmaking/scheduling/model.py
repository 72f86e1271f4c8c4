"""Input and output data types of the B2B meeting scheduler (pure Python, no Django).

Slots are identified by their 1-based position in ``Problem.slots`` (time order); tables by their
1-based number (``Problem.table_name`` gives a printable name).  Participants and meetings carry
caller-chosen ids (``int`` or ``str``), e.g. database primary keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum

ParticipantId = int | str
MeetingId = int | str


class Session(Enum):
    """Session a slot belongs to."""

    MORNING = "morning"
    AFTERNOON = "afternoon"


class SessionRestriction(IntEnum):
    """Session a meeting may take place in (values as in the MiniZinc data files)."""

    MORNING = 1
    AFTERNOON = 2
    ANY = 3

    def allows(self, session: Session) -> bool:
        if self is SessionRestriction.ANY:
            return True
        if self is SessionRestriction.MORNING:
            return session is Session.MORNING
        return session is Session.AFTERNOON


@dataclass(frozen=True, slots=True)
class Meeting:
    """A requested meeting between participants ``a`` and ``b``.

    ``priority`` (>= 1) weights the meeting when not every meeting can be placed: the scheduler
    maximises the summed priority of placed meetings before it looks at holes.
    """

    id: MeetingId
    a: ParticipantId
    b: ParticipantId
    session: SessionRestriction = SessionRestriction.ANY
    priority: int = 1

    @property
    def pair(self) -> tuple[ParticipantId, ParticipantId]:
        return (self.a, self.b)


@dataclass(frozen=True, slots=True)
class Slot:
    """One time slot; ``label`` is free text such as ``"09:00"``."""

    session: Session = Session.MORNING
    label: str = ""


@dataclass(frozen=True, slots=True)
class FixedMeeting:
    """A meeting pinned to a slot (1-based) and optionally to a table (1-based)."""

    slot: int
    table: int | None = None


@dataclass(frozen=True)
class Problem:
    """A complete scheduling request.

    ``forbidden`` maps a participant to the slot numbers it cannot attend.  ``precedences`` holds
    ``(before, after)`` meeting id pairs.  ``fairness`` is the bound d on
    ``|holes(p1) - holes(p2)|`` over participants with at least one placed meeting (``None`` = no
    bound).  ``previous`` maps meeting ids to the slot they were published in; the solver moves as
    few of them as possible (this ranks above holes, below placing meetings).
    """

    participants: tuple[ParticipantId, ...]
    meetings: tuple[Meeting, ...]
    slots: tuple[Slot, ...]
    n_tables: int
    table_names: tuple[str, ...] = ()
    forbidden: Mapping[ParticipantId, frozenset[int]] = field(default_factory=dict)
    fixed: Mapping[MeetingId, FixedMeeting] = field(default_factory=dict)
    precedences: tuple[tuple[MeetingId, MeetingId], ...] = ()
    fairness: int | None = 2
    time_limit: float = 60.0
    previous: Mapping[MeetingId, int] = field(default_factory=dict)
    name: str = ""

    @property
    def n_slots(self) -> int:
        return len(self.slots)

    def table_name(self, table: int) -> str:
        """Printable name of the 1-based table number."""
        if self.table_names and 1 <= table <= len(self.table_names):
            return self.table_names[table - 1]
        return str(table)

    def check(self) -> list[str]:
        """Structural problems with the input (unknown ids, bad slot numbers...); empty if fine."""
        errors: list[str] = []
        people = set(self.participants)
        if len(people) != len(self.participants):
            errors.append("duplicate participant ids")
        ids = [m.id for m in self.meetings]
        if len(set(ids)) != len(ids):
            errors.append("duplicate meeting ids")
        if self.n_tables < 0:
            errors.append("n_tables must be >= 0")
        if self.table_names and len(self.table_names) != self.n_tables:
            errors.append("table_names must have n_tables entries")
        for m in self.meetings:
            if m.a not in people or m.b not in people:
                errors.append(f"meeting {m.id}: unknown participant")
            if m.a == m.b:
                errors.append(f"meeting {m.id}: a participant cannot meet itself")
            if m.priority < 1:
                errors.append(f"meeting {m.id}: priority must be >= 1")
        known = set(ids)
        for mid, fix in self.fixed.items():
            if mid not in known:
                errors.append(f"fixed: unknown meeting {mid}")
            if not 1 <= fix.slot <= self.n_slots:
                errors.append(f"fixed: meeting {mid} has slot {fix.slot} out of range")
            if fix.table is not None and not 1 <= fix.table <= self.n_tables:
                errors.append(f"fixed: meeting {mid} has table {fix.table} out of range")
        for before, after in self.precedences:
            if before not in known or after not in known:
                errors.append(f"precedence ({before}, {after}): unknown meeting")
        for pid in self.forbidden:
            if pid not in people:
                errors.append(f"forbidden: unknown participant {pid}")
        return errors


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where a meeting takes place: 1-based slot and table numbers."""

    slot: int
    table: int


@dataclass(frozen=True, slots=True)
class SolveStats:
    """Timing and search information (seconds since the start of ``solve``)."""

    wall_time: float = 0.0
    time_to_first: float | None = None
    time_to_best: float | None = None
    solutions: int = 0
    status: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schedule:
    """Result of a scheduling run.

    ``objective`` is the total number of holes of the placed meetings.  ``lower_bound`` is a proven
    lower bound on the total holes of any schedule placing all meetings but the ``set_aside``
    ones (only meaningful when ``complete``).  ``proven_optimal`` is true when no schedule can do
    better (more placed meetings first, then fewer moved published meetings, then fewer holes).
    ``set_aside`` holds the meetings no schedule can place (also listed in ``unplaced``) with
    the reason; the rest was scheduled without them.
    """

    assignments: Mapping[MeetingId, Assignment]
    unplaced: Mapping[MeetingId, str]
    holes: Mapping[ParticipantId, int]
    objective: int
    lower_bound: int = 0
    proven_optimal: bool = False
    engine: str = ""
    stats: SolveStats = field(default_factory=SolveStats)
    set_aside: Mapping[MeetingId, str] = field(default_factory=dict)

    @property
    def all_placed(self) -> bool:
        return not self.unplaced

    @property
    def complete(self) -> bool:
        """Every meeting that any schedule could place is placed."""
        return all(mid in self.set_aside for mid in self.unplaced)

    @property
    def holes_above_bound(self) -> int | None:
        """At most this many holes above the best possible (``None``: not every meeting fits)."""
        if self.proven_optimal:
            return 0
        if not self.complete:
            return None
        return max(0, self.objective - self.lower_bound)

    @property
    def total_holes(self) -> int:
        return sum(self.holes.values())

    def slot_of(self, meeting_id: MeetingId) -> int | None:
        a = self.assignments.get(meeting_id)
        return None if a is None else a.slot
