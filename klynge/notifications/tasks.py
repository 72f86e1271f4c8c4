"""Background tasks of the hub (django-tasks): send one delivery, send a batch at its rate, sweep."""

from __future__ import annotations

import time
from typing import Any

from django.utils import timezone
from django_tasks import default_task_backend, task

from . import sending
from .models import Delivery

BATCH_TASK_SECONDS = 50  # a batch task hands over to a fresh task about once a minute


def can_defer() -> bool:
    return bool(default_task_backend.supports_defer)


@task()
def deliver(delivery_id: int) -> str:
    """Send one queued delivery (a no-op when it is not due, taken or done)."""
    outcome = sending.deliver_one(delivery_id)
    if outcome == "retry" and can_defer():
        when = Delivery.objects.filter(pk=delivery_id).values_list("next_attempt_at", flat=True)
        deliver.using(run_after=when.first() or timezone.now()).enqueue(delivery_id)
    return outcome


@task()
def deliver_batch(batch: str) -> dict[str, int]:
    """Send a batch's rows as they fall due, for about a minute, then continue in a new task.

    The rate lives in the rows (each has its own due time), so two of these tasks for one batch
    (a restart, a sweep) still keep it; backends that cannot defer send what is due and stop (the
    `send_queued_mail` command, run from cron, continues).
    """
    started = time.monotonic()
    totals: dict[str, int] = {}
    while True:
        for outcome, count in sending.deliver_batch_due(batch).items():
            totals[outcome] = totals.get(outcome, 0) + count
        upcoming = sending.next_due(batch)
        if upcoming is None or not can_defer():
            return totals
        wait = (upcoming - timezone.now()).total_seconds()
        if time.monotonic() - started + max(wait, 0) > BATCH_TASK_SECONDS:
            deliver_batch.using(run_after=max(upcoming, timezone.now())).enqueue(batch)
            return totals
        if wait > 0:
            time.sleep(wait)


def start_batch(batch: str) -> None:
    """Start sending a batch now (its rows carry their own due times)."""
    deliver_batch.enqueue(batch)


def resume() -> dict[str, Any]:
    """What `send_queued_mail` runs: fail interrupted rows, queue due retries and batches."""
    found = sending.sweep()
    for pk in found["due"]:
        deliver.enqueue(pk)
    for batch in found["batches"]:
        deliver_batch.enqueue(batch)
    return {
        "interrupted": found["interrupted"],
        "retried": len(found["due"]),
        "batches": found["batches"],
    }
