"""Mails to participants. Called through `transaction.on_commit` by the services (ids, not objects)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .calendars import event_ics
from .links import absolute_url
from .models import Registration


def _load(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("event", "event__cluster", "person", "organisation")
        .filter(pk=registration_id)
        .first()
    )


def _send(registration: Registration, template: str, *, with_ics: bool = False) -> bool:
    person = registration.person
    if not person.email or person.anonymised_at:
        return False
    event = registration.event
    with (
        translation.override(person.language or settings.LANGUAGE_CODE),
        timezone.override("Europe/Oslo"),
    ):
        context = {
            "registration": registration,
            "event": event,
            "person": person,
            "event_url": absolute_url(event.get_absolute_url()),
            "manage_url": absolute_url(registration.get_manage_url()),
            "feedback_url": absolute_url(registration.get_manage_url().rstrip("/") + "/feedback/"),
        }
        subject = render_to_string(f"events/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"events/email/{template}.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])
    if with_ics:
        message.attach(f"event-{event.pk}.ics", event_ics(event), "text/calendar")
    message.send()
    return True


def send_registration_mail(registration_id: int) -> None:
    """Confirmation (with the .ics) or waiting-list notice, each with the personal cancel link."""
    registration = _load(registration_id)
    if registration is None:
        return
    if registration.status == Registration.Status.CONFIRMED:
        _send(registration, "confirmation", with_ics=True)
    elif registration.status == Registration.Status.WAITLISTED:
        _send(registration, "waitlisted")


def send_promotion_mail(registration_id: int) -> None:
    registration = _load(registration_id)
    if registration is not None and registration.status == Registration.Status.CONFIRMED:
        _send(registration, "promoted", with_ics=True)


def send_cancellation_mail(registration_id: int) -> None:
    registration = _load(registration_id)
    if registration is not None and registration.status == Registration.Status.CANCELLED:
        _send(registration, "cancelled")


def send_reminder_mail(registration_id: int) -> bool:
    registration = _load(registration_id)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return False
    return _send(registration, "reminder", with_ics=True)


def send_feedback_request_mail(registration_id: int) -> bool:
    registration = _load(registration_id)
    if registration is None or registration.status != Registration.Status.ATTENDED:
        return False
    return _send(registration, "feedback_request")


def send_event_cancelled_mail(registration_id: int) -> bool:
    registration = _load(registration_id)
    if registration is None:
        return False
    return _send(registration, "event_cancelled")
