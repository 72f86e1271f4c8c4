"""Schemas of the cluster dashboard API."""

from __future__ import annotations

from ninja import Field

from .types import Schema


class YearValueOut(Schema):
    year: int
    value: float | None


class TileOut(Schema):
    key: str
    label: str
    unit: str = Field(description="count, percent (a share from 0 to 1), ratio, nok or score")
    value: float | None
    previous: float | None = Field(description="The year before.")
    change: float | None
    trend: list[YearValueOut]


class DashboardOut(Schema):
    cluster: str
    year: int
    as_of: str
    tiles: list[TileOut]
