"""The budget summary: public share and the (warning-only) 50 % state-aid limit."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from klynge.projects.budget import budget_summary, share


def source(kind: str, amount: int) -> Any:
    return SimpleNamespace(name=f"{kind}-{amount}", kind=kind, amount=amount)


def test_public_share_and_warning_above_half() -> None:
    summary = budget_summary(
        total_eligible_cost=1000,
        private_cash=300,
        in_kind=100,
        sources=[source("public", 400), source("public", 200), source("private", 50)],
    )
    assert summary.public_funding == 600
    assert summary.private_funding == 50
    assert summary.public_share == 0.6
    assert summary.over_public_limit
    assert summary.private_total == 450
    assert summary.gap == -50


def test_exactly_half_is_within_the_limit() -> None:
    summary = budget_summary(
        total_eligible_cost=1000, private_cash=500, in_kind=0, sources=[source("public", 500)]
    )
    assert summary.public_share == 0.5
    assert not summary.over_public_limit
    assert summary.gap == 0


def test_no_eligible_cost_means_no_share() -> None:
    summary = budget_summary(
        total_eligible_cost=None, private_cash=0, in_kind=0, sources=[source("public", 5)]
    )
    assert summary.public_share is None
    assert not summary.over_public_limit
    assert summary.gap is None
    assert share(1, 0) is None


def test_limit_is_a_setting(settings: Any) -> None:
    settings.KLYNGE_MAX_PUBLIC_SHARE = 0.4
    summary = budget_summary(
        total_eligible_cost=100, private_cash=55, in_kind=0, sources=[source("public", 45)]
    )
    assert summary.max_public_share == 0.4
    assert summary.over_public_limit


@pytest.mark.parametrize(
    ("partners", "differs"),
    [
        ([], False),
        ([SimpleNamespace(cash=100, in_kind_value=50)], False),
        ([SimpleNamespace(cash=90, in_kind_value=50)], True),
    ],
)
def test_partner_contributions_compared_with_budget(partners: list, differs: bool) -> None:
    summary = budget_summary(
        total_eligible_cost=300, private_cash=100, in_kind=50, sources=[], partners=partners
    )
    assert summary.partners_differ is differs
