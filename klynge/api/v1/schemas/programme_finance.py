"""Schemas of the cluster organisation's income by year (separate In/Out)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from klynge.programme.services.finance import MAX_AMOUNT

from .types import WHOLE, Schema

Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT), WHOLE]


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
