"""Fast bulk inserts of plain rows: COPY on PostgreSQL, one `executemany` per chunk on SQLite.

For loads the ORM is too slow for (generated scale data, the Brønnøysund register): the caller
gives a model, the attribute names of the columns it fills (``"cluster_id"``, not ``"cluster"``)
and an iterable of tuples of Python values. Every other concrete column gets its default, computed
once (``auto_now``/``auto_now_add`` columns get the time of the call); generated columns are left to
the database. Values are adapted per column type only where the backend needs it (dates, times,
decimals and JSON on SQLite; JSON on PostgreSQL), so rows stream without building model objects.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any, cast

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models
from django.db.models import NOT_PROVIDED
from django.utils import timezone

CHUNK = 5000
_NEEDS_DEFAULT = object()


class MissingColumnError(ValueError):
    """A NOT NULL column without a default was not given."""


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_ ")


def _json(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if type(value) is list and all(type(v) is str and _PLAIN.issuperset(v) for v in value):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"  # what json.dumps writes, quicker
    return json.dumps(value, cls=DjangoJSONEncoder)


def column_default(field: models.Field[Any, Any], now: Any) -> Any:
    """The value a column not given by the caller gets in every row."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.default is not NOT_PROVIDED:
        return field.get_default()
    if field.null:
        return None
    if field.empty_strings_allowed and field.blank:
        return ""
    raise MissingColumnError(f"{field.model.__name__}.{field.attname} needs a value.")


def _column(field: models.Field[Any, Any]) -> str:
    """The column name of a concrete field (a field is concrete because it has a column)."""
    return cast(str, field.column)


def _sqlite_date(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _sqlite_datetime(value: Any) -> Any:
    """As Django stores it on SQLite: naive UTC (USE_TZ), "YYYY-MM-DD HH:MM:SS[.ffffff]"."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.isoformat(" ")


def _adapter(
    field: models.Field[Any, Any], vendor: str, connection: Any
) -> Callable[[Any], Any] | None:
    """A per-value conversion for the column, or None when the driver takes the value as it is."""
    internal = field.get_internal_type()
    if internal == "JSONField":
        return _json
    if vendor != "sqlite":
        return None
    if internal == "DateField":
        return _sqlite_date
    if internal == "DateTimeField" and settings.USE_TZ:
        return _sqlite_datetime
    if internal in ("DateTimeField", "TimeField", "DecimalField"):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
    chunk_size: int = CHUNK,
    constants: dict[str, Any] | None = None,
) -> int:
    """Insert `rows` (tuples in the order of `columns`) into the model's table; returns the count.

    `constants` gives columns the same value in every row (adapted once, not per row).

    Runs in the caller's transaction. Ids given explicitly need `reset_sequences` afterwards on
    PostgreSQL. `rows` may be a generator, but it must not query the database: on PostgreSQL the
    connection is busy with the COPY while it is consumed.
    """
    connection = connections[using]
    vendor = connection.vendor
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    given = [by_attname[name] for name in columns]
    now = timezone.now()
    constants = constants or {}
    rest = [
        f
        for f in meta.concrete_fields
        if f.attname not in columns and not f.generated and not (f.primary_key and f.auto_created)
    ]
    fields = given + rest
    adapters = [_adapter(f, vendor, connection) for f in fields]
    tail = tuple(
        constants[f.attname] if f.attname in constants else column_default(f, now) for f in rest
    )
    if any(adapters[len(given) :]):
        tail = tuple(
            adapt(value) if adapt else value
            for adapt, value in zip(adapters[len(given) :], tail, strict=True)
        )
    converters = [(i, adapt) for i, adapt in enumerate(adapters[: len(given)]) if adapt]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(_column(f)) for f in fields)

    def prepared(row: Sequence[Any]) -> tuple[Any, ...]:
        if converters:
            row = list(row)
            for index, adapt in converters:
                row[index] = adapt(row[index])
        return (*row, *tail)

    count = 0
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        iterator = iter(rows)
        while chunk := [prepared(row) for row in islice(iterator, chunk_size)]:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def reset_sequences(*model_list: type[models.Model], using: str = "default") -> None:
    """Move PostgreSQL's id sequences past ids inserted explicitly (a no-op elsewhere)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def next_id(model: type[models.Model], using: str = "default") -> int:
    """The first free id above every row of the model's table."""
    latest = model._default_manager.using(using).aggregate(top=models.Max("pk"))["top"]
    return (latest or 0) + 1
