"""Small related lists read with their parent row: a page that shows one object with several short
lists (a project's clusters, topics, objectives, milestones ...) reads each list as a JSON column
of the parent's query instead of one prefetch query per list.

`json_rows(rows)` is the column: every row of `rows` (tied to the parent with ``OuterRef``), in the
queryset's order, as a JSON array of objects of the model's concrete fields - one correlated
subquery, the same SQL shape on SQLite and PostgreSQL. `remember_rows(parent, name, model, rows)`
turns the array back into model instances and stores them as the parent's prefetched `name`, so
templates, predicates and serialisers that read ``parent.<name>.all()`` run no query.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Func, JSONField, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


class _AsJSON(Func):
    """A JSON column as JSON inside an object (SQLite stores it as text, PostgreSQL as jsonb)."""

    function = "JSON"

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **kwargs: Any) -> Any:
        if connection.vendor == "sqlite":
            return super().as_sql(compiler, connection, *args, **kwargs)
        return compiler.compile(self.get_source_expressions()[0])


def _column(field: models.Field[Any, Any]) -> Any:
    return _AsJSON(F(field.attname)) if isinstance(field, JSONField) else F(field.attname)


class JSONRows(Subquery):
    """The rows of a queryset as one JSON array, in the queryset's order (see the module)."""

    output_field = JSONField()

    def __init__(self, rows: QuerySet[Any]) -> None:
        self.ordering: Sequence[Any] = rows.query.order_by or rows.model._meta.ordering
        columns = {field.attname: _column(field) for field in _fields(rows.model)}
        super().__init__(rows.annotate(json_row=JSONObject(**columns)).values("json_row"))

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        resolved = super().resolve_expression(*args, **kwargs)
        # Django drops the ordering of an unsliced subquery; the array keeps it.
        resolved.query.add_ordering(*self.ordering)
        return resolved

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **kwargs: Any) -> Any:
        aggregate = (
            "JSONB_AGG(json_rows.json_row)"
            if connection.vendor == "postgresql"
            else "JSON_GROUP_ARRAY(JSON(json_rows.json_row))"
        )
        # An aggregate over a sorted subquery takes the rows in its order (both databases).
        template = f"(SELECT COALESCE({aggregate}, '[]') FROM (%(subquery)s) json_rows)"
        return super().as_sql(compiler, connection, template, *args, **kwargs)


def json_rows(rows: QuerySet[Any]) -> JSONRows:
    return JSONRows(rows)


def _value(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-(field.decimal_places or 0)))
    value = field.to_python(value)
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)  # SQLite stores UTC without an offset
    return value


def instances(model: type[models.Model], rows: list[dict[str, Any]] | None) -> list[Any]:
    """Model instances from the objects of a `json_rows` column (as if read from the database)."""
    fields = _fields(model)
    names = [field.attname for field in fields]
    return [
        model.from_db("default", names, [_value(field, row[field.attname]) for field in fields])
        for row in rows or []
    ]


def remember_rows(parent: models.Model, name: str, objects: list[Any]) -> None:
    """Store `objects` as `parent`'s prefetched related `name` (as `prefetch_related` does)."""
    queryset = getattr(parent, name).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    cache: dict[str, Any] = parent.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = queryset
