"""Write register records to organisations in batches, each in one transaction: the batch goes
into a temporary staging table (COPY on PostgreSQL, one executemany on SQLite), then one UPDATE
writes the organisations whose values differ (compared in the database, so unchanged rows cost
neither a round trip nor Python work) and one INSERT ... SELECT creates the new ones. Re-running a
file is harmless and quick, so an interrupted run can simply be started again (or resumed with
`skip`).

Register values overwrite Klynge's when the register has a value; an empty register value never
clears what Klynge has (a website or headcount entered by a person stays). `kind` is only guessed for
organisations new to Klynge and never changed afterwards. The flags (bankrupt, being dissolved,
deleted) always follow the register.
"""

from __future__ import annotations

import datetime
import gc
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection, transaction

from klynge.core.bulk import column_default
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
STAGE_COLUMNS = ("org_number", "kind", *FILLED_FIELDS, *FLAG_FIELDS)
STAGE = "klynge_brreg_stage"
# SQLite's page cache during an import (KiB): the organisation table's indexes are written at
# random places, and the default 2 MB cache rereads their pages for every batch.
SQLITE_CACHE_KIB = 64 * 1024


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


def _staged(values: dict[str, Any], sqlite: bool) -> tuple[Any, ...]:
    """A mapped record as a row of the staging table (STAGE_COLUMNS, in that order): an empty
    register value as NULL (it then leaves Klynge's value alone), dates and JSON as SQLite stores
    them. Spelled out field by field: this runs for every record of the file."""
    codes, founded, deleted = values["nace_codes"], values["founded_on"], values["deleted_on"]
    if sqlite:
        founded = founded.isoformat() if founded is not None else None
        deleted = deleted.isoformat() if deleted is not None else None
    return (
        values["org_number"],
        guess_kind(values["org_form"], values["_sector"], values["employees"]),
        values["name"],
        values["org_form"] or None,
        _json_list(codes) if codes else None,
        values["nace_primary"] or None,
        values["employees"],  # 0 is a headcount, None is none
        values["municipality"] or None,
        values["municipality_number"] or None,
        values["county"] or None,
        values["city"] or None,
        values["website"] or None,
        founded,
        values["is_bankrupt"],
        values["is_being_dissolved"],
        deleted,
    )


def _json_list(codes: list[str]) -> str:
    """The JSON text of a list of industry codes, as json.dumps writes it (they are plain)."""
    text = "".join(codes)
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return '["' + '", "'.join(codes) + '"]'
    return json.dumps(codes)


