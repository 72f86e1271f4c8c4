"""The engagement score of a member organisation, as pure functions over plain data (no Django).

Each activity Klynge records counts with its kind's weight, halved every `half_life_days` since it
happened; only the last `window_months` count at all:

    score = sum over activities in the window of  weight(kind) x 0.5 ** (age in days / half-life)

Default weights (a cluster can set its own): a confirmed partnership in a project 5, a course
completed 4, an event attended (checked in) 3, a B2B meeting held 2, a survey answered 2, a
registration for an event 1 (on the day of the event, attended or not: an attended event counts
3 + 1), an idea marked "interested" 1. A partnership counts on the day its project starts and, while
the project runs, as of the day asked about; a survey answer on the day the survey opened. Default half-life 180 days, window
12 months. Levels: **dormant** = no activity in the window; **active** = a score of at least
`active_threshold` (default 6: e.g. two events and a registration this quarter, or one project);
**occasional** = the rest. **Reach** = the share of members that are not dormant.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

KINDS = ("project", "completion", "checkin", "b2b", "survey", "registration", "idea")
DEFAULT_WEIGHTS: dict[str, float] = {
    "project": 5.0,
    "completion": 4.0,
    "checkin": 3.0,
    "b2b": 2.0,
    "survey": 2.0,
    "registration": 1.0,
    "idea": 1.0,
}
DEFAULT_HALF_LIFE_DAYS = 180
DEFAULT_WINDOW_MONTHS = 12
DEFAULT_ACTIVE_THRESHOLD = 6.0

ACTIVE, OCCASIONAL, DORMANT = "active", "occasional", "dormant"
LEVELS = (ACTIVE, OCCASIONAL, DORMANT)

Row = tuple[str, int, date, int]  # (kind, organisation id, day, count)


@dataclass(frozen=True)
class Settings:
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    half_life_days: int = DEFAULT_HALF_LIFE_DAYS
    window_months: int = DEFAULT_WINDOW_MONTHS
    active_threshold: float = DEFAULT_ACTIVE_THRESHOLD

    def weight(self, kind: str) -> float:
        return float(self.weights.get(kind, DEFAULT_WEIGHTS.get(kind, 0.0)))


@dataclass
class Engagement:
    score: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)  # in the window, by kind
    last_activity: date | None = None
    level: str = DORMANT

    @property
    def activities(self) -> int:
        return sum(self.counts.values())


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_start(as_of: date, settings: Settings) -> date:
    """The first day that counts: the day after the same date `window_months` earlier."""
    return date.fromordinal(months_before(as_of, settings.window_months).toordinal() + 1)


def decay(age_days: int, half_life_days: int) -> float:
    return 0.5 ** (max(age_days, 0) / half_life_days)


def level_of(engagement: Engagement, settings: Settings) -> str:
    if not engagement.activities:
        return DORMANT
    return ACTIVE if engagement.score >= settings.active_threshold - 1e-9 else OCCASIONAL


def score_all(
    rows: Iterable[Row], organisation_ids: Iterable[int], as_of: date, settings: Settings
) -> dict[int, Engagement]:
    """The engagement of every organisation in `organisation_ids` (one pass over the rows).

    Rows after `as_of` are ignored; rows before the window only move `last_activity`.
    """
    start = window_start(as_of, settings)
    result = {org: Engagement() for org in organisation_ids}
    for kind, org, day, count in rows:
        engagement = result.get(org)
        if engagement is None or day > as_of:
            continue
        if engagement.last_activity is None or day > engagement.last_activity:
            engagement.last_activity = day
        if day < start:
            continue
        engagement.counts[kind] = engagement.counts.get(kind, 0) + count
        age = (as_of - day).days
        engagement.score += settings.weight(kind) * count * decay(age, settings.half_life_days)
    for engagement in result.values():
        engagement.score = round(engagement.score, 2)
        engagement.level = level_of(engagement, settings)
    return result


@dataclass(frozen=True)
class Share:
    key: str
    members: int
    reached: int

    @property
    def share(self) -> float | None:
        return self.reached / self.members if self.members else None


def reach(
    levels: Mapping[int, str], groups: Mapping[int, str] | None = None
) -> tuple[Share, list[Share]]:
    """Members not dormant, overall and per group (`groups`: organisation -> group key)."""
    overall = Share("all", len(levels), sum(1 for lvl in levels.values() if lvl != DORMANT))
    if groups is None:
        return overall, []
    members: dict[str, int] = defaultdict(int)
    reached: dict[str, int] = defaultdict(int)
    for org, lvl in levels.items():
        key = groups.get(org, "")
        members[key] += 1
        reached[key] += lvl != DORMANT
    return overall, [Share(k, members[k], reached[k]) for k in sorted(members)]


def quarter_ends(as_of: date, count: int) -> list[date]:
    """The last days of the `count` quarters up to `as_of` (the current one ends on `as_of`)."""
    ends = [as_of]
    year, quarter = as_of.year, (as_of.month - 1) // 3
    for _index in range(count - 1):
        if quarter == 0:
            year, quarter = year - 1, 4
        month = quarter * 3
        ends.append(date(year, month, calendar.monthrange(year, month)[1]))
        quarter -= 1
    return list(reversed(ends))


def reach_over_time(
    rows: Iterable[Row],
    periods: Iterable[tuple[int, date, date | None]],
    days: list[date],
    settings: Settings,
) -> list[Share]:
    """Reach on each of `days`: members then (from membership periods (org, joined, left)) with
    an activity in the window before that day."""
    by_org: dict[int, list[date]] = defaultdict(list)
    for _kind, org, day, _count in rows:
        by_org[org].append(day)
    for found in by_org.values():
        found.sort()
    memberships = list(periods)
    shares = []
    for day in days:
        start = window_start(day, settings)
        members = {
            org
            for org, joined, left in memberships
            if joined <= day and (left is None or left > day)
        }
        reached = sum(1 for org in members if _any_between(by_org.get(org, []), start, day))
        shares.append(Share(day.isoformat(), len(members), reached))
    return shares


def _any_between(days: list[date], start: date, end: date) -> bool:
    from bisect import bisect_left

    index = bisect_left(days, start)
    return index < len(days) and days[index] <= end
