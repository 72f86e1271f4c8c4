"""Putting a meeting into a slot and at a table, without ever double-booking.

B2B slots are a limited resource like event seats, so they use the same mechanism
(`klynge.core.capacity.lock`): every booking change locks the session row first, so two
transactions that want the same participant, slot or table queue up and the second one sees the
first one's booking. Two database constraints back this up (one active meeting per slot and table;
one `Booking` row per participant and slot); if they ever fire, the caller gets a ConflictError.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from klynge.core import capacity
from klynge.core.errors import ConflictError, DomainError

from ..models import Booking, MatchmakingSession, Meeting, Participant, Precedence
from ..slots import unavailable_slots


def lock_session(session: MatchmakingSession) -> MatchmakingSession:
    """The session row, locked until the transaction ends (call inside `transaction.atomic`)."""
    return capacity.lock(session)


def participant_blocked(session: MatchmakingSession, participant: Participant) -> frozenset[int]:
    return unavailable_slots(
        session.slots,
        arrives_at=participant.arrives_at,
        leaves_at=participant.leaves_at,
        unavailable=participant.unavailable_slots or (),
    )


def _check_slot_rules(session: MatchmakingSession, meeting: Meeting, slot: int) -> None:
    found = session.slot(slot)
    if found is None:
        raise DomainError(_("There is no such slot."), field="slot")
    if meeting.restriction != Meeting.Restriction.ANY and found.session != meeting.restriction:
        raise DomainError(
            _("This meeting must take place in the %(part)s.")
            % {"part": meeting.get_restriction_display().lower()},
            field="slot",
        )
    for person in (meeting.a, meeting.b):
        if slot in participant_blocked(session, person):
            raise DomainError(
                _("%(name)s is not available at %(time)s.")
                % {"name": person.person.full_name, "time": found.label},
                field="slot",
            )
    _check_precedences(meeting, slot)


def _check_precedences(meeting: Meeting, slot: int) -> None:
    earlier = Precedence.objects.filter(after=meeting, before__slot__isnull=False).values_list(
        "before__slot", flat=True
    )
    later = Precedence.objects.filter(before=meeting, after__slot__isnull=False).values_list(
        "after__slot", flat=True
    )
    if any(s is not None and s >= slot for s in earlier) or any(
        s is not None and s <= slot for s in later
    ):
        raise DomainError(
            _("This slot breaks an order the organiser set between meetings."), field="slot"
        )


def _choose_table(
    session: MatchmakingSession, meeting: Meeting, slot: int, wanted: int | None
) -> int:
    taken = set(
        Meeting.objects.filter(session=session, status=Meeting.Status.ACTIVE, slot=slot)
        .exclude(pk=meeting.pk)
        .values_list("table", flat=True)
    )
    if wanted is not None:
        if not 1 <= wanted <= session.table_count:
            raise DomainError(_("There is no such table."), field="table")
        if wanted in taken:
            raise ConflictError(_("That table is taken in this slot."), field="table")
        return wanted
    free = [n for n in range(1, session.table_count + 1) if n not in taken]
    if not free:
        raise ConflictError(_("Every table is taken in this slot."), field="slot")
    # Keep a participant at the table they sit at in a neighbouring slot, where possible.
    people = [meeting.a_id, meeting.b_id]
    preferred = (
        Meeting.objects.filter(
            Q(a__in=people) | Q(b__in=people),
            session=session,
            status=Meeting.Status.ACTIVE,
            slot__in=[slot - 1, slot + 1],
            table__in=free,
        )
        .exclude(pk=meeting.pk)
        .order_by("slot", "table")
        .values_list("table", flat=True)
    )
    return next((table for table in preferred if table is not None), free[0])


def place(
    session: MatchmakingSession,
    meeting: Meeting,
    slot: int,
    *,
    table: int | None = None,
    fixed: bool | None = None,
    publish: bool = False,
) -> Meeting:
    """Book `meeting` at `slot` (and `table`, or a free one). Caller holds `lock_session`.

    Raises DomainError when the slot breaks a rule and ConflictError when a participant or every
    table is already taken. `publish` also makes it what participants see (self-booking).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("place() must run inside transaction.atomic() after lock_session()")
    if not meeting.is_active:
        raise ConflictError(_("The meeting has been cancelled."))
    _check_slot_rules(session, meeting, slot)
    busy = (
        Booking.objects.filter(participant_id__in=[meeting.a_id, meeting.b_id], slot=slot)
        .exclude(meeting=meeting)
        .select_related("participant__person")
        .first()
    )
    if busy is not None:
        raise ConflictError(
            _("%(name)s already has a meeting in this slot.")
            % {"name": busy.participant.person.full_name},
            field="slot",
        )
    chosen = _choose_table(session, meeting, slot, table)
    meeting.slot, meeting.table = slot, chosen
    if fixed is not None:
        meeting.fixed = fixed
    fields = ["slot", "table", "fixed", "updated_at"]
    if publish:
        meeting.published_slot, meeting.published_table = slot, chosen
        fields += ["published_slot", "published_table"]
    try:
        with transaction.atomic():
            Booking.objects.filter(meeting=meeting).delete()
            meeting.save(update_fields=fields)
            write_bookings([meeting])
    except IntegrityError as error:
        raise ConflictError(
            _("The slot was just taken. Pick another one."), field="slot"
        ) from error
    return meeting


def unplace(meeting: Meeting, *, publish: bool = False) -> Meeting:
    """Take the meeting out of its slot (caller holds the lock)."""
    Booking.objects.filter(meeting=meeting).delete()
    meeting.slot = meeting.table = None
    meeting.fixed = False
    fields = ["slot", "table", "fixed", "updated_at"]
    if publish:
        meeting.published_slot = meeting.published_table = None
        fields += ["published_slot", "published_table"]
    meeting.save(update_fields=fields)
    return meeting


def write_bookings(meetings: Iterable[Meeting]) -> None:
    Booking.objects.bulk_create(
        [
            Booking(session_id=m.session_id, meeting=m, participant_id=pid, slot=m.slot)
            for m in meetings
            if m.slot is not None and m.is_active
            for pid in (m.a_id, m.b_id)
        ]
    )
