"""Background work: reminder mails before a course's first session (django-tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Min
from django.utils import timezone
from django_tasks import task

from klynge.registrations.reminders import reminders_send

from . import notices
from .models import Course, Enrolment

REMINDER_BEFORE = timedelta(days=2)


@task()
def send_course_reminders(course_id: int) -> int:
    """Mail every enrolled person who has not had a reminder yet. Returns how many were mailed."""
    course = Course.objects.filter(pk=course_id, status=Course.Status.PUBLISHED).first()
    if course is None or course.starts_at is None or course.starts_at < timezone.now():
        return 0
    return reminders_send(
        holders=Enrolment.objects.filter(course=course),
        status=Enrolment.Status.ENROLLED,
        send=notices.send_reminder_mail,
    )


def enqueue_due_course_reminders(within: timedelta = REMINDER_BEFORE) -> int:
    """Queue reminders for published courses whose first session starts within `within`."""
    now = timezone.now()
    ids = list(
        Course.objects.filter(status=Course.Status.PUBLISHED)
        .annotate(first=Min("sessions__starts_at"))
        .filter(first__gt=now, first__lte=now + within)
        .values_list("pk", flat=True)
    )
    for course_id in ids:
        send_course_reminders.enqueue(course_id)
    return len(ids)
