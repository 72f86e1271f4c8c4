"""manage.py purge_personal_data [--enqueue]: erase personal data past its retention period.

Run it daily from cron (or with --enqueue, as a background task for `manage.py db_worker`).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from klynge.core.tasks import purge_personal_data


class Command(BaseCommand):
    help = "Erase personal data older than its retention period (KLYNGE_RETENTION_DAYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the purge for the task worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = purge_personal_data.enqueue()
            self.stdout.write(f"queued: {result.id}")
            return
        counts = purge_personal_data.call()
        for key, count in sorted(counts.items()):
            self.stdout.write(f"{key}: {count}")
