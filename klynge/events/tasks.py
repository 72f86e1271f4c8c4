"""Background work: reminder mails before an event (django-tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

from klynge.registrations.reminders import reminders_send

from . import notices
from .models import Event, Registration

REMINDER_BEFORE = timedelta(days=1)


@task()
def send_event_reminders(event_id: int) -> int:
    """Mail every confirmed participant who has not had a reminder yet. Returns how many."""
    event = Event.objects.filter(pk=event_id, status=Event.Status.PUBLISHED).first()
    if event is None or event.starts_at < timezone.now():
        return 0
    return reminders_send(
        holders=Registration.objects.filter(event=event),
        status=Registration.Status.CONFIRMED,
        send=notices.send_reminder_mail,
    )


def schedule_reminder(event_id: int) -> None:
    """Queue the reminder for a day before the start when the backend can defer tasks.

    Backends without deferral (the immediate one in tests) get nothing here: the
    `send_event_reminders` management command (run hourly from cron) covers them.
    """
    event = Event.objects.filter(pk=event_id).first()
    if event is None or not default_task_backend.supports_defer:
        return
    run_after = max(event.starts_at - REMINDER_BEFORE, timezone.now())
    send_event_reminders.using(run_after=run_after).enqueue(event_id)


def enqueue_due_reminders(within: timedelta = REMINDER_BEFORE) -> int:
    """Enqueue reminders for published events starting within `within`. Returns how many events."""
    now = timezone.now()
    ids = list(
        Event.objects.filter(
            status=Event.Status.PUBLISHED, starts_at__gt=now, starts_at__lte=now + within
        ).values_list("pk", flat=True)
    )
    for event_id in ids:
        send_event_reminders.enqueue(event_id)
    return len(ids)
