"""The quota holds under concurrency: ten parallel submissions against a quota of 2 give exactly 2.

Each submission runs in its own thread with its own database connection, released together by a
barrier. A slow-down right after counting widens the race window; the PostgreSQL control runs the
same code with the row lock switched off (`capacity.LOCKING = False`) and must oversell, which
proves the real test can fail. On SQLite the IMMEDIATE transactions serialise the writers.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import connection

from klynge.core import capacity
from klynge.core.errors import ConflictError
from klynge.programme.models import Application
from klynge.programme.services.applications import application_submit, application_withdraw
from klynge.projects.models import Project
from tests.concurrency import run_parallel
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.programme import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db(transaction=True)

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks only exist on PostgreSQL"
)
needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="tests SQLite's IMMEDIATE transactions"
)


@pytest.fixture
def slow_count(monkeypatch: pytest.MonkeyPatch) -> None:
    original = capacity.free_places

    def slow(pool: capacity.Pool, cap: int | None) -> int | None:
        places = original(pool, cap)
        time.sleep(0.05)
        return places

    monkeypatch.setattr(capacity, "free_places", slow)


def ten_drafts() -> tuple[Any, list[Application]]:
    cluster = ClusterFactory()
    manager = UserFactory()
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    call = CallFactory(quota_per_cluster=2)
    drafts = [ApplicationFactory(call=call, cluster=cluster) for _ in range(10)]
    return manager, drafts


def submit_all(manager: Any, drafts: list[Application]) -> tuple[list[Any], list[BaseException]]:
    def submit(application: Application) -> str:
        return application_submit(actor=manager, application=application).target

    return run_parallel(submit, drafts)


def counted(drafts: list[Application]) -> int:
    return Application.objects.filter(pk__in=[d.pk for d in drafts], status="submitted").count()


def check_exactly_two(
    drafts: list[Application], results: list[Any], errors: list[BaseException]
) -> None:
    assert results == ["submitted", "submitted"]
    assert len(errors) == 8
    assert all(isinstance(e, ConflictError) and e.code == "quota_full" for e in errors), errors
    assert counted(drafts) == 2
    applied = Project.objects.filter(pk__in=[d.project_id for d in drafts], status="applied")
    assert applied.count() == 2  # only the winners' projects moved on


@needs_postgres
@pytest.mark.usefixtures("slow_count")
def test_postgres_ten_parallel_submissions_against_quota_two_give_exactly_two() -> None:
    assert capacity.LOCKING is True
    for _round in range(3):
        manager, drafts = ten_drafts()
        results, errors = submit_all(manager, drafts)
        check_exactly_two(drafts, results, errors)


@needs_postgres
@pytest.mark.usefixtures("slow_count")
def test_postgres_control_without_the_lock_oversells(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(capacity, "LOCKING", False)
    per_round = []
    for _round in range(5):
        manager, drafts = ten_drafts()
        _results, errors = submit_all(manager, drafts)
        assert all(isinstance(e, ConflictError) for e in errors), errors
        per_round.append(counted(drafts))
        if per_round[-1] > 2:
            break
    assert max(per_round) > 2, per_round


@needs_sqlite
def test_sqlite_ten_parallel_submissions_against_quota_two_give_exactly_two() -> None:
    for _round in range(2):
        manager, drafts = ten_drafts()
        results, errors = submit_all(manager, drafts)
        check_exactly_two(drafts, results, errors)


def test_a_withdrawn_application_frees_its_place_under_concurrency() -> None:
    manager, drafts = ten_drafts()
    results, _errors = submit_all(manager, drafts)
    assert len(results) == 2
    winner = Application.objects.filter(pk__in=[d.pk for d in drafts], status="submitted").first()
    application_withdraw(actor=manager, application=winner)
    assert Project.objects.get(pk=winner.project_id).status == "planned"
    rest = list(Application.objects.filter(pk__in=[d.pk for d in drafts], status="draft"))
    results, errors = submit_all(manager, rest)
    assert results == ["submitted"] and len(errors) == len(rest) - 1
    assert counted(drafts) == 2
