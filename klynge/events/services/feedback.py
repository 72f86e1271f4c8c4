"""Feedback after the event: ask those who checked in, record one answer each."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from .. import notices
from ..models import Event, Feedback, Registration


def feedback_request_send(*, actor: Actor, event: Event) -> int:
    """Mail the feedback form to every attendee (only those who checked in). Returns how many."""
    if event.starts_at > timezone.now():
        raise DomainError(_("Feedback can be requested once the event has started."))
    with transaction.atomic():
        ids = list(
            Registration.objects.filter(event=event, status=Registration.Status.ATTENDED)
            .filter(feedback__isnull=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            raise DomainError(_("Nobody has checked in yet, so there is nobody to ask."))
        now = timezone.now()
        Event.objects.filter(pk=event.pk).update(feedback_requested_at=now)
        event.feedback_requested_at = now
        log_action(
            actor=actor,
            action="klynge.events.event.feedback_requested",
            target=event,
            data={"count": len(ids)},
        )
        notices.send_feedback_request_mails(ids)
    return len(ids)


def feedback_submit(*, registration: Registration, score: int, comment: str = "") -> Feedback:
    """The attendee's answer (through their personal link); one per registration."""
    if registration.status != Registration.Status.ATTENDED:
        raise DomainError(_("Only people who attended can give feedback."), code="not_attended")
    if not 0 <= score <= 10:
        raise DomainError(_("Choose a number from 0 to 10."), field="score")
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                registration=registration, score=score, comment=comment.strip()[:4000]
            )
            log_action(
                actor=None,
                action="klynge.events.feedback.submitted",
                target=feedback,
                data={"score": score},
                cluster=registration.event.cluster_id,
            )
    except IntegrityError as exc:
        raise ConflictError(_("You have already given feedback. Thank you!")) from exc
    return feedback
