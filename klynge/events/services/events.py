"""Create, edit, publish and cancel events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster, Topic
from klynge.core.audit import log_action
from klynge.core.dates import check_dates
from klynge.core.errors import ConflictError, DomainError
from klynge.core.weblinks import clean_web_urls

from .. import notices, tasks
from ..models import Event, Question, Registration
from .registrations import event_set_capacity

EDITABLE = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "online_url",
    "audience",
    "registration_opens_at",
    "registration_closes_at",
    "status",
)


def _validate(values: dict[str, Any]) -> None:
    check_dates(values)
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends and ends < starts:
        raise DomainError(_("The event cannot end before it starts."), field="ends_at")
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        value = values.get(name)
        if value is not None and timezone.is_naive(value):
            raise DomainError(_("Give a time zone with the time."), field=name)
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes < opens:
        raise DomainError(
            _("Registration cannot close before it opens."), field="registration_closes_at"
        )
    if closes and ends and closes > ends:
        raise DomainError(
            _("Registration must close before the event ends."), field="registration_closes_at"
        )
    if not (values.get("title") or "").strip():
        raise DomainError(_("Give the event a title."), field="title")


def event_create(
    *,
    actor: Actor,
    cluster: Cluster,
    title: str,
    starts_at: Any,
    ends_at: Any,
    capacity: int | None = None,
    topics: Iterable[Topic] = (),
    co_hosts: Iterable[Cluster] = (),
    questions: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Event:
    values = {"title": title, "starts_at": starts_at, "ends_at": ends_at, **fields}
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    clean_web_urls(Event, values)
    _validate(values)
    if capacity is not None and capacity < 1:
        raise DomainError(
            _("Capacity must be at least 1, or empty for no limit."), field="capacity"
        )
    with transaction.atomic():
        event = Event.objects.create(cluster=cluster, capacity=capacity, created_by=actor, **values)
        event.topics.set(list(topics))
        event.co_hosts.set([c for c in co_hosts if c.pk != cluster.pk])
        for position, question in enumerate(questions):
            Question.objects.create(event=event, position=position, **question)
        log_action(
            actor=actor, action="klynge.events.event.created", target=event, data={"title": title}
        )
        if event.status == Event.Status.PUBLISHED:
            transaction.on_commit(lambda: tasks.schedule_reminder(event.pk))
    return event


def event_update(
    *,
    actor: Actor,
    event: Event,
    topics: Iterable[Topic] | None = None,
    co_hosts: Iterable[Cluster] | None = None,
    capacity: Any = "unchanged",
    questions: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Edit fields; a capacity change goes through the capacity mechanism (promotes, never cancels).

    Returns the capacity outcome ({"promoted": [...], "over_by": k}) or {} when unchanged.
    """
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if fields.get("status") == Event.Status.CANCELLED and event.status != Event.Status.CANCELLED:
        raise DomainError(
            _("Use “Cancel event” to cancel it, so participants are told."), field="status"
        )
    clean_web_urls(Event, fields)
    current = {name: getattr(event, name) for name in EDITABLE}
    _validate({**current, **fields})
    was_published = event.status == Event.Status.PUBLISHED
    outcome: dict[str, Any] = {}
    with transaction.atomic():
        changed = {k: v for k, v in fields.items() if current.get(k) != v}
        if changed:
            Event.objects.filter(pk=event.pk).update(**changed, updated_at=timezone.now())
            for name, value in changed.items():
                setattr(event, name, value)
        if topics is not None:
            event.topics.set(list(topics))
        if co_hosts is not None:
            event.co_hosts.set([c for c in co_hosts if c.pk != event.cluster_id])
        if questions is not None:
            _replace_questions(event, questions)
        log_action(
            actor=actor,
            action="klynge.events.event.updated",
            target=event,
            data={"changed": sorted(changed)},
        )
        if capacity != "unchanged" and capacity != event.capacity:
            outcome = event_set_capacity(actor=actor, event=event, capacity_value=capacity)
        if event.status == Event.Status.PUBLISHED and (not was_published or "starts_at" in changed):
            transaction.on_commit(lambda: tasks.schedule_reminder(event.pk))
    return outcome


def _replace_questions(event: Event, questions: list[dict[str, Any]]) -> None:
    current = [
        {"label": q.label, "kind": q.kind, "choices": q.choices, "required": q.required}
        for q in event.questions.all()
    ]
    if current == questions:
        return
    if event.registrations.exists():
        raise DomainError(
            _("People have registered already, so the questions can no longer change."),
            field="questions_text",
        )
    event.questions.all().delete()
    for position, question in enumerate(questions):
        Question.objects.create(event=event, position=position, **question)


def event_cancel(*, actor: Actor, event: Event) -> int:
    """Cancel the event and every active registration; everyone is mailed. Returns how many."""
    if event.status == Event.Status.CANCELLED:
        raise ConflictError(_("The event is already cancelled."))
    with transaction.atomic():
        now = timezone.now()
        active = Registration.objects.filter(
            event=event, status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        )
        ids = list(active.values_list("pk", flat=True))
        active.update(
            status=Registration.Status.CANCELLED, waitlist_position=None, cancelled_at=now
        )
        Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED, updated_at=now)
        event.status = Event.Status.CANCELLED
        log_action(
            actor=actor,
            action="klynge.events.event.cancelled",
            target=event,
            data={"registrations_cancelled": len(ids)},
        )
        notices.send_event_cancelled_mails(ids)
    return len(ids)


def event_delete(*, actor: Actor, event: Event) -> None:
    """Delete a draft nobody registered for; otherwise cancel it instead."""
    if event.status != Event.Status.DRAFT or event.registrations.exists():
        raise ConflictError(
            _("Only drafts without registrations can be deleted; cancel the event instead."),
            code="not_deletable",  # as for a course
        )
    with transaction.atomic():
        log_action(
            actor=actor,
            action="klynge.events.event.deleted",
            target=event,
            data={"title": event.title},
        )
        event.delete()
