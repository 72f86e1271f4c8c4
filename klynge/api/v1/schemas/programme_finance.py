"""Schemas of the cluster organisation's income by year (separate In/Out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from klynge.programme.services.finance import MAX_AMOUNT

from .types import Schema, whole_number

if TYPE_CHECKING:
    Amount = int
else:
    Amount = whole_number(ge=0, le=MAX_AMOUNT)


class ClusterFinanceOut(Schema):
    year: int
    membership_fees: int
    services: int
    other_private: int
    public_programme: int
    other_public: int
    private_total: int
    public_total: int
    total: int
    private_share: float | None
    note: str


class ClusterFinanceIn(Schema):
    membership_fees: Amount = 0
    services: Amount = 0
    other_private: Amount = 0
    public_programme: Amount = 0
    other_public: Amount = 0
    note: str = ""
