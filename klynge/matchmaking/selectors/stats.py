"""Statistics of the planned schedule: placed and unplaced meetings (with the reason), idle gaps
per participant, table and slot use, participants without meetings."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from ..models import MatchmakingSession, Meeting, Participant


def idle_gaps(slots: list[int]) -> int:
    """Breaks between two meetings of one person; each break counts once, however long."""
    ordered = sorted(slots)
    return sum(1 for before, after in pairwise(ordered) if after - before > 1)


@dataclass(frozen=True)
class ParticipantStat:
    participant: Participant
    meetings: int
    placed: int
    gaps: int
    tables: int  # different tables the participant sits at
    table_changes: int  # moves to another table between two consecutive meetings


@dataclass(frozen=True)
class Statistics:
    total: int
    placed: int
    unplaced: list[dict[str, Any]]
    participants: list[ParticipantStat]
    total_gaps: int
    max_gaps: int
    table_use: list[dict[str, Any]]
    slot_use: list[dict[str, Any]]
    without_meetings: list[Participant]
    gap_histogram: dict[int, int]

    @property
    def table_changes(self) -> int:
        return sum(s.table_changes for s in self.participants)

    @property
    def placed_share(self) -> int:
        return round(100 * self.placed / self.total) if self.total else 0


def _participant_stat(
    participant: Participant, meetings: int, seats: list[tuple[int, int]]
) -> ParticipantStat:
    return ParticipantStat(
        participant,
        meetings,
        placed=len(seats),
        gaps=idle_gaps([slot for slot, _table in seats]),
        tables=len({table for _slot, table in seats}),
        table_changes=sum(1 for x, y in pairwise(seats) if x[1] != y[1]),
    )


def schedule_statistics(*, session: MatchmakingSession) -> Statistics:
    people = list(
        Participant.objects.filter(session=session, is_active=True)
        .select_related("person", "organisation", "registration")
        .order_by("person__full_name", "pk")
    )
    meetings = list(
        Meeting.objects.filter(session=session, status=Meeting.Status.ACTIVE).select_related(
            "a__person", "b__person"
        )
    )
    seats: dict[int, list[tuple[int, int]]] = defaultdict(list)  # (slot, table) per participant
    count: Counter[int] = Counter()
    per_table: Counter[int] = Counter()
    per_slot: Counter[int] = Counter()
    reasons = {
        row["meeting"]: row["reason"] for row in (session.run_report or {}).get("unplaced", [])
    }
    unplaced = []
    for m in meetings:
        count[m.a_id] += 1
        count[m.b_id] += 1
        if m.slot is None:
            unplaced.append(
                {
                    "meeting": m,
                    "reason": reasons.get(m.pk)
                    or _("Not scheduled yet: run the scheduler or place it by hand."),
                }
            )
            continue
        for pid in (m.a_id, m.b_id):
            seats[pid].append((m.slot, m.table))  # type: ignore[arg-type]  # slot set => table set (db check)
        per_table[m.table] += 1  # type: ignore[index]  # slot set => table set (db check)
        per_slot[m.slot] += 1
    stats = [_participant_stat(p, count[p.pk], sorted(seats[p.pk])) for p in people]
    n_slots, n_tables = session.slot_count, session.table_count
    return Statistics(
        total=len(meetings),
        placed=len(meetings) - len(unplaced),
        unplaced=unplaced,
        participants=stats,
        total_gaps=sum(s.gaps for s in stats),
        max_gaps=max((s.gaps for s in stats), default=0),
        table_use=[
            {
                "number": n,
                "name": name,
                "meetings": per_table[n],
                "share": round(100 * per_table[n] / n_slots) if n_slots else 0,
            }
            for n, name in session.tables
        ],
        slot_use=[
            {
                "slot": s,
                "meetings": per_slot[s.number],
                "share": round(100 * per_slot[s.number] / n_tables) if n_tables else 0,
            }
            for s in session.slots
        ],
        without_meetings=[p for p in people if count[p.pk] == 0],
        gap_histogram=dict(sorted(Counter(s.gaps for s in stats if s.placed).items())),
    )