@contextmanager
def _collect_per_batch() -> Iterator[None]:
    """Python's cyclic garbage collector off during the import, run once per batch instead: the
    records are acyclic (reference counting frees them) and its automatic passes over the batch's
    live objects cost about a third of the time spent in Python."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _quoted(field: Any) -> str:
    return connection.ops.quote_name(field.column)


class Stage:
    """The SQL of one import: a temporary staging table the batch is loaded into (COPY on
    PostgreSQL, one executemany on SQLite), then one UPDATE of the organisations whose register
    values differ (compared in the database, `IS DISTINCT FROM`; unchanged rows are not written)
    and one INSERT of the numbers not yet in Klynge."""

    def __init__(self, now: datetime.datetime) -> None:
        self.vendor = connection.vendor
        self.sqlite = self.vendor == "sqlite"
        meta = Organisation._meta
        self.table = connection.ops.quote_name(meta.db_table)
        by_name = {f.name: f for f in meta.concrete_fields}
        staged = [by_name[name] for name in STAGE_COLUMNS]
        columns = ", ".join(f"{_quoted(f)} {f.db_type(connection)}" for f in staged)
        self.create = f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} ({columns})"
        self.empty = f"DELETE FROM {STAGE}" if self.sqlite else f"TRUNCATE {STAGE}"
        names = ", ".join(_quoted(f) for f in staged)
        self.copy = f"COPY {STAGE} ({names}) FROM STDIN"
        self.insert_stage = (
            f"INSERT INTO {STAGE} ({names}) VALUES ({', '.join(['%s'] * len(staged))})"
        )
        distinct = "IS NOT" if self.sqlite else "IS DISTINCT FROM"

        def col(name: str) -> str:
            return _quoted(by_name[name])

        def compared(name: str) -> tuple[str, str]:
            new, old = f"s.{col(name)}", f"o.{col(name)}"
            if self.sqlite and name == "nace_codes":  # JSON text: compare it normalised
                return f"json({new})", f"json({old})"
            return new, old

        sets, changes = [], []
        for name in FILLED_FIELDS:
            new, old = compared(name)
            sets.append(f"{col(name)} = COALESCE(s.{col(name)}, o.{col(name)})")
            changes.append(f"(s.{col(name)} IS NOT NULL AND {new} {distinct} {old})")
        for name in FLAG_FIELDS:
            sets.append(f"{col(name)} = s.{col(name)}")
            changes.append(f"s.{col(name)} {distinct} o.{col(name)}")
        version = col("nace_version")
        sets.append(
            f"{version} = CASE WHEN s.{col('nace_codes')} IS NULL THEN o.{version} ELSE %s END"
        )
        changes.append(f"(s.{col('nace_codes')} IS NOT NULL AND o.{version} {distinct} %s)")
        sets += [f"{col('register_updated_at')} = %s", f"{col('updated_at')} = %s"]
        number = col("org_number")
        self.update = (
            f"UPDATE {self.table} AS o SET {', '.join(sets)} FROM {STAGE} AS s "
            f"WHERE o.{number} = s.{number} AND ({' OR '.join(changes)})"
        )
        self.update_params: list[Any] = [NACE_VERSION, now, now, NACE_VERSION]
        known = f"EXISTS (SELECT 1 FROM {self.table} AS o WHERE o.{number} = s.{number})"
        self.count_known = f"SELECT COUNT(*) FROM {STAGE} AS s WHERE {known}"
        # New organisations: staged values, a column's default where the register had none, and
        # the default of every column the register does not fill (computed once, as core.bulk does).
        selected = []
        for column in staged:
            value = f"s.{_quoted(column)}"
            if column.name in FILLED_FIELDS and column.name != "name" and not column.null:
                value = f"COALESCE({value}, {self._literal(column, column_default(column, now))})"
            selected.append(value)
        constants: dict[str, Any] = {
            "country": "NO",
            "nace_version": NACE_VERSION,
            "register_updated_at": now,
        }
        rest = [
            f
            for f in meta.concrete_fields
            if f.name not in STAGE_COLUMNS and not f.generated and not f.primary_key
        ]
        self.insert_params: list[Any] = []
        for column in rest:
            value = constants.get(column.name, column_default(column, now))
            selected.append(self._placeholder(column))
            self.insert_params.append(column.get_db_prep_save(value, connection))
        all_names = ", ".join([names, *(_quoted(f) for f in rest)])
        self.insert = (
            f"INSERT INTO {self.table} ({all_names}) SELECT {', '.join(selected)} "
            f"FROM {STAGE} AS s WHERE NOT {known}"
        )

    def _placeholder(self, field: Any) -> str:
        return "%s" if self.sqlite else f"CAST(%s AS {field.db_type(connection)})"

    def _literal(self, field: Any, value: Any) -> str:
        """A column default as SQL (only strings and JSON occur among the staged NOT NULL columns)."""
        text = _json_list(value) if field.get_internal_type() == "JSONField" else str(value)
        literal = "'" + text.replace("'", "''") + "'"
        return literal if self.sqlite else f"CAST({literal} AS {field.db_type(connection)})"

    def load(self, cursor: Any, rows: list[tuple[Any, ...]]) -> None:
        cursor.execute(self.create)
        cursor.execute(self.empty)
        if self.sqlite:
            cursor.executemany(self.insert_stage, rows)
            return
        with cursor.cursor.copy(self.copy) as copy:
            for row in rows:
                copy.write_row(row)

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")


BatchAudit = Callable[[dict[str, int]], None]


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    """A larger SQLite page cache for the import's connection (nothing on PostgreSQL)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def write_batch(
    batch: list[dict[str, Any]],
    *,
    only_known: bool,
    stage: Stage,
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
    rows = [_staged(values, stage.sqlite) for values in latest.values()]
    created = 0
    with transaction.atomic(), connection.cursor() as cursor:
        stage.load(cursor, rows)
        if only_known:
            cursor.execute(stage.count_known)
            known = cursor.fetchone()[0]
        cursor.execute(stage.update, stage.update_params)
        updated = cursor.rowcount
        if not only_known:
            cursor.execute(stage.insert, stage.insert_params)
            created = cursor.rowcount
            known = len(rows) - created
        if created or updated:
            invalidate_member_figures()
        if audit is not None and (created or updated):
            audit(
                {
                    "first_record": records[0],
                    "last_record": records[1],
                    "created": created,
                    "updated": updated,
                }
            )
    stats.created += created
    stats.updated += updated
    stats.unchanged += known - updated
    if only_known:
        stats.not_in_klynge += len(rows) - known


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
    stage = Stage(now)
    with _sqlite_cache(), _collect_per_batch():
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
                    stage=stage,
                    stats=stats,
                    audit=audit,
                    records=(first, index),
                )
            stats.read += len(chunk)
            del chunk, batch
            gc.collect(1)
            if on_batch is not None:
                on_batch(stats)
    stage.drop()
    return stats
