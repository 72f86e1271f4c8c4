"""Reminder mails before an event or a course: each holder is mailed once, whatever the workers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone


def reminders_send(*, holders: QuerySet[Any], status: str, send: Callable[[int], bool]) -> int:
    """Mail (`send(holder id)`) every holder in `status` who has had no reminder. Returns how many.

    Each row is claimed (its `reminded_at` set) before the mail, so two workers never mail the
    same person twice.
    """
    pending = list(
        holders.filter(status=status, reminded_at__isnull=True).values_list("pk", flat=True)
    )
    manager = holders.model._default_manager
    sent = 0
    for pk in pending:
        claimed = manager.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=timezone.now())
        if claimed and send(pk):
            sent += 1
    return sent
