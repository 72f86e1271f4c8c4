"""Schemas of the composition endpoint (read-only: there is no input body)."""

from __future__ import annotations

from datetime import date

from .types import Schema


class BucketOut(Schema):
    key: str
    label: str
    count: int


class YearOut(Schema):
    year: int
    joined: int
    left: int
    members_at_start: int
    retained: int
    members_at_end: int
    retention_rate: float | None
    partial: bool


class EligibilityOut(Schema):
    passed: bool
    committed_members: int
    member_types: int
    min_members: int
    min_types: int
    missing_members: int
    missing_types: int
    type_keys: list[str]
    missing: list[str]


class CompositionOut(Schema):
    cluster: str
    as_of: date
    total: int
    by_category: list[BucketOut]
    by_kind: list[BucketOut]
    by_member_type: list[BucketOut]
    by_sme: list[BucketOut]
    by_size_class: list[BucketOut]
    by_nace_section: list[BucketOut]
    by_county: list[BucketOut]
    by_origin: list[BucketOut]
    foreign_countries: list[BucketOut]
    years: list[YearOut]
    last_full_year: YearOut | None
    eligibility: EligibilityOut
