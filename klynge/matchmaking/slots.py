"""Slot times of a B2B session (pure: no database).

A session has a morning block and an optional afternoon block. Each block is a run of meetings of
`meeting_minutes`, with `break_minutes` between two meetings. Slots are numbered 1, 2, ... in time
order across both blocks; that number is what the scheduler and the database store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

MORNING = "morning"
AFTERNOON = "afternoon"


@dataclass(frozen=True)
class SlotTime:
    number: int
    starts_at: datetime
    ends_at: datetime
    session: str

    @property
    def label(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


def _block(
    start: datetime, count: int, first: int, minutes: int, pause: int, session: str
) -> list[SlotTime]:
    slots = []
    for index in range(count):
        begins = start + timedelta(minutes=index * (minutes + pause))
        slots.append(SlotTime(first + index, begins, begins + timedelta(minutes=minutes), session))
    return slots


def build_slots(
    *,
    day: date,
    tz: tzinfo,
    morning_start: time,
    morning_slots: int,
    afternoon_start: time | None,
    afternoon_slots: int,
    meeting_minutes: int,
    break_minutes: int,
) -> list[SlotTime]:
    """Every slot of the day, numbered from 1."""
    morning = _block(
        datetime.combine(day, morning_start, tzinfo=tz),
        morning_slots,
        1,
        meeting_minutes,
        break_minutes,
        MORNING,
    )
    afternoon: list[SlotTime] = []
    if afternoon_start is not None and afternoon_slots:
        afternoon = _block(
            datetime.combine(day, afternoon_start, tzinfo=tz),
            afternoon_slots,
            len(morning) + 1,
            meeting_minutes,
            break_minutes,
            AFTERNOON,
        )
    return morning + afternoon


def block_overlap(slots: list[SlotTime]) -> bool:
    """True when the afternoon starts before the morning's last meeting ends."""
    morning = [s for s in slots if s.session == MORNING]
    afternoon = [s for s in slots if s.session == AFTERNOON]
    return bool(morning and afternoon and afternoon[0].starts_at < morning[-1].ends_at)


def unavailable_slots(
    slots: Iterable[SlotTime],
    *,
    arrives_at: time | None = None,
    leaves_at: time | None = None,
    unavailable: Iterable[int] = (),
) -> frozenset[int]:
    """Slot numbers a participant cannot attend: before arrival, after leaving, or marked busy."""
    blocked = set(unavailable)
    for slot in slots:
        local_start = slot.starts_at.timetz().replace(tzinfo=None)
        local_end = slot.ends_at.timetz().replace(tzinfo=None)
        if arrives_at is not None and local_start < arrives_at:
            blocked.add(slot.number)
        if leaves_at is not None and local_end > leaves_at:
            blocked.add(slot.number)
    return frozenset(blocked)
