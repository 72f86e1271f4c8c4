from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from klynge.core.audit import log_action
from klynge.core.exports import csv_response, xlsx_response
from klynge.core.permissions import require
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterFactory


def _csv_cells(value: Any) -> list[str]:
    response = csv_response("x", ["name"], [[value]])
    return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig").splitlines()[1])))


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("evil")', "%x"])
def test_a_csv_export_quotes_formulas(value: str) -> None:
    assert _csv_cells(value) == ["'" + value]


@pytest.mark.parametrize(
    ("value", "written"),
    [("Equinor", "Equinor"), ("", ""), (42, "42"), (None, ""), ("a=b", "a=b"), ("-12.5", "-12.5")],
)
def test_a_csv_export_keeps_ordinary_cells(value: Any, written: str) -> None:
    assert _csv_cells(value) == [written]


def test_an_xlsx_export_writes_formulas_as_text_and_keeps_types() -> None:
    from openpyxl import load_workbook

    rows = [["=1+1", "+SUM(A1)", 7, None]]
    book = load_workbook(io.BytesIO(xlsx_response("x", ["=n", "m", "k", "l"], rows).content))
    cells = [(cell.value, cell.data_type) for cell in book.active[2]]
    assert cells == [("=1+1", "s"), ("+SUM(A1)", "s"), (7, "n"), (None, "n")]
    assert (book.active["A1"].value, book.active["A1"].data_type) == ("=n", "s")


@pytest.mark.django_db
def test_log_action_records_target_cluster_and_data() -> None:
    user = UserFactory(email="a@example.org")
    cluster = ClusterFactory()
    entry = log_action(
        actor=user,
        action="klynge.clusters.cluster.updated",
        target=cluster,
        data={"when": __import__("datetime").date(2020, 11, 20)},
    )
    assert entry.actor_label == "a@example.org"
    assert entry.target_repr == str(cluster)
    assert entry.target_id == str(cluster.pk)
    assert entry.data == {"when": "2020-11-20"}


@pytest.mark.django_db
def test_log_action_rejects_badly_named_actions() -> None:
    with pytest.raises(ValueError, match="klynge"):
        log_action(actor=None, action="cluster updated")


def test_require_raises_permission_denied() -> None:
    def can_never(user: Any, obj: Any) -> bool:
        return False

    with pytest.raises(PermissionDenied):
        require(can_never, None)
    require(lambda user, obj: True, None)


def test_require_any_keeps_the_allowed_objects_and_refuses_when_none() -> None:
    from django.core.exceptions import PermissionDenied

    from klynge.core.permissions import require_any

    def can_take_even(user: object, number: int) -> bool:
        return number % 2 == 0

    assert require_any(can_take_even, None, [1, 2, 3, 4]) == [2, 4]
    with pytest.raises(PermissionDenied, match="can_take_even"):
        require_any(can_take_even, None, [1, 3])
