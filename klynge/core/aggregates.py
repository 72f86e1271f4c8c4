"""Aggregates for both databases that do not grow with history: text joined from many rows, and
counts of related rows, each a correlated subquery evaluated only for the rows a page returns; and
figures over whole querysets as scalar subqueries, so a page reads many figures in one query."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Aggregate,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce


class TextAgg(Aggregate):
    """The group's values as text joined by `separator`: PostgreSQL ``STRING_AGG`` (ordered by
    value), SQLite ``GROUP_CONCAT`` (in the order the rows are read)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression: Any, separator: str = ", ", **extra: Any) -> None:
        super().__init__(Cast(expression, output_field=TextField()), Value(separator), **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        value, separator = self.get_source_expressions()[:2]
        value_sql, value_params = compiler.compile(value)
        separator_sql, separator_params = compiler.compile(separator)
        sql = f"STRING_AGG({value_sql}, {separator_sql} ORDER BY {value_sql})"
        return sql, [*value_params, *separator_params, *value_params]


def joined_text(rows: QuerySet[Any], group: str, value: Any, separator: str = ", ") -> Subquery:
    """For each outer row: the `value` of every row of `rows` (already tied to the outer row with
    ``OuterRef``; all sharing the column `group`), joined by `separator` - one correlated
    subquery, None when there are none."""
    grouped = rows.order_by().values(group).annotate(joined=TextAgg(value, separator))
    return Subquery(grouped.values("joined")[:1], output_field=CharField())


def count_of(related: QuerySet[Any], link: str) -> Coalesce:
    """How many `related` rows point at the outer row through `link` (e.g. ``"event"``).

    A correlated subquery, so the database counts only for the rows it returns (a page), on the
    related table's index, instead of grouping every row of a join with the whole history.
    """
    rows = related.filter(**{link: OuterRef("pk")}).order_by().values(link)
    counted = rows.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class _CountRows(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) _rows)"
    output_field = IntegerField()


def count_rows(rows: QuerySet[Any]) -> Subquery:
    """How many rows `rows` returns, counted as `rows.count()` counts them (distinct and grouped
    rows too), as a scalar subquery: a page reads several such figures in one query."""
    return _CountRows(rows.order_by())


def aggregate_rows(rows: QuerySet[Any], aggregate: Aggregate) -> Subquery:
    """One aggregate over all of `rows` (no outer row), as a scalar subquery; None over no rows
    for a sum, as `rows.aggregate()` gives."""
    # A constant is left out of GROUP BY: the subquery is one aggregate over every row.
    whole = rows.order_by().annotate(_whole=Value(1)).values("_whole")
    return Subquery(whole.annotate(figure=aggregate).values("figure"))


def row_counts(**querysets: QuerySet[Any]) -> dict[str, int]:
    """`count_rows` of each queryset (all on one database) where there is no row to annotate them
    on: one ``SELECT (count 1), (count 2), ...`` instead of one ``COUNT`` query per queryset."""
    from django.db import connections

    if not querysets:
        return {}
    using = next(iter(querysets.values())).db
    parts, params = [], []
    for queryset in querysets.values():
        part_sql, part_params = queryset.query.get_compiler(using).compile(count_rows(queryset))
        parts.append(part_sql)
        params.extend(part_params)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(n) for name, n in zip(querysets, row, strict=True)}
