"""Meetings: the organiser adds, removes, places and fixes them and orders pairs of them;
participants book a slot themselves in self-booking sessions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.permissions import is_authenticated

from .. import notices
from ..models import MatchmakingSession, Meeting, Participant, Precedence
from .booking import lock_session, place, unplace
from .requests import check_cap, ordered, pair_has_meeting


def notify_changed(session: MatchmakingSession, participant_ids: Iterable[int]) -> None:
    """After a change to published agendas, mail the people concerned (once the data is saved)."""
    ids = sorted(set(participant_ids))
    if ids and session.published_version:
        transaction.on_commit(lambda: notices.send_changed_mails(session.pk, ids))


def _audit(actor: Actor, verb: str, meeting: Meeting, **data: Any) -> None:
    log_action(
        actor=actor,
        action=f"klynge.matchmaking.meeting.{verb}",
        target=meeting,
        data={"slot": meeting.slot, "table": meeting.table, **data},
        cluster=meeting.session.event.cluster_id,
    )


def meeting_add(
    *,
    actor: Actor,
    session: MatchmakingSession,
    first: Participant,
    second: Participant,
    restriction: str = Meeting.Restriction.ANY,
    priority: int = 1,
    slot: int | None = None,
    table: int | None = None,
) -> Meeting:
    """The organiser adds a meeting (optionally straight into a slot, which fixes it there)."""
    if first.pk == second.pk:
        raise DomainError(_("Choose two different participants."), field="second")
    if first.session_id != session.pk or second.session_id != session.pk:
        raise DomainError(_("Both must take part in this session."), field="second")
    if not (first.is_active and second.is_active):
        raise DomainError(_("Both must take part in this session."), field="second")
    if restriction not in Meeting.Restriction.values:
        raise DomainError(_("Unknown choice."), field="restriction")
    if priority < 1:
        raise DomainError(_("Priority is at least 1."), field="priority")
    with transaction.atomic():
        locked = lock_session(session)
        if pair_has_meeting(first, second):
            raise ConflictError(_("These two participants already have a meeting."), field="second")
        check_cap(first, you=False)
        check_cap(second, you=False)
        a, b = ordered(first, second)
        try:
            with transaction.atomic():
                meeting = Meeting.objects.create(
                    session=locked,
                    a=a,
                    b=b,
                    source=Meeting.Source.ORGANISER,
                    restriction=restriction,
                    priority=priority,
                    created_by=actor if is_authenticated(actor) else None,
                )
        except IntegrityError as error:
            raise ConflictError(_("These two participants already have a meeting.")) from error
        if slot is not None:
            place(locked, meeting, slot, table=table, fixed=True)
        _audit(actor, "added", meeting, a=a.pk, b=b.pk, priority=priority)
    return meeting


def meeting_cancel(*, actor: Actor, meeting: Meeting) -> Meeting:
    with transaction.atomic():
        session = lock_session(meeting.session)
        meeting.refresh_from_db()
        if not meeting.is_active:
            raise ConflictError(_("The meeting has already been cancelled."))
        was_published = meeting.published_slot is not None
        unplace(meeting)
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = timezone.now()
        meeting.save(update_fields=["status", "cancelled_at", "updated_at"])
        Precedence.objects.filter(before=meeting).delete()
        Precedence.objects.filter(after=meeting).delete()
        _audit(actor, "cancelled", meeting)
        if was_published:
            notify_changed(session, [meeting.a_id, meeting.b_id])
    return meeting


def meeting_book(
    *,
    actor: Actor,
    meeting: Meeting,
    slot: int,
    table: int | None = None,
    by_organiser: bool = False,
) -> Meeting:
    """Put the meeting into `slot`. The organiser's placement fixes it (until published it is a
    draft); a participant's own booking in a self-booking session is final at once."""
    with transaction.atomic():
        session = lock_session(meeting.session)
        meeting.refresh_from_db()
        if not by_organiser and not session.accepts_requests:
            raise DomainError(_("Bookings are closed."), code="closed")
        before = (meeting.slot, meeting.table)
        place(
            session,
            meeting,
            slot,
            table=table if by_organiser else None,
            fixed=True if by_organiser else None,
            publish=not by_organiser,
        )
        _audit(actor, "booked", meeting, before=list(before), by_organiser=by_organiser)
        if not by_organiser:
            other = [meeting.a_id, meeting.b_id]
            notify_changed(session, other)
    return meeting


def meeting_unbook(*, actor: Actor, meeting: Meeting, by_organiser: bool = False) -> Meeting:
    with transaction.atomic():
        session = lock_session(meeting.session)
        meeting.refresh_from_db()
        if meeting.slot is None:
            return meeting
        before = (meeting.slot, meeting.table)
        unplace(meeting, publish=not by_organiser)
        _audit(actor, "unbooked", meeting, before=list(before))
        if not by_organiser:
            notify_changed(session, [meeting.a_id, meeting.b_id])
    return meeting


def meeting_set_fixed(*, actor: Actor, meeting: Meeting, fixed: bool) -> Meeting:
    """A fixed meeting keeps its slot and table when the scheduler runs again."""
    if fixed and meeting.slot is None:
        raise DomainError(_("Place the meeting in a slot before fixing it."), field="slot")
    with transaction.atomic():
        lock_session(meeting.session)
        meeting.fixed = fixed
        meeting.save(update_fields=["fixed", "updated_at"])
        _audit(actor, "fixed" if fixed else "unfixed", meeting)
    return meeting


def _reaches(session: MatchmakingSession, start: int, goal: int) -> bool:
    """Is there a chain of precedences start -> ... -> goal?"""
    edges: dict[int, list[int]] = {}
    for before, after in Precedence.objects.filter(session=session).values_list(
        "before_id", "after_id"
    ):
        edges.setdefault(before, []).append(after)
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for nxt in edges.get(node, []):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def precedence_add(*, actor: Actor, before: Meeting, after: Meeting) -> Precedence:
    """`before` must come earlier than `after` (e.g. meet the investor after the pitch coach)."""
    session = before.session
    if after.session_id != session.pk:
        raise DomainError(_("Both meetings must be in this session."), field="after")
    if before.pk == after.pk:
        raise DomainError(_("Choose two different meetings."), field="after")
    if not (before.is_active and after.is_active):
        raise DomainError(_("Both meetings must be active."), field="after")
    with transaction.atomic():
        lock_session(session)
        if _reaches(session, after.pk, before.pk):
            raise DomainError(_("That order would go round in a circle."), field="after")
        if before.slot is not None and after.slot is not None and before.slot >= after.slot:
            raise DomainError(
                _("The meetings are booked the other way round; move one first."), field="after"
            )
        precedence, created = Precedence.objects.get_or_create(
            session=session, before=before, after=after
        )
        if not created:
            raise ConflictError(_("That order is already set."), field="after")
        log_action(
            actor=actor,
            action="klynge.matchmaking.precedence.added",
            target=precedence,
            data={"before": before.pk, "after": after.pk},
            cluster=session.event.cluster_id,
        )
    return precedence


def precedence_remove(*, actor: Actor, precedence: Precedence) -> None:
    with transaction.atomic():
        log_action(
            actor=actor,
            action="klynge.matchmaking.precedence.removed",
            target=precedence,
            data={"before": precedence.before_id, "after": precedence.after_id},
            cluster=precedence.session.event.cluster_id,
        )
        precedence.delete()
