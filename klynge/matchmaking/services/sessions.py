"""Create, change, open and close B2B sessions."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import DomainError
from klynge.events.models import Event

from .. import notices
from ..models import MatchmakingSession, Meeting
from ..slots import block_overlap
from .booking import lock_session

SESSION_FIELDS = (
    "title",
    "description",
    "day",
    "morning_start",
    "morning_slots",
    "afternoon_start",
    "afternoon_slots",
    "meeting_minutes",
    "break_minutes",
    "table_count",
    "table_names",
    "request_mode",
    "booking_mode",
    "booking_deadline",
    "max_meetings",
    "fairness",
)
TIMING_FIELDS = ("day", "morning_start", "afternoon_start", "meeting_minutes", "break_minutes")


def _check(session: MatchmakingSession, event: Event) -> None:
    """Rules across fields; each error names the field to fix."""
    tz = ZoneInfo(settings.TIME_ZONE)
    first = event.starts_at.astimezone(tz).date()
    last = event.ends_at.astimezone(tz).date()
    if not first <= session.day <= last:
        raise DomainError(_("Choose a day of the event."), field="day")
    if session.afternoon_slots and session.afternoon_start is None:
        raise DomainError(_("Give the time the afternoon starts."), field="afternoon_start")
    if session.slot_count < 1:
        raise DomainError(_("The session needs at least one meeting slot."), field="morning_slots")
    slots = session.slots
    if block_overlap(slots):
        raise DomainError(
            _("The afternoon must start after the last morning meeting ends (%(time)s).")
            % {"time": [s for s in slots if s.session == "morning"][-1].ends_at.strftime("%H:%M")},
            field="afternoon_start",
        )
    if slots[-1].ends_at.date() != session.day:
        raise DomainError(_("The meetings must end before midnight."), field="morning_slots")
    names = [str(n).strip() for n in session.table_names or []]
    if len(names) > session.table_count:
        raise DomainError(
            _("You named %(named)s tables, but there are %(count)s.")
            % {"named": len(names), "count": session.table_count},
            field="table_names",
        )
    session.table_names = names


def _check_room_for_meetings(session: MatchmakingSession) -> None:
    used = Meeting.objects.filter(session=session, status=Meeting.Status.ACTIVE).aggregate(
        slot=Max("slot"),
        table=Max("table"),
        published_slot=Max("published_slot"),
        published_table=Max("published_table"),
    )
    last_slot = max(used["slot"] or 0, used["published_slot"] or 0)
    last_table = max(used["table"] or 0, used["published_table"] or 0)
    if last_slot > session.slot_count:
        raise DomainError(
            _("Meetings are booked up to slot %(n)s: keep at least that many slots.")
            % {"n": last_slot},
            field="morning_slots",
        )
    if last_table > session.table_count:
        raise DomainError(
            _("Meetings are booked at table %(n)s: keep at least that many tables.")
            % {"n": last_table},
            field="table_count",
        )


def session_create(*, actor: Actor, event: Event, **fields: Any) -> MatchmakingSession:
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("The event has been cancelled."))
    session = MatchmakingSession(event=event, created_by=actor if _is_user(actor) else None)
    for name, value in fields.items():
        setattr(session, name, value)
    _check(session, event)
    with transaction.atomic():
        session.save()
        log_action(
            actor=actor,
            action="klynge.matchmaking.session.created",
            target=session,
            data={"event": event.pk, "slots": session.slot_count, "tables": session.table_count},
            cluster=event.cluster_id,
        )
    return session


def session_update(
    *, actor: Actor, session: MatchmakingSession, **fields: Any
) -> MatchmakingSession:
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = lock_session(session)
        changed = {n: v for n, v in fields.items() if getattr(locked, n) != v}
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.__dict__.pop("_slots", None)
        _check(locked, locked.event)
        _check_room_for_meetings(locked)
        timing_changed = bool(set(changed) & set(TIMING_FIELDS))
        if timing_changed and locked.published_version:
            locked.published_version += 1
        locked.save()
        log_action(
            actor=actor,
            action="klynge.matchmaking.session.updated",
            target=locked,
            data={"changed": sorted(changed)},
            cluster=locked.event.cluster_id,
        )
        if timing_changed and locked.published_version:
            people = _with_published_meetings(locked)
            transaction.on_commit(lambda: notices.send_changed_mails(locked.pk, people))
    session.refresh_from_db()
    session.__dict__.pop("_slots", None)
    return session


def _with_published_meetings(session: MatchmakingSession) -> list[int]:
    ids: set[int] = set()
    for a, b in Meeting.objects.filter(
        session=session, status=Meeting.Status.ACTIVE, published_slot__isnull=False
    ).values_list("a_id", "b_id"):
        ids |= {a, b}
    return sorted(ids)


def session_set_status(*, actor: Actor, session: MatchmakingSession, status: str) -> None:
    """Draft -> open (participants join and send requests) -> closed (requests stop)."""
    if status not in MatchmakingSession.Status.values:
        raise DomainError(_("Unknown status."), field="status")
    with transaction.atomic():
        locked = lock_session(session)
        if locked.status == status:
            return
        before = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        log_action(
            actor=actor,
            action="klynge.matchmaking.session.status_changed",
            target=locked,
            data={"from": before, "to": status},
            cluster=locked.event.cluster_id,
        )
    session.status = status


def session_delete(*, actor: Actor, session: MatchmakingSession) -> None:
    """Only an empty session (no meetings and no requests) can be deleted."""
    if session.meetings.exists() or session.requests.filter(~Q(status="withdrawn")).exists():
        raise DomainError(_("The session has requests or meetings; close it instead."))
    with transaction.atomic():
        log_action(
            actor=actor,
            action="klynge.matchmaking.session.deleted",
            target=session,
            data={"title": session.title},
            cluster=session.event.cluster_id,
        )
        session.delete()


def _is_user(actor: Actor | None) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)
