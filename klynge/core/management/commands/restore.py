"""manage.py restore DIR [--replace]: restore a backup written by `manage.py backup`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klynge.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into a migrated, empty database (checksums and migrations are checked "
        "first; nothing changes when one differs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="A directory written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace every row of a database that already holds data, and differing files.",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(
                options["directory"], replace=options["replace"], using=options["database"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {summary.files} files, {summary.bytes} bytes")
