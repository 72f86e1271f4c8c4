"""manage.py import_brreg FILE [--only-known] [--batch-size N] [--skip N] [--show-invalid N]

Streams the Brønnøysund Enhetsregisteret bulk file (gzip-compressed JSON array) into organisations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from klynge.core.errors import DomainError
from klynge.members.imports.brreg import BulkFileError
from klynge.members.imports.brreg_sync import BrregStats
from klynge.members.management.commands.import_members import console_for
from klynge.members.services.imports import brreg_import


def print_summary(console: Console, stats: BrregStats) -> None:
    console.print(
        "read: {read}, created: {created}, updated: {updated}, unchanged: {unchanged}, "
        "skipped invalid: {skipped_invalid}, skipped (not in Klynge): {skipped_not_in_klynge}".format(
            **stats.as_dict()
        ),
        markup=False,
    )
    if stats.invalid_samples:
        shown = len(stats.invalid_samples)
        console.print(f"first {shown} of {stats.invalid} invalid records:", markup=False)
        for index, number, reason in stats.invalid_samples:
            console.print(f"  record {index}: {number or '—'}: {reason}", markup=False)


class Command(BaseCommand):
    help = "Create or update organisations from the Brønnøysund register bulk file (streamed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="enheter_alle.json.gz (or an uncompressed .json file).")
        parser.add_argument(
            "--only-known",
            action="store_true",
            help="Only update organisations already in Klynge; create none.",
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--skip", type=int, default=0, help="Skip the first N records (to resume a run)."
        )
        parser.add_argument("--show-invalid", type=int, default=20, help="List the first N.")
        parser.add_argument("--actor", help="Email of the user recorded in the audit log.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self.stdout)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user with the email {options['actor']!r}.")
        columns = (
            TextColumn("Register"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("brreg", total=path.stat().st_size)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            try:
                stats = brreg_import(
                    actor=actor,
                    path=path,
                    only_known=options["only_known"],
                    batch_size=options["batch_size"],
                    skip=options["skip"],
                    max_invalid_listed=options["show_invalid"],
                    progress=advance,
                )
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            except (BulkFileError, OSError, EOFError) as exc:
                partial: BrregStats | None = getattr(exc, "stats", None)
                if partial is not None:
                    print_summary(console, partial)
                    resume = partial.skipped + partial.read
                    raise CommandError(
                        f"The file could not be read to the end ({exc}). Everything before "
                        f"record {resume + 1} is saved; resume with --skip {resume}."
                    ) from exc
                raise CommandError(f"The file could not be read: {exc}") from exc
        print_summary(console, stats)
        if stats.read == 0 and stats.skipped == 0:
            console.print(
                "No records found: is this the Enhetsregisteret bulk file (a JSON array)?"
            )
