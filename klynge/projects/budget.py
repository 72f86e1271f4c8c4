"""A project's budget in figures: who pays what, and the public share against the state-aid limit.

Public funding may be at most 50 % of eligible costs (GBER art. 27, DOMAIN.md). Above the limit the
page warns; it does not block, because the cluster may still be negotiating the budget. The limit
is the setting `KLYNGE_MAX_PUBLIC_SHARE` (0.5 when not set).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings


def max_public_share() -> float:
    return float(settings.KLYNGE_MAX_PUBLIC_SHARE)


def share(part: int, whole: int | None) -> float | None:
    """part / whole, or None when there is no whole to divide by."""
    if not whole:
        return None
    return part / whole


@dataclass(frozen=True)
class FundingLine:
    name: str
    kind: str
    amount: int


@dataclass(frozen=True)
class BudgetSummary:
    total_eligible_cost: int | None
    private_cash: int
    in_kind: int
    public_funding: int
    private_funding: int
    lines: tuple[FundingLine, ...]
    partner_cash: int
    partner_in_kind: int
    max_public_share: float

    @property
    def public_share(self) -> float | None:
        return share(self.public_funding, self.total_eligible_cost)

    @property
    def public_share_percent(self) -> float | None:
        value = self.public_share
        return None if value is None else round(value * 100, 1)

    @property
    def max_public_share_percent(self) -> float:
        return round(self.max_public_share * 100, 1)

    @property
    def over_public_limit(self) -> bool:
        value = self.public_share
        return value is not None and value > self.max_public_share

    @property
    def private_total(self) -> int:
        """Everything not from public sources: private cash, in-kind and private sources."""
        return self.private_cash + self.in_kind + self.private_funding

    @property
    def funded(self) -> int:
        return self.private_total + self.public_funding

    @property
    def gap(self) -> int | None:
        """Eligible cost not yet covered (negative: more money than cost)."""
        if self.total_eligible_cost is None:
            return None
        return self.total_eligible_cost - self.funded

    @property
    def gap_abs(self) -> int:
        return abs(self.gap or 0)

    @property
    def partners_differ(self) -> bool:
        """The partners' contributions do not add up to the project's private cash and in-kind."""
        has_partner_figures = self.partner_cash or self.partner_in_kind
        return bool(has_partner_figures) and (
            self.partner_cash != self.private_cash or self.partner_in_kind != self.in_kind
        )

    @property
    def mix(self) -> list[tuple[str, int]]:
        """(kind of money, amount) for the funding-mix chart, in a fixed order."""
        return [
            ("private_cash", self.private_cash),
            ("in_kind", self.in_kind),
            ("private_sources", self.private_funding),
            ("public", self.public_funding),
        ]


def budget_summary(
    *,
    total_eligible_cost: int | None,
    private_cash: int,
    in_kind: int,
    sources: Iterable[Any],
    partners: Iterable[Any] = (),
) -> BudgetSummary:
    lines = tuple(FundingLine(s.name, s.kind, s.amount) for s in sources)
    partners = list(partners)
    return BudgetSummary(
        total_eligible_cost=total_eligible_cost,
        private_cash=private_cash,
        in_kind=in_kind,
        public_funding=sum(line.amount for line in lines if line.kind == "public"),
        private_funding=sum(line.amount for line in lines if line.kind == "private"),
        lines=lines,
        partner_cash=sum(p.cash for p in partners),
        partner_in_kind=sum(p.in_kind_value for p in partners),
        max_public_share=max_public_share(),
    )


def project_budget(project: Any) -> BudgetSummary:
    """The summary of a project (uses prefetched funding sources and partners when present)."""
    return budget_summary(
        total_eligible_cost=project.total_eligible_cost,
        private_cash=project.private_cash,
        in_kind=project.in_kind,
        sources=project.funding_sources.all(),
        partners=project.partners.all(),
    )
