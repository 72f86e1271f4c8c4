"""Write register records to organisations in batches: one transaction, one lookup (plain tuples,
no model objects), one bulk insert (COPY on PostgreSQL) and one prepared UPDATE for the changed
rows per batch. Re-running a file is harmless and quick (unchanged rows are compared, not written),
so an interrupted run can simply be started again (or resumed with `skip`).

Register values overwrite Klynge's when the register has a value; an empty register value never
clears what Klynge has (a website or headcount entered by a person stays). `kind` is only guessed for
organisations new to Klynge and never changed afterwards. The flags (bankrupt, being dissolved,
deleted) always follow the register.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection, transaction

from klynge.core.bulk import insert_rows, update_rows
from klynge.members.models import Organisation

from ..figures import invalidate_member_figures
from .brreg import NACE_VERSION, guess_kind, map_record

# Fields the register fills when it has a value, and fields that always follow the register.
FILLED_FIELDS = (
    "name",
    "org_form",
    "nace_codes",
    "nace_primary",
    "employees",
    "municipality",
    "municipality_number",
    "county",
    "city",
    "website",
    "founded_on",
)
FLAG_FIELDS = ("is_bankrupt", "is_being_dissolved", "deleted_on")
UPDATE_FIELDS = (*FILLED_FIELDS, *FLAG_FIELDS, "nace_version", "register_updated_at", "updated_at")
LOAD_FIELDS = ("id", "org_number", "nace_version", *FILLED_FIELDS, *FLAG_FIELDS)


@dataclass
class BrregStats:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    not_in_klynge: int = 0
    skipped: int = 0
    invalid_samples: list[tuple[int, str, str]] = field(default_factory=list)
    max_samples: int = 20

    def add_invalid(self, index: int, record: Any, reason: str) -> None:
        self.invalid += 1
        if len(self.invalid_samples) < self.max_samples:
            number = record.get("organisasjonsnummer", "") if isinstance(record, dict) else ""
            self.invalid_samples.append((index, str(number)[:20], reason))

    def as_dict(self) -> dict[str, int]:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped_invalid": self.invalid,
            "skipped_not_in_klynge": self.not_in_klynge,
            "skipped_resume": self.skipped,
        }


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


# Positions in a row read with LOAD_FIELDS.
_ID, _NUMBER, _VERSION = 0, 1, 2
_FILLED = range(3, 3 + len(FILLED_FIELDS))
_FLAGS = range(3 + len(FILLED_FIELDS), len(LOAD_FIELDS))
CREATE_FIELDS = ("org_number", "kind", *FILLED_FIELDS, *FLAG_FIELDS)


def _load(numbers: list[str]) -> list[tuple[Any, ...]]:
    """LOAD_FIELDS of the organisations with these numbers (plain SQL: the ORM prepares each of
    thousands of parameters one by one; the values come back through the fields' converters)."""
    fields = [Organisation._meta.get_field(name) for name in LOAD_FIELDS]
    table = Organisation._meta.db_table
    quote = connection.ops.quote_name
    sql = "SELECT {} FROM {} WHERE {} IN ({})".format(
        ", ".join(quote(f.column) for f in fields),
        quote(Organisation._meta.db_table),
        quote("org_number"),
        ", ".join(["%s"] * len(numbers)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, numbers)
        rows = cursor.fetchall()
    converters = [
        (i, [*connection.ops.get_db_converters(f.get_col(table)), *f.get_db_converters(connection)])
        for i, f in enumerate(fields)
    ]
    converters = [(i, found) for i, found in converters if found]
    result = []
    for row in rows:
        values = list(row)
        for index, functions in converters:
            for function in functions:
                values[index] = function(values[index], fields[index].get_col(table), connection)
        result.append(tuple(values))
    return result


def updated_values(row: tuple[Any, ...], values: dict[str, Any]) -> list[Any] | None:
    """The UPDATE_FIELDS values of an organisation read as `row` once `values` (mapped from the
    register) are applied, or None when nothing changes. Register values overwrite Klynge's when
    the register has one; flags always follow the register."""
    new = list(row)
    for index, name in zip(_FILLED, FILLED_FIELDS, strict=True):
        value = values[name]
        if not _empty(value):
            new[index] = value
    for index, name in zip(_FLAGS, FLAG_FIELDS, strict=True):
        new[index] = values[name]
    if values["nace_codes"]:
        new[_VERSION] = NACE_VERSION
    if new == list(row):
        return None
    return [*new[3:], new[_VERSION]]


def created_values(values: dict[str, Any], now: datetime.datetime) -> tuple[Any, ...]:
    """A new organisation's CREATE_FIELDS values; `kind` is only guessed here, never later."""
    kind = guess_kind(values["org_form"], values["_sector"], values["employees"])
    return (
        values["org_number"],
        kind,
        *[values[name] for name in FILLED_FIELDS],
        *[values[name] for name in FLAG_FIELDS],
    )


BatchAudit = Callable[[dict[str, int]], None]


def write_batch(
    batch: list[dict[str, Any]],
    *,
    only_known: bool,
    now: datetime.datetime,
    stats: BrregStats,
    audit: BatchAudit | None = None,
    records: tuple[int, int] = (0, 0),
) -> None:
    """Create or update the organisations of one batch of mapped records, in one transaction.

    `audit` is called inside that transaction when the batch wrote anything, so every committed
    batch has its audit entry (`records` is the batch's first and last record number in the file).
    """
    latest = {values["org_number"]: values for values in batch}  # a repeated number: last wins
    stats.unchanged += len(batch) - len(latest)
    with transaction.atomic():
        existing = {row[_NUMBER]: row for row in _load(list(latest))}
        to_create: list[tuple[Any, ...]] = []
        to_update: list[list[Any]] = []
        for number, values in latest.items():
            row = existing.get(number)
            if row is None:
                if only_known:
                    stats.not_in_klynge += 1
                else:
                    to_create.append(created_values(values, now))
            elif (changed := updated_values(row, values)) is not None:
                to_update.append([row[_ID], *changed, now, now])
            else:
                stats.unchanged += 1
        if to_create or to_update:
            invalidate_member_figures()
        if to_create:
            constants = {"country": "NO", "nace_version": NACE_VERSION, "register_updated_at": now}
            insert_rows(Organisation, CREATE_FIELDS, to_create, constants=constants)
        update_rows(Organisation, UPDATE_FIELDS, to_update)
        if audit is not None and (to_create or to_update):
            audit(
                {
                    "first_record": records[0],
                    "last_record": records[1],
                    "created": len(to_create),
                    "updated": len(to_update),
                }
            )
    stats.created += len(to_create)
    stats.updated += len(to_update)


def sync_records(
    records: Iterable[Any],
    *,
    only_known: bool = False,
    batch_size: int = 5000,
    skip: int = 0,
    now: datetime.datetime,
    stats: BrregStats,
    on_batch: Callable[[BrregStats], None] | None = None,
    audit: BatchAudit | None = None,
) -> BrregStats:
    """Map and write records batch by batch; `stats` is updated as it goes (also on failure)."""
    iterator: Iterator[Any] = iter(records)
    if skip:
        stats.skipped = sum(1 for _ in islice(iterator, skip))
    index = stats.skipped
    while True:
        chunk = list(islice(iterator, batch_size))
        if not chunk:
            break
        batch: list[dict[str, Any]] = []
        first = index + 1
        for record in chunk:
            index += 1
            values, reason = map_record(record)
            if values is None:
                stats.add_invalid(index, record, reason)
            else:
                batch.append(values)
        if batch:
            write_batch(
                batch,
                only_known=only_known,
                now=now,
                stats=stats,
                audit=audit,
                records=(first, index),
            )
        stats.read += len(chunk)
        if on_batch is not None:
            on_batch(stats)
    return stats
