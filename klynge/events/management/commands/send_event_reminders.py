"""`manage.py send_event_reminders`: queue reminder mails for events starting within a day (cron)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand

from klynge.events.tasks import enqueue_due_reminders


class Command(BaseCommand):
    help = "Queue reminder mails for published events that start within the next N hours."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        count = enqueue_due_reminders(timedelta(hours=options["hours"]))
        self.stdout.write(f"Queued reminders for {count} event(s).")
