"""Mails to participants, called through `transaction.on_commit` by the services (ids, not objects)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from klynge.events.links import absolute_url

from .calendars import course_ics
from .models import Enrolment


def _load(enrolment_id: int) -> Enrolment | None:
    return (
        Enrolment.objects.select_related("course", "course__cluster", "person", "organisation")
        .prefetch_related("course__sessions")
        .filter(pk=enrolment_id)
        .first()
    )


def _send(enrolment: Enrolment, template: str, *, with_ics: bool = False) -> bool:
    person = enrolment.person
    if not person.email or person.anonymised_at:
        return False
    course = enrolment.course
    with (
        translation.override(person.language or settings.LANGUAGE_CODE),
        timezone.override("Europe/Oslo"),
    ):
        context = {
            "enrolment": enrolment,
            "course": course,
            "person": person,
            "sessions": list(course.sessions.all()),
            "course_url": absolute_url(course.get_absolute_url()),
            "manage_url": absolute_url(enrolment.get_manage_url()),
            "certificate_url": absolute_url(
                reverse("learning:certificate_by_token", args=[enrolment.token])
            ),
        }
        subject = render_to_string(f"learning/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"learning/email/{template}.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])
    message.extra_headers["Content-Language"] = person.language or settings.LANGUAGE_CODE
    if with_ics and context["sessions"]:
        message.attach(f"course-{course.pk}.ics", course_ics(course), "text/calendar")
    message.send()
    return True


def send_enrolment_mail(enrolment_id: int) -> None:
    """Application received, place confirmed (with the sessions as .ics), or waiting-list notice."""
    enrolment = _load(enrolment_id)
    if enrolment is None:
        return
    templates = {
        Enrolment.Status.APPLIED: ("applied", False),
        Enrolment.Status.ENROLLED: ("enrolled", True),
        Enrolment.Status.WAITLISTED: ("waitlisted", False),
    }
    if enrolment.status in templates:
        template, with_ics = templates[enrolment.status]
        _send(enrolment, template, with_ics=with_ics)


def send_promotion_mail(enrolment_id: int) -> None:
    enrolment = _load(enrolment_id)
    if enrolment is not None and enrolment.status == Enrolment.Status.ENROLLED:
        _send(enrolment, "promoted", with_ics=True)


def send_dropped_mail(enrolment_id: int) -> None:
    enrolment = _load(enrolment_id)
    if enrolment is not None and enrolment.status == Enrolment.Status.DROPPED:
        _send(enrolment, "dropped")


def send_completion_mail(enrolment_id: int) -> None:
    enrolment = _load(enrolment_id)
    if enrolment is not None and enrolment.status == Enrolment.Status.COMPLETED:
        _send(enrolment, "completed")


def send_reminder_mail(enrolment_id: int) -> bool:
    enrolment = _load(enrolment_id)
    if enrolment is None or enrolment.status != Enrolment.Status.ENROLLED:
        return False
    return _send(enrolment, "reminder", with_ics=True)


def send_course_cancelled_mail(enrolment_id: int) -> bool:
    enrolment = _load(enrolment_id)
    if enrolment is None:
        return False
    return _send(enrolment, "course_cancelled")
