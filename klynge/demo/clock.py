"""The demo's clock: every demo date is taken relative to the day the demo is loaded.

So that the demo looks true on any day, the loaders ask this module for their dates instead of
pinning calendar dates: `day(-30)` is a working day about a month ago, `day(20)` one about three
weeks ahead. Working days skip weekends and the Norwegian public holidays, plus the Christmas
week (20 December to 2 January), when no cluster holds a meeting place. Past dates move back to
the working day before, future dates forward to the next, so a past date never becomes a future
one. `at()` gives an aware Oslo time on such a day. Public facts keep their real dates and do not
use this clock.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

OSLO = ZoneInfo("Europe/Oslo")
ONE_DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day_of_month = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day_of_month + 1)


def holidays(year: int) -> set[datetime.date]:
    """Norwegian public holidays of `year`, and the Christmas week around them."""
    easter = easter_sunday(year)
    moving = {-3, -2, 0, 1, 39, 49, 50}  # Maundy Thursday .. Whit Monday
    days = {easter + datetime.timedelta(days=n) for n in moving}
    days |= {datetime.date(year, 5, 1), datetime.date(year, 5, 17)}
    days |= {datetime.date(year, 12, n) for n in range(20, 32)}
    days |= {datetime.date(year, 1, 1), datetime.date(year, 1, 2)}
    return days


def is_working_day(value: datetime.date) -> bool:
    return value.weekday() < 5 and value not in holidays(value.year)


def working_day(value: datetime.date, *, forward: bool = True) -> datetime.date:
    """`value` if it is a working day, else the next one (or the one before)."""
    step = ONE_DAY if forward else -ONE_DAY
    while not is_working_day(value):
        value += step
    return value


def day(offset: int, *, base: datetime.date | None = None) -> datetime.date:
    """The working day `offset` days from today: past offsets move back, future ones forward.

    Today itself (offset 0) counts as past when it is not a working day.
    """
    start = (base or today()) + datetime.timedelta(days=offset)
    return working_day(start, forward=offset > 0)


def at(offset: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """An aware Oslo time `hour`:`minute` on `day(offset)`."""
    return datetime.datetime.combine(day(offset), datetime.time(hour, minute), tzinfo=OSLO)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def yearly(month: int, weekday: int, nth: int, *, years_back: int = 0) -> datetime.date:
    """The `nth` `weekday` (0 = Monday) of `month` in the latest year where it is at least a week
    ago, or in the year `years_back` before that; for yearly events such as the partner conference.
    """
    limit = today() - datetime.timedelta(days=7)
    year = limit.year
    if _nth_weekday(year, month, weekday, nth) > limit:
        year -= 1
    return working_day(_nth_weekday(year - years_back, month, weekday, nth), forward=False)
