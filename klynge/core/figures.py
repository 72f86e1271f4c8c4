"""Figures with their sources: a number a page shows is counted from rows a reader can open.

A `FigureSource` says how one figure is counted: `rows(scope)` gives the queryset of rows it is
counted from, and `measure` turns those rows into the value (the number of rows, the number of
distinct values of a column, or the sum of a column). Because the value and the rows list come from
the same queryset, the two cannot drift apart: the rows page of a figure shows exactly what was
counted. `describe(row)` names a row for that page as ``(text, url)``.

A `Figure` is the result: the value, the key of its source (a page links it to its rows) and, when
a person corrected it, the corrected value beside the computed one.

Higher apps declare their sources (the annual report: `klynge.programme.report_definition`) and
register them under a name with `klynge.core.extensions.register_figures`; this module imports
nothing from the apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Aggregate, Count, QuerySet, Subquery, Sum

from .aggregates import aggregate_rows

COUNT = "count"
DISTINCT = "distinct"
SUM = "sum"


def _describe_default(row: Any) -> tuple[str, str]:
    url = row.get_absolute_url() if hasattr(row, "get_absolute_url") else ""
    return str(row), url


@dataclass(frozen=True)
class FigureSource:
    """How one figure is counted from rows. `measure` is COUNT, DISTINCT or SUM over `column`."""

    key: str
    section: str
    label: Any
    rows: Callable[[Any], QuerySet[Any]]
    measure: str = COUNT
    column: str = ""
    describe: Callable[[Any], tuple[str, str]] = _describe_default
    help: Any = ""

    def __post_init__(self) -> None:
        if self.measure not in (COUNT, DISTINCT, SUM):
            raise ValueError(f"unknown measure {self.measure!r} for figure {self.key}")
        if self.measure != COUNT and not self.column:
            raise ValueError(f"figure {self.key} needs a column to {self.measure}")

    def aggregate(self) -> Aggregate:
        """The measure over the rows, as one aggregate."""
        if self.measure == COUNT:
            return Count("*")
        if self.measure == DISTINCT:
            return Count(self.column, distinct=True)
        return Sum(self.column)

    def value(self, scope: Any) -> int | float:
        return self.plain(self.rows(scope).aggregate(figure=self.aggregate())["figure"])

    def expression(self, scope: Any) -> Subquery:
        """The same figure as a scalar subquery, so a page reads several figures in one query;
        `plain()` turns what it reads into the value `value()` gives."""
        return aggregate_rows(self.rows(scope), self.aggregate())

    @staticmethod
    def plain(total: Any) -> int | float:
        total = total or 0
        return float(total) if isinstance(total, Decimal) else total


@dataclass(frozen=True)
class Figure:
    """A figure as shown: computed value, optional correction, and where it came from."""

    key: str
    section: str
    label: Any
    computed: int | float | None
    corrected: int | float | None = None
    reason: str = ""
    help: Any = ""

    @property
    def value(self) -> int | float | None:
        return self.corrected if self.corrected is not None else self.computed

    @property
    def is_corrected(self) -> bool:
        return self.corrected is not None


def compute(sources: list[FigureSource], scope: Any) -> dict[str, int | float]:
    """Every figure's value by key (one aggregate query per figure)."""
    return {source.key: source.value(scope) for source in sources}


def source_of(sources: list[FigureSource], key: str) -> FigureSource | None:
    return next((s for s in sources if s.key == key), None)
