"""manage.py import_members FILE --cluster SLUG [--dry-run] [--actor EMAIL]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError
from klynge.core.spreadsheets import check_size
from klynge.members.imports.report import ImportReport
from klynge.members.services.imports import member_import_apply, member_import_preview


def console_for(stream: Any) -> Console:
    return Console(file=stream, soft_wrap=True, highlight=False, width=120)


def print_report(console: Console, report: ImportReport) -> None:
    for note in report.notes:
        console.print(f"[yellow]note[/]: {note}", markup=True)
    for issue in report.warnings:
        console.print(f"warning: {issue}", markup=False)
    for issue in report.errors:
        console.print(f"error: {issue}", markup=False)
    counts = report.counts
    console.print(
        "rows: {rows}, with errors: {rows_with_errors}, organisations created: "
        "{organisations_created}, updated: {organisations_updated}, unchanged: "
        "{organisations_unchanged}, memberships created: {memberships_created}, "
        "already members: {already_members}, contacts created: {contacts_created}".format(**counts),
        markup=False,
    )


class Command(BaseCommand):
    help = "Import member organisations of a cluster from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file in the member import template format.")
        parser.add_argument("--cluster", required=True, help="Slug of the cluster.")
        parser.add_argument("--dry-run", action="store_true", help="Only check and report.")
        parser.add_argument("--actor", help="Email of the user recorded in the audit log.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self.stdout)
        path = Path(options["file"])
        try:
            check_size(path.stat().st_size)
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        try:
            cluster = Cluster.objects.get(slug=options["cluster"])
        except Cluster.DoesNotExist as exc:
            raise CommandError(f"No cluster with the slug {options['cluster']!r}.") from exc
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user with the email {options['actor']!r}.")
        try:
            report = member_import_preview(cluster=cluster, content=content, filename=path.name)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        print_report(console, report)
        if report.has_errors:
            raise CommandError(
                f"{len(report.errors)} error(s) in {path.name}; nothing was imported."
            )
        if options["dry_run"]:
            console.print("Dry run: nothing was written.")
            return
        columns = (
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("import", total=len(report.rows))

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            try:
                member_import_apply(
                    actor=actor,
                    cluster=cluster,
                    content=content,
                    filename=path.name,
                    progress=advance,
                )
            except DomainError as exc:
                raise CommandError(exc.message) from exc
        console.print(f"Imported {path.name} into {cluster.short_name}.")
