"""Independent checker of schedules: every hard constraint, and a recount of the holes.

Deliberately written without any of the solver's helpers so that it can catch solver bugs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise

from .model import MeetingId, ParticipantId, Problem, Schedule, Session, SessionRestriction


def count_holes(slots: list[int]) -> int:
    """Idle gaps between consecutive busy slots (a gap of any length counts once)."""
    ordered = sorted(slots)
    return sum(1 for prev, nxt in pairwise(ordered) if nxt - prev > 1)


def recount_holes(problem: Problem, schedule: Schedule) -> dict[ParticipantId, int]:
    """Holes of every participant, computed from the schedule's assignments only."""
    busy: dict[ParticipantId, list[int]] = {p: [] for p in problem.participants}
    by_id = {m.id: m for m in problem.meetings}
    for mid, assignment in schedule.assignments.items():
        meeting = by_id.get(mid)
        if meeting is None:
            continue
        for person in (meeting.a, meeting.b):
            if person in busy:
                busy[person].append(assignment.slot)
    return {p: count_holes(slots) for p, slots in busy.items()}


def _session_ok(restriction: SessionRestriction, session: Session) -> bool:
    if restriction == SessionRestriction.MORNING:
        return session == Session.MORNING
    if restriction == SessionRestriction.AFTERNOON:
        return session == Session.AFTERNOON
    return True


def _check_coverage(problem: Problem, schedule: Schedule) -> list[str]:
    errors: list[str] = []
    known = {m.id for m in problem.meetings}
    for mid in schedule.assignments:
        if mid not in known:
            errors.append(f"assignment for unknown meeting {mid}")
        if mid in schedule.unplaced:
            errors.append(f"meeting {mid} is both placed and unplaced")
    for mid in schedule.unplaced:
        if mid not in known:
            errors.append(f"unknown meeting {mid} reported unplaced")
    for mid in known:
        if mid not in schedule.assignments and mid not in schedule.unplaced:
            errors.append(f"meeting {mid} is neither placed nor reported unplaced")
    return errors


def _check_meetings(problem: Problem, schedule: Schedule) -> list[str]:
    errors: list[str] = []
    n_slots = len(problem.slots)
    for meeting in problem.meetings:
        a = schedule.assignments.get(meeting.id)
        if a is None:
            continue
        if not 1 <= a.slot <= n_slots:
            errors.append(f"meeting {meeting.id}: slot {a.slot} out of range 1..{n_slots}")
            continue
        if not 1 <= a.table <= problem.n_tables:
            errors.append(f"meeting {meeting.id}: table {a.table} out of range")
        session = problem.slots[a.slot - 1].session
        if not _session_ok(meeting.session, session):
            errors.append(
                f"meeting {meeting.id}: session restriction {meeting.session.name} "
                f"violated by slot {a.slot} ({session.value})"
            )
        for person in (meeting.a, meeting.b):
            if a.slot in problem.forbidden.get(person, frozenset()):
                errors.append(f"meeting {meeting.id}: slot {a.slot} is forbidden for {person}")
        fix = problem.fixed.get(meeting.id)
        if fix is not None:
            if fix.slot != a.slot:
                errors.append(f"meeting {meeting.id}: fixed to slot {fix.slot}, got {a.slot}")
            if fix.table is not None and fix.table != a.table:
                errors.append(f"meeting {meeting.id}: fixed to table {fix.table}, got {a.table}")
    return errors


def _check_capacity(problem: Problem, schedule: Schedule) -> list[str]:
    errors: list[str] = []
    by_id = {m.id: m for m in problem.meetings}
    per_slot: Counter[int] = Counter()
    per_table: Counter[tuple[int, int]] = Counter()
    busy: dict[tuple[ParticipantId, int], list[MeetingId]] = defaultdict(list)
    for mid, a in schedule.assignments.items():
        meeting = by_id.get(mid)
        if meeting is None:
            continue
        per_slot[a.slot] += 1
        per_table[(a.slot, a.table)] += 1
        busy[(meeting.a, a.slot)].append(mid)
        busy[(meeting.b, a.slot)].append(mid)
    for slot, count in sorted(per_slot.items()):
        if count > problem.n_tables:
            errors.append(f"slot {slot}: {count} meetings but only {problem.n_tables} tables")
    for (slot, table), count in sorted(per_table.items()):
        if count > 1:
            errors.append(f"slot {slot}, table {table}: {count} meetings share the table")
    for (person, slot), mids in busy.items():
        if len(mids) > 1:
            errors.append(f"participant {person} has {len(mids)} meetings in slot {slot}: {mids}")
    return errors


def _check_precedences(problem: Problem, schedule: Schedule) -> list[str]:
    errors: list[str] = []
    for before, after in problem.precedences:
        a = schedule.assignments.get(before)
        b = schedule.assignments.get(after)
        if a is not None and b is not None and not a.slot < b.slot:
            errors.append(
                f"precedence violated: meeting {before} (slot {a.slot}) must come "
                f"before meeting {after} (slot {b.slot})"
            )
    return errors


def _check_holes(problem: Problem, schedule: Schedule, check_fairness: bool) -> list[str]:
    errors: list[str] = []
    holes = recount_holes(problem, schedule)
    for person, value in holes.items():
        reported = schedule.holes.get(person, 0)
        if reported != value:
            errors.append(f"participant {person}: reported {reported} holes, recount {value}")
    total = sum(holes.values())
    if schedule.objective != total:
        errors.append(f"objective {schedule.objective} differs from recounted holes {total}")
    if check_fairness and problem.fairness is not None:
        by_id = {m.id: m for m in problem.meetings}
        active = {p for mid in schedule.assignments if mid in by_id for p in by_id[mid].pair}
        values = [holes[p] for p in active if p in holes]
        if values and max(values) - min(values) > problem.fairness:
            errors.append(
                f"fairness violated: holes range {min(values)}..{max(values)} exceeds "
                f"d = {problem.fairness}"
            )
    return errors


def validate(problem: Problem, schedule: Schedule, check_fairness: bool = True) -> list[str]:
    """All constraint violations of ``schedule`` for ``problem`` (empty list: valid)."""
    return [
        *_check_coverage(problem, schedule),
        *_check_meetings(problem, schedule),
        *_check_capacity(problem, schedule),
        *_check_precedences(problem, schedule),
        *_check_holes(problem, schedule, check_fairness),
    ]
