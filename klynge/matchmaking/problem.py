"""Turn a session's rows into the scheduler's `Problem` (plain data, read once)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import MatchmakingSession, Meeting, Participant, Precedence
from .scheduling import (
    FixedMeeting,
    MeetingId,
    ParticipantId,
    Problem,
    Session,
    SessionRestriction,
    Slot,
)
from .scheduling import Meeting as PlannedMeeting
from .slots import MORNING, unavailable_slots

RESTRICTIONS: dict[str, SessionRestriction] = {
    Meeting.Restriction.ANY: SessionRestriction.ANY,
    Meeting.Restriction.MORNING: SessionRestriction.MORNING,
    Meeting.Restriction.AFTERNOON: SessionRestriction.AFTERNOON,
}


@dataclass(frozen=True)
class Snapshot:
    """The problem and what the service needs to report on the result."""

    problem: Problem
    keep_published: bool
    published: dict[int, tuple[int, int | None]]  # meeting id -> published (slot, table)
    names: dict[int, str]  # participant id -> name


def build_problem(
    session: MatchmakingSession, *, keep_published: bool, time_limit: float
) -> Snapshot:
    """Active participants and meetings of the session.

    Fixed meetings keep their slot and table. Published meetings are fixed too unless
    `keep_published` is False; then they are passed as `previous`, so the solver moves as few as
    it can.
    """
    people = list(
        Participant.objects.filter(session=session, is_active=True)
        .select_related("person")
        .order_by("pk")
    )
    meetings = list(
        Meeting.objects.filter(
            session=session, status=Meeting.Status.ACTIVE, a__is_active=True, b__is_active=True
        ).order_by("pk")
    )
    slots = session.slots
    forbidden: dict[ParticipantId, frozenset[int]] = {}
    for person in people:
        blocked = unavailable_slots(
            slots,
            arrives_at=person.arrives_at,
            leaves_at=person.leaves_at,
            unavailable=person.unavailable_slots or (),
        )
        if blocked:
            forbidden[person.pk] = blocked
    fixed: dict[MeetingId, FixedMeeting] = {}
    previous: dict[MeetingId, int] = {}
    published: dict[int, tuple[int, int | None]] = {}
    for meeting in meetings:
        if meeting.published_slot is not None:
            published[meeting.pk] = (meeting.published_slot, meeting.published_table)
        if meeting.fixed and meeting.slot is not None:
            fixed[meeting.pk] = FixedMeeting(slot=meeting.slot, table=meeting.table)
        elif meeting.published_slot is not None:
            if keep_published:
                fixed[meeting.pk] = FixedMeeting(
                    slot=meeting.published_slot, table=meeting.published_table
                )
            else:
                previous[meeting.pk] = meeting.published_slot
    ids = {m.pk for m in meetings}
    precedences = tuple(
        (before, after)
        for before, after in Precedence.objects.filter(session=session)
        .order_by("pk")
        .values_list("before_id", "after_id")
        if before in ids and after in ids
    )
    problem = Problem(
        participants=tuple(p.pk for p in people),
        meetings=tuple(
            PlannedMeeting(
                id=m.pk,
                a=m.a_id,
                b=m.b_id,
                session=RESTRICTIONS[m.restriction],
                priority=m.priority,
            )
            for m in meetings
        ),
        slots=tuple(
            Slot(
                session=Session.MORNING if s.session == MORNING else Session.AFTERNOON,
                label=s.label,
            )
            for s in slots
        ),
        n_tables=session.table_count,
        table_names=tuple(name for _n, name in session.tables),
        forbidden=forbidden,
        fixed=fixed,
        precedences=precedences,
        fairness=session.fairness,
        time_limit=time_limit,
        previous=previous,
        name=f"session-{session.pk}",
    )
    return Snapshot(
        problem=problem,
        keep_published=keep_published,
        published=published,
        names={p.pk: p.person.full_name for p in people},
    )
