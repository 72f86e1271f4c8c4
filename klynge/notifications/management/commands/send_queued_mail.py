"""`manage.py send_queued_mail`: resume the mail queue (cron, every minute).

Fails deliveries whose worker died while sending them (never sends them twice), queues retries
that are due, and continues bulk sends (newsletters) that have due rows.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from klynge.notifications.tasks import resume


class Command(BaseCommand):
    help = "Resume the mail queue: due retries, interrupted sends, bulk sends in progress."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(resume()))
