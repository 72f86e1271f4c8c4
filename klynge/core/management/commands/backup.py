"""manage.py backup DIR: write the database and the stored files, with a manifest of checksums."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klynge.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (a Django fixture) and the stored files into a new directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="A new or empty directory.")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(options["directory"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{summary.directory}: {summary.files} files, {summary.bytes} bytes")
