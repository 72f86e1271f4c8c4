"""Background work: invitation mails, and reminders to non-respondents on the manager's dates.

Each mail first claims its invitation row with a conditional UPDATE, so two workers never mail the
same person twice. `manage.py send_survey_reminders` (daily from cron) queues the reminders that are
due today for backends that cannot defer tasks to a date.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import F
from django.utils import timezone
from django_tasks import default_task_backend, task

from . import notices
from .models import Invitation, Survey

REMINDER_HOUR = time(9, 0)


@task()
def send_invitation_mails(survey_id: int) -> int:
    """Mail every invitation of the survey not mailed yet. Returns how many were sent."""
    sent = 0
    pending = Invitation.objects.filter(survey_id=survey_id, mailed_at__isnull=True)
    for pk in list(pending.values_list("pk", flat=True)):
        claimed = Invitation.objects.filter(pk=pk, mailed_at__isnull=True).update(
            mailed_at=timezone.now()
        )
        if not claimed:
            continue
        invitation = Invitation.objects.select_related("survey__cluster").get(pk=pk)
        if notices.send_survey_mail(invitation, "invitation"):
            sent += 1
    return sent


@task()
def send_survey_reminders(survey_id: int, day: str) -> int:
    """Remind everyone who has not answered, once per reminder date. Returns how many."""
    survey = Survey.objects.filter(pk=survey_id).first()
    on = date.fromisoformat(day)
    if survey is None or day not in (survey.reminder_dates or []) or not survey.is_open():
        return 0
    sent = 0
    pending = Invitation.objects.filter(survey=survey, completed=False, mailed_at__isnull=False)
    for pk in list(pending.exclude(last_reminded_on=on).values_list("pk", flat=True)):
        claimed = (
            Invitation.objects.filter(pk=pk, completed=False)
            .exclude(last_reminded_on=on)
            .update(last_reminded_on=on, reminders_sent=F("reminders_sent") + 1)
        )
        if not claimed:
            continue
        invitation = Invitation.objects.select_related("survey__cluster").get(pk=pk)
        if notices.send_survey_mail(invitation, "reminder"):
            sent += 1
    return sent


def schedule_reminders(survey: Survey) -> int:
    """Queue each future reminder date at 09:00 when the backend can defer tasks (else cron does)."""
    if not default_task_backend.supports_defer:
        return 0
    now = timezone.now()
    queued = 0
    for day in survey.reminder_dates or []:
        run_after = timezone.make_aware(datetime.combine(date.fromisoformat(day), REMINDER_HOUR))
        if run_after > now:
            send_survey_reminders.using(run_after=run_after).enqueue(survey.pk, day)
            queued += 1
    return queued


def enqueue_due_reminders(today: date | None = None) -> int:
    """Queue today's reminders of every open survey that has today as a reminder date."""
    today = today or timezone.localdate()
    day = today.isoformat()
    queued = 0
    for survey in Survey.objects.filter(sent_at__isnull=False).only("pk", "reminder_dates"):
        if day in (survey.reminder_dates or []):
            send_survey_reminders.enqueue(survey.pk, day)
            queued += 1
    return queued
