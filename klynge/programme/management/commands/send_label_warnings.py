"""`manage.py send_label_warnings`: queue the label expiry warnings (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from klynge.programme.tasks import send_label_expiry_warnings


class Command(BaseCommand):
    help = "Warn cluster managers and programme officers about labels expiring in 90 or 30 days."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_label_expiry_warnings.enqueue(options.get("today"))
        self.stdout.write(f"Queued label expiry warnings ({result.id}).")
