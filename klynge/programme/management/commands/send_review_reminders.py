"""`manage.py send_review_reminders`: queue evaluators' review reminders (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from klynge.programme.tasks import send_review_reminders


class Command(BaseCommand):
    help = "Remind evaluators of open reviews that are due soon or overdue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_review_reminders.enqueue(options.get("today"))
        self.stdout.write(f"Queued review reminders ({result.id}).")
