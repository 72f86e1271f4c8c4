"""`manage.py send_course_reminders`: queue reminders for courses starting soon (run from cron)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand

from klynge.learning.tasks import enqueue_due_course_reminders


class Command(BaseCommand):
    help = "Queue reminder mails for published courses whose first session is within N hours."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hours", type=int, default=48)

    def handle(self, *args: Any, **options: Any) -> None:
        count = enqueue_due_course_reminders(timedelta(hours=options["hours"]))
        self.stdout.write(f"Queued reminders for {count} course(s).")
