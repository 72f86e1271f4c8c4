"""The no-overlap rule holds when two people add the same organisation at the same moment."""

from __future__ import annotations

import datetime
import threading
import time
from typing import Any

import pytest
from django.db import connection, connections

from klynge.core.errors import ConflictError
from klynge.members.models import Membership
from klynge.members.services import memberships as service
from tests.factories.members import OrganisationFactory

D = datetime.date


def _start_twice(cast: Any, organisation: Any) -> list[str]:
    """Two threads record overlapping past periods (no open row, so no database constraint)."""
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def worker(joined_on: datetime.date) -> None:
        try:
            barrier.wait()
            service.membership_start(
                actor=cast.staff_a,
                cluster=cast.cluster_a,
                organisation=organisation,
                category="member",
                joined_on=joined_on,
                left_on=D(2020, 1, 1),
            )
            outcomes.append("started")
        except ConflictError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(d,)) for d in (D(2015, 1, 1), D(2016, 1, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def _slow_check(monkeypatch: Any) -> None:
    """Widen the gap between reading the periods and writing the new one."""
    check = service._check_period

    def slow(*args: Any, **kwargs: Any) -> None:
        time.sleep(0.3)
        check(*args, **kwargs)

    monkeypatch.setattr(service, "_check_period", slow)


@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_starts_admit_one(cast: Any, monkeypatch: Any) -> None:
    organisation = OrganisationFactory()
    _slow_check(monkeypatch)
    assert _start_twice(cast, organisation) == ["refused", "started"]
    assert Membership.objects.filter(organisation=organisation).count() == 1


@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_both_get_in(cast: Any, monkeypatch: Any) -> None:
    """Shows the test above can fail: with the locks removed, both overlapping periods are saved."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's IMMEDIATE transactions serialise writers even without row locks")
    organisation = OrganisationFactory()
    _slow_check(monkeypatch)

    def unlocked(cluster_id: int, organisation_id: int) -> list[Membership]:
        return list(
            Membership.objects.filter(cluster_id=cluster_id, organisation_id=organisation_id)
        )

    monkeypatch.setattr(service, "_lock_periods", unlocked)
    assert _start_twice(cast, organisation) == ["started", "started"]
