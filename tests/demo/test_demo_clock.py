"""The demo lives with the clock: loaded on any day, the flagship cluster's readiness is the same.

Loads the whole demo at two days years apart (time-machine, no wall clock) and compares what NCE
Smart Energy Markets meets of its own level's rules (mature cluster) and of the gold-label
indicators; the clock's working days skip weekends, holidays and the Christmas week.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from klynge.clusters.models import Cluster
from klynge.demo import clock
from klynge.events.models import Event
from klynge.programme.models import Framework
from klynge.programme.selectors.readiness import readiness_get

OSLO = ZoneInfo("Europe/Oslo")
SEM = "nce-smart-energy-markets"
# The gold-label indicators NCE SEM meets from its demo data, on whatever day the demo is loaded
# (cooperation, integration, communication and documented outcomes stay short of their thresholds:
# the demo's projects and news are few).
EXPECTED_GOLD = [
    "1.1.0",
    "1.1.1",
    "1.1.2",
    "1.2",
    "2.2.1",
    "2.2.4",
    "2.3",
    "2.4",
    "2.5",
    "3.2",
    "4.3",
    "4.5",
    "4.6.2",
    "5.3",
]


def test_easter_and_holidays() -> None:
    assert clock.easter_sunday(2024) == datetime.date(2024, 3, 31)
    assert clock.easter_sunday(2027) == datetime.date(2027, 3, 28)
    assert not clock.is_working_day(datetime.date(2027, 5, 17))
    assert not clock.is_working_day(datetime.date(2026, 12, 23))
    assert not clock.is_working_day(datetime.date(2027, 3, 25))  # Maundy Thursday
    assert clock.is_working_day(datetime.date(2027, 3, 31))


@pytest.mark.parametrize("when", ["2027-12-18", "2028-03-26"])
def test_days_are_working_days_on_the_right_side_of_today(when: str) -> None:
    with time_machine.travel(datetime.datetime.fromisoformat(when + "T10:00+01:00"), tick=False):
        today = clock.today()
        for offset in range(-60, 61):
            day = clock.day(offset)
            assert clock.is_working_day(day)
            assert day < today if offset <= 0 else day > today
        latest = clock.yearly(11, 3, 3)
        assert latest.weekday() == 3 and latest.month == 11
        assert latest <= today - datetime.timedelta(days=7)


def _snapshot() -> dict[str, object]:
    sem = Cluster.objects.get(slug=SEM)
    out: dict[str, object] = {"region": sem.region}
    for code in ("mature-cluster", "esca-gold"):
        readiness = readiness_get(cluster=sem, framework=Framework.objects.get(code=code))
        out[code] = sorted(r.code for r in readiness.rows if r.meets)
        out[code + " missing"] = sorted(r.code for r in readiness.missing)
    upcoming = Event.objects.filter(cluster=sem, starts_at__gt=clock.at(0, 23))
    out["upcoming on working days"] = all(
        clock.is_working_day(e.starts_at.astimezone(OSLO).date()) for e in upcoming
    )
    return out


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_allowed")
@pytest.mark.parametrize("when", ["2027-02-15T09:00+01:00", "2029-10-22T09:00+02:00"])
def test_flagship_readiness_is_the_same_on_any_day(when: str) -> None:
    with time_machine.travel(datetime.datetime.fromisoformat(when), tick=False):
        call_command("demo", verbosity=0)
        seen = _snapshot()
    assert seen["mature-cluster missing"] == [], seen
    assert seen["mature-cluster"] == ["C", "G"]
    assert "4.3" in seen["esca-gold"], seen  # activities: enough events in the last 12 months
    assert seen["upcoming on working days"] is True
    assert seen["region"] == "Østfold"
    assert seen["esca-gold"] == EXPECTED_GOLD, (seen["esca-gold"], seen["esca-gold missing"])
