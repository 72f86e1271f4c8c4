"""Backup and restore: the database as a Django fixture plus the stored files, with a manifest.

A backup is a directory:

    manifest.json        format, time, database vendor, the migrations applied, and the size and
                         SHA-256 of every file below
    database.klynge_jsonl.gz
                         every row of every table as a Django JSON Lines fixture (compressed), read
                         in one transaction so it is a consistent snapshot, written as it is read;
                         times keep their microseconds (Django's own JSON drops them to
                         milliseconds, which would reorder the audit trail)
    media/...            the files under MEDIA_ROOT (public uploads such as news images)
    private/...          the files under KLYNGE_PRIVATE_MEDIA_ROOT (application attachments, label
                         evidence)

The fixture format is the same on SQLite and PostgreSQL, so a backup of one restores into the
other. Restoring checks every checksum and the migrations first and changes nothing when one
differs; it then replaces the database's rows in one transaction and copies the files back. It
refuses a database that already holds logins unless told to replace them.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers import jsonl
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
FIXTURE_FORMAT = "klynge_jsonl"
DATABASE_FILE = f"database.{FIXTURE_FORMAT}.gz"
EXCLUDED = ("sessions",)  # logged-in sessions are not carried to another server
CHUNK = 1024 * 1024


class Serializer(jsonl.Serializer):
    """JSON Lines with exact times: ISO 8601 with microseconds."""

    def _value_from_field(self, obj: Any, field: Any) -> Any:
        value = field.value_from_object(obj)
        if isinstance(value, datetime.datetime | datetime.time):
            return value.isoformat()
        parent: Any = super()
        return parent._value_from_field(obj, field)  # Django's private hook, not in the stubs


Deserializer = jsonl.Deserializer


def _register_format() -> None:
    """Make the format known to `dumpdata` and `loaddata` (this module is its serializer)."""
    if FIXTURE_FORMAT not in serializers.get_serializer_formats():
        serializers.register_serializer(FIXTURE_FORMAT, __name__)


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why (nothing was changed)."""


@dataclass(frozen=True)
class Summary:
    directory: Path
    files: int
    bytes: int


def file_roots() -> dict[str, Path]:
    """The directories whose files a backup holds, by the name of their folder in the backup."""
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(settings.KLYNGE_PRIVATE_MEDIA_ROOT),
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _walk(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def applied_migrations(using: str = "default") -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[using])
    applied: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def backup_create(directory: Path | str, *, using: str = "default") -> Summary:
    """Write a backup of the database and the stored files into `directory` (new or empty)."""
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; give a new or empty directory.")
    target.mkdir(parents=True, exist_ok=True)
    _register_format()
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            # One snapshot for every table (the first statement of the transaction).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        migrations = applied_migrations(using)
        call_command(
            "dumpdata",
            format=FIXTURE_FORMAT,
            output=str(target / DATABASE_FILE),
            exclude=list(EXCLUDED),
            database=using,
            verbosity=0,
        )
    entries = [_entry(target, target / DATABASE_FILE, "database")]
    for name, root in file_roots().items():
        for source in _walk(root):
            relative = source.relative_to(root).as_posix()
            copy = target / name / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
            entries.append(_entry(target, copy, name))
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": DATABASE_FILE},
        "migrations": migrations,
        "files": entries,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return Summary(target, len(entries), sum(e["size"] for e in entries))


def _entry(base: Path, path: Path, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "path": path.relative_to(base).as_posix(),
        "size": path.stat().st_size,
        "sha256": sha256_of(path),
    }


def backup_read_manifest(directory: Path | str) -> dict[str, Any]:
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Klynge backup manifest (format {FORMAT}).")
    return manifest


def backup_verify(directory: Path | str) -> dict[str, Any]:
    """The manifest, once every file it lists is present with its size and checksum; also no
    path leaves the backup directory. Raises BackupError naming the first file that differs."""
    base = Path(directory).resolve()
    manifest = backup_read_manifest(base)
    kinds = {"database", *file_roots()}
    for entry in manifest.get("files", []):
        path = (base / str(entry.get("path", ""))).resolve()
        if entry.get("kind") not in kinds or base not in path.parents:
            raise BackupError(f"The manifest names a file outside the backup: {entry.get('path')}")
        if not path.is_file():
            raise BackupError(f"{entry['path']} is missing from the backup.")
        if path.stat().st_size != entry.get("size") or sha256_of(path) != entry.get("sha256"):
            raise BackupError(f"{entry['path']} does not match its checksum in the manifest.")
    if not any(e.get("kind") == "database" for e in manifest.get("files", [])):
        raise BackupError("The manifest lists no database file.")
    return manifest


def database_is_empty(using: str = "default") -> bool:
    """No logins: a database that has only been migrated (every Klynge that is used has some)."""
    from django.contrib.auth import get_user_model

    return not get_user_model()._default_manager.using(using).exists()


def backup_restore(
    directory: Path | str, *, replace: bool = False, using: str = "default"
) -> Summary:
    """Restore a backup: the database rows (all of them replaced, in one transaction) and the files.

    Checks first, changing nothing if one fails: every checksum, the same migrations applied here
    as in the backup, and an empty database (no logins) unless `replace`. Files are
    copied after the database commits; an existing file with other contents is replaced only with
    `replace`.
    """
    base = Path(directory)
    manifest = backup_verify(base)
    here = applied_migrations(using)
    if manifest.get("migrations") != here:
        raise BackupError(
            "The backup was made with other migrations than this database has; install the "
            "version of Klynge that made it and run `manage.py migrate` first."
        )
    if not replace and not database_is_empty(using):
        raise BackupError(
            "The database already holds data; restore into an empty one or replace it."
        )
    roots = file_roots()
    files = [e for e in manifest["files"] if e["kind"] in roots]
    if not replace:
        for entry in files:
            target = _target_of(roots, entry)
            if target.exists() and sha256_of(target) != entry["sha256"]:
                raise BackupError(
                    f"{target} exists with other contents; replace it or move it away."
                )
    _register_format()
    connection = connections[using]
    with transaction.atomic(using=using):
        statements = sql_flush(no_style(), connection, reset_sequences=False, allow_cascade=True)
        connection.ops.execute_sql_flush(statements)
        call_command(
            "loaddata", str(base / manifest["database"]["file"]), database=using, verbosity=0
        )
    for entry in files:
        target = _target_of(roots, entry)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(base / entry["path"], target)
    return Summary(base, len(manifest["files"]), sum(e["size"] for e in manifest["files"]))


def _target_of(roots: dict[str, Path], entry: dict[str, Any]) -> Path:
    kind, _slash, relative = str(entry["path"]).partition("/")
    return roots[kind] / relative
