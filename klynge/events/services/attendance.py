"""Check-in on the day and no-shows afterwards."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from ..models import Event, Registration


def registration_check_in(*, actor: Actor, registration: Registration) -> Registration:
    with transaction.atomic():
        current = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        if current.status == Registration.Status.ATTENDED:
            raise ConflictError(_("Already checked in."), code="already_checked_in")
        if current.status not in (Registration.Status.CONFIRMED, Registration.Status.NO_SHOW):
            raise DomainError(
                _("Only confirmed participants can be checked in (this one is: %(status)s).")
                % {"status": current.get_status_display()},
                code="not_confirmed",
            )
        current.status = Registration.Status.ATTENDED
        current.checked_in_at = timezone.now()
        current.save(update_fields=["status", "checked_in_at", "updated_at"])
        log_action(actor=actor, action="klynge.events.registration.checked_in", target=current)
    return current


def registration_undo_check_in(*, actor: Actor, registration: Registration) -> Registration:
    with transaction.atomic():
        current = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        if current.status != Registration.Status.ATTENDED:
            raise ConflictError(_("This person is not checked in."), code="not_checked_in")
        current.status = Registration.Status.CONFIRMED
        current.checked_in_at = None
        current.save(update_fields=["status", "checked_in_at", "updated_at"])
        log_action(actor=actor, action="klynge.events.registration.check_in_undone", target=current)
    return current


def event_mark_no_shows(*, actor: Actor, event: Event) -> int:
    """After the event: confirmed people who never checked in become no-shows."""
    if event.starts_at > timezone.now():
        raise DomainError(_("No-shows can be marked once the event has started."))
    with transaction.atomic():
        count = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).update(status=Registration.Status.NO_SHOW, updated_at=timezone.now())
        log_action(
            actor=actor,
            action="klynge.events.event.no_shows_marked",
            target=event,
            data={"count": count},
        )
    return count
