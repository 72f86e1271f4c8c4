"""`manage.py send_follow_up_reminders`: queue reminders of follow-up reports (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from klynge.programme.tasks import send_follow_up_reminders


class Command(BaseCommand):
    help = "Remind clusters of funded projects' follow-up reports due soon or overdue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_follow_up_reminders.enqueue(options.get("today"))
        self.stdout.write(f"Queued follow-up reminders ({result.id}).")
