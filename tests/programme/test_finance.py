"""The cluster organisation's income by year: service, permissions, page and API."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine

from klynge.core.errors import DomainError
from klynge.core.models import AuditEntry
from klynge.programme import permissions as p
from klynge.programme.models import ClusterFinance
from klynge.programme.services.finance import cluster_finance_set
from tests.http import client_for

NOW = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
AMOUNTS = {
    "membership_fees": 3_000_000,
    "services": 1_000_000,
    "other_private": 0,
    "public_programme": 2_000_000,
    "other_public": 0,
}


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize(
    ("role", "view", "edit"),
    [
        ("anonymous", False, False),
        ("staff_a", True, False),
        ("manager_a", True, True),
        ("staff_b", False, False),
        ("officer", True, False),
        ("superuser", True, True),
    ],
)
def test_who_sees_and_records_the_income(cast: Any, role: str, view: bool, edit: bool) -> None:
    user = getattr(cast, role)
    assert p.can_view_cluster_finance(user, cast.cluster_a) is view
    assert p.can_edit_cluster_finance(user, cast.cluster_a) is edit


def test_a_year_is_recorded_replaced_and_audited(cast: Any) -> None:
    first = cluster_finance_set(
        actor=cast.manager_a, cluster=cast.cluster_a, year=2025, amounts=AMOUNTS
    )
    assert (first.private_total, first.public_total, first.private_share) == (
        4_000_000,
        2_000_000,
        pytest.approx(2 / 3),
    )
    again = cluster_finance_set(
        actor=cast.manager_a, cluster=cast.cluster_a, year=2025, amounts={"services": 5}, note=" x "
    )
    assert again.pk == first.pk and again.membership_fees == 0 and again.note == "x"
    assert ClusterFinance.objects.count() == 1
    assert AuditEntry.objects.filter(action="klynge.programme.finance.recorded").count() == 2


@pytest.mark.parametrize(
    ("year", "amounts", "field"),
    [
        (2027, {}, "year"),  # the future
        (1999, {}, "year"),
        (2025, {"services": -1}, "services"),
        (2025, {"services": 1.5}, "services"),
        (2025, {"services": True}, "services"),
        (2025, {"other_public": 10**13}, "other_public"),
    ],
)
def test_bad_input_is_refused(cast: Any, year: int, amounts: dict, field: str) -> None:
    with pytest.raises(DomainError) as caught:
        cluster_finance_set(
            actor=cast.manager_a, cluster=cast.cluster_a, year=year, amounts=amounts
        )
    assert caught.value.field == field


def test_the_page_lists_years_and_the_manager_records_one(cast: Any) -> None:
    cluster_finance_set(actor=cast.manager_a, cluster=cast.cluster_a, year=2024, amounts=AMOUNTS)
    url = f"/programme/clusters/{cast.cluster_a.slug}/finance/"
    staff = client_for(cast.staff_a).get(url)
    assert staff.status_code == 200 and b"finance-table" in staff.content
    assert b'name="membership_fees"' not in staff.content  # staff read, the manager records
    assert client_for(cast.staff_a).post(url, {"year": 2025}).status_code == 403
    assert client_for(cast.staff_b).get(url).status_code == 403
    manager = client_for(cast.manager_a)
    form = {"year": 2025, **AMOUNTS, "services": 7, "note": ""}
    assert manager.post(url, form).status_code == 302
    assert ClusterFinance.objects.get(year=2025).services == 7
    refused = manager.post(url, {**form, "services": -3})
    assert refused.status_code == 200 and ClusterFinance.objects.get(year=2025).services == 7
    cast.manager_a.language = "nb"
    cast.manager_a.save(update_fields=["language"])
    norwegian = manager.get(url)
    assert "Klyngeøkonomi" in norwegian.content.decode()


def test_the_api_lists_and_puts_a_year(cast: Any) -> None:
    base = f"/api/v1/programme/clusters/{cast.cluster_a.slug}/finances"
    manager = client_for(cast.manager_a)
    put = manager.put(f"{base}/2025", json.dumps(AMOUNTS), content_type="application/json")
    assert put.status_code == 200 and put.json()["private_share"] == pytest.approx(2 / 3)
    listed = client_for(cast.officer).get(base)
    assert listed.status_code == 200 and [r["year"] for r in listed.json()["items"]] == [2025]
    assert (
        client_for(cast.staff_a)
        .put(f"{base}/2025", "{}", content_type="application/json")
        .status_code
        == 403
    )
    assert client_for(cast.staff_b).get(base).status_code == 403
    bad = manager.put(f"{base}/2025", json.dumps({"services": -1}), content_type="application/json")
    assert bad.status_code == 422
    future = manager.put(f"{base}/2099", "{}", content_type="application/json")
    assert future.status_code == 400
    assert manager.put(f"{base}/3000", "{}", content_type="application/json").status_code == 400
