"""`manage.py send_survey_reminders`: queue today's survey reminders (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from klynge.insight.tasks import enqueue_due_reminders


class Command(BaseCommand):
    help = "Queue reminder mails to non-respondents of surveys that have a reminder date today."

    def handle(self, *args: Any, **options: Any) -> None:
        count = enqueue_due_reminders()
        self.stdout.write(f"Queued reminders for {count} survey(s).")
