"""Stored files follow the database: a file is deleted only once the deleting transaction commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def delete_stored_on_commit(storage: Any, name: str | None) -> None:
    """Delete `name` from `storage` when (and only if) the current transaction commits.

    A rollback keeps the row, so it must keep the file too; outside a transaction it is immediate.
    """
    if name and storage is not None:
        transaction.on_commit(lambda: storage.delete(name))


def delete_file_on_commit(field_file: Any) -> None:
    """The same for the file behind a FieldFile (e.g. `attachment.file`)."""
    delete_stored_on_commit(getattr(field_file, "storage", None), getattr(field_file, "name", ""))
