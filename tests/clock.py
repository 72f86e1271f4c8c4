"""The test clock: one fixed "now" for tests whose dates must stay in the future (or the past).

A test with a hard-coded date such as 4 March 2031 is honest only while the real clock is before it;
freeze the clock at ``NOW`` and it stays honest for good:

    pytestmark = pytest.mark.usefixtures("frozen_clock")      # a whole module
    def test_x(frozen_clock: time_machine.Coordinates): ...     # or one test, to move time on:
        frozen_clock.shift(datetime.timedelta(days=8))

Time does not tick while frozen; ``time.monotonic`` (timeouts) is left alone by time-machine.
"""

from __future__ import annotations

import datetime

# A Monday morning in Oslo (08:00 UTC is 09:00 CET), years before the fixed dates of the suite.
NOW = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


def days_from_now(days: int) -> datetime.datetime:
    """``NOW`` moved by whole days (negative: the past)."""
    return NOW + datetime.timedelta(days=days)
