"""What an event tells its participants. The hub (`klynge.notifications`) renders, links and sends.

Each function takes ids, reads the registration as it is now and hands one mail to the hub, which
sends it after the transaction commits. Kinds are declared in `KINDS` (registered by `apps.py`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from klynge.core.links import absolute_url
from klynge.notifications.kinds import Kind
from klynge.notifications.services import Attachment, Recipient, notify
from klynge.registrations.services import Notices

from .calendars import event_ics
from .models import Registration

KINDS = (
    Kind("events.confirmation", _("Event registration confirmed")),
    Kind("events.waitlisted", _("Place on an event's waiting list")),
    Kind("events.promoted", _("Place given from an event's waiting list")),
    Kind("events.cancelled", _("Event registration cancelled")),
    Kind("events.event_cancelled", _("Event cancelled by the organiser")),
    Kind(
        "events.reminder",
        _("Event reminders"),
        transactional=False,
        help_text=_("A day before an event you registered for."),
    ),
    Kind(
        "events.feedback_request",
        _("Requests for event feedback"),
        transactional=False,
        help_text=_("After an event you attended."),
    ),
)


def _load(ids: Iterable[int]) -> list[Registration]:
    return list(
        Registration.objects.select_related("event", "event__cluster", "person", "organisation")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )


def _notify(
    registration: Registration, name: str, *, with_ics: bool = False, key: str = ""
) -> bool:
    person = registration.person
    if not person.email or person.anonymised_at:
        return False
    event = registration.event
    manage_url = absolute_url(registration.get_manage_url())
    attachments = []
    if with_ics:
        attachments.append(Attachment(f"event-{event.pk}.ics", event_ics(event), "text/calendar"))
    notify(
        kind=f"events.{name}",
        to=Recipient.of(person),
        template=f"events/email/{name}",
        context={
            "registration": registration,
            "event": event,
            "person": person,
            "event_url": absolute_url(event.get_absolute_url()),
            "manage_url": manage_url,
            "feedback_url": manage_url.rstrip("/") + "/feedback/",
        },
        cluster=event.cluster_id,
        attachments=attachments,
        key=key,
    )
    return True


def send_registration_mail(registration_id: int) -> None:
    """Confirmation (with the .ics) or waiting-list notice, each with the personal cancel link."""
    for registration in _load([registration_id]):
        if registration.status == Registration.Status.CONFIRMED:
            _notify(registration, "confirmation", with_ics=True)
        elif registration.status == Registration.Status.WAITLISTED:
            _notify(registration, "waitlisted")


def send_promotion_mails(registration_ids: Iterable[int]) -> None:
    for registration in _load(registration_ids):
        if registration.status == Registration.Status.CONFIRMED:
            _notify(registration, "promoted", with_ics=True)


def send_cancellation_mail(registration_id: int) -> None:
    for registration in _load([registration_id]):
        if registration.status == Registration.Status.CANCELLED:
            _notify(registration, "cancelled")


def send_reminder_mail(registration_id: int) -> bool:
    """Once per registration (the key), however often the reminder task runs."""
    for registration in _load([registration_id]):
        if registration.status == Registration.Status.CONFIRMED:
            return _notify(
                registration, "reminder", with_ics=True, key=f"events.reminder:{registration.pk}"
            )
    return False


def send_feedback_request_mails(registration_ids: Iterable[int]) -> None:
    for registration in _load(registration_ids):
        if registration.status == Registration.Status.ATTENDED:
            _notify(
                registration, "feedback_request", key=f"events.feedback_request:{registration.pk}"
            )


def send_event_cancelled_mails(registration_ids: Iterable[int]) -> None:
    for registration in _load(registration_ids):
        _notify(registration, "event_cancelled", key=f"events.event_cancelled:{registration.pk}")


PLACE_MAILS = Notices(
    taken=send_registration_mail, promoted=send_promotion_mails, left=send_cancellation_mail
)
"""The mails the registration core (`klynge.registrations`) sends for these places."""
