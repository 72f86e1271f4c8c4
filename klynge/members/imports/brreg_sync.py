"""Write register records to organisations in batches: one transaction, one lookup, one bulk
insert (executemany) and one `bulk_update` per batch. Re-running a file is harmless (unchanged rows
are not written), so an interrupted run can simply be started again (or resumed with `skip`).

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

from klynge.members.models import Organisation

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


def apply_values(org: Organisation, values: dict[str, Any]) -> bool:
    """Copy register values onto `org`; True when anything changed."""
    changed = False
    for name in FILLED_FIELDS:
        new = values[name]
        if not _empty(new) and getattr(org, name) != new:
            setattr(org, name, new)
            changed = True
    for name in FLAG_FIELDS:
        if getattr(org, name) != values[name]:
            setattr(org, name, values[name])
            changed = True
    if values["nace_codes"] and org.nace_version != NACE_VERSION:
        org.nace_version = NACE_VERSION
        changed = True
    return changed


def new_organisation(values: dict[str, Any], now: datetime.datetime) -> Organisation:
    fields = {name: values[name] for name in (*FILLED_FIELDS, *FLAG_FIELDS)}
    return Organisation(
        **fields,
        org_number=values["org_number"],
        country="NO",
        nace_version=NACE_VERSION,
        kind=guess_kind(values["org_form"], values["_sector"], values["employees"]),
        register_updated_at=now,
    )


def insert_many(objects: list[Organisation]) -> None:
    """Insert new organisations with one `executemany` (what `bulk_create` does, minus building
    the SQL text for every row, which is most of its cost: this doubles the import's throughput).

    Values go through each field's own `pre_save` and `get_db_prep_save`, so timestamps, JSON and
    dates are adapted exactly as the ORM would; generated and auto fields are left to the database.
    """
    meta = Organisation._meta
    fields = [f for f in meta.concrete_fields if not f.generated and not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


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
        existing = {
            org.org_number: org
            for org in Organisation.objects.filter(org_number__in=list(latest)).only(*LOAD_FIELDS)
        }
        to_create: list[Organisation] = []
        to_update: list[Organisation] = []
        for number, values in latest.items():
            org = existing.get(number)
            if org is None:
                if only_known:
                    stats.not_in_klynge += 1
                else:
                    to_create.append(new_organisation(values, now))
            elif apply_values(org, values):
                org.register_updated_at = now
                org.updated_at = now
                to_update.append(org)
            else:
                stats.unchanged += 1
        if to_create:
            insert_many(to_create)
        if to_update:
            Organisation.objects.bulk_update(to_update, UPDATE_FIELDS, batch_size=200)
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
    batch_size: int = 2000,
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
