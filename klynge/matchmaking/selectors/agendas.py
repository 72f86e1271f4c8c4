"""Agendas: a participant's meetings in time order, as published (participants) or as planned
(the organiser's draft)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from ..models import MatchmakingSession, Meeting, Participant
from ..slots import SlotTime

# What a meeting row needs to name both parties without a query per row (their registrations give
# `organisation_label` for a guest).
MEETING_PARTIES = (
    "a__person",
    "a__organisation",
    "a__registration",
    "b__person",
    "b__organisation",
    "b__registration",
)


@dataclass(frozen=True)
class AgendaItem:
    meeting: Meeting
    slot: SlotTime | None
    table: str
    other: Participant
    changed: bool  # the organiser's plan differs from the published agenda

    @property
    def organisation(self) -> str:
        return self.other.organisation_label


@dataclass(frozen=True)
class Agenda:
    participant: Participant
    items: list[AgendaItem]  # scheduled, in time order
    waiting: list[AgendaItem]  # accepted meetings without a slot (yet)

    @property
    def count(self) -> int:
        return len(self.items)


def _meetings(session: MatchmakingSession, participants: Iterable[Participant]) -> list[Meeting]:
    ids = [p.pk for p in participants]
    return list(
        Meeting.objects.filter(Q(a_id__in=ids) | Q(b_id__in=ids), session=session)
        .filter(Q(status=Meeting.Status.ACTIVE))
        .select_related(*MEETING_PARTIES)
        .order_by("pk")
    )


def build_agendas(
    session: MatchmakingSession, participants: Iterable[Participant], *, published: bool
) -> dict[int, Agenda]:
    """Agenda per participant id, in one query for all of them."""
    people = list(participants)
    found: dict[int, tuple[list[AgendaItem], list[AgendaItem]]] = {p.pk: ([], []) for p in people}
    for meeting in _meetings(session, people):
        slot_no = meeting.published_slot if published else meeting.slot
        table_no = meeting.published_table if published else meeting.table
        for me, other in ((meeting.a, meeting.b), (meeting.b, meeting.a)):
            if me.pk not in found:
                continue
            item = AgendaItem(
                meeting=meeting,
                slot=session.slot(slot_no),
                table=session.table_name(table_no),
                other=other,
                changed=meeting.is_changed,
            )
            found[me.pk][0 if item.slot else 1].append(item)
    agendas = {}
    for person in people:
        items, waiting = found[person.pk]
        items.sort(key=lambda i: i.slot.number if i.slot else 0)
        waiting.sort(key=lambda i: i.other.person.full_name)
        agendas[person.pk] = Agenda(person, items, waiting)
    return agendas


def agenda_for(participant: Participant, *, published: bool = True) -> Agenda:
    return build_agendas(participant.session, [participant], published=published)[participant.pk]


def grid(session: MatchmakingSession) -> list[dict[str, object]]:
    """The planned schedule as rows of slots with one cell per table."""
    cells: dict[tuple[int, int], Meeting] = {
        (m.slot, m.table): m  # type: ignore[misc]  # slot__isnull=False => table set (db check)
        for m in Meeting.objects.filter(
            session=session, status=Meeting.Status.ACTIVE, slot__isnull=False
        ).select_related("a__person", "a__organisation", "b__person", "b__organisation")
    }
    return [
        {"slot": slot, "cells": [cells.get((slot.number, n)) for n, _name in session.tables]}
        for slot in session.slots
    ]


def free_slots(
    session: MatchmakingSession, meetings: Iterable[Meeting]
) -> dict[int, list[SlotTime]]:
    """Per meeting: slots where both participants are free and available and a table is free."""
    from django.db.models import Count

    from ..models import Booking
    from ..slots import unavailable_slots

    meetings = list(meetings)
    if not meetings:
        return {}
    people = {pid for m in meetings for pid in (m.a_id, m.b_id)}
    busy: dict[int, set[int]] = {pid: set() for pid in people}
    for pid, slot in Booking.objects.filter(participant_id__in=people).values_list(
        "participant_id", "slot"
    ):
        busy[pid].add(slot)
    full = {
        row["slot"]
        for row in Meeting.objects.filter(session=session, status="active", slot__isnull=False)
        .values("slot")
        .annotate(n=Count("pk"))
        if row["n"] >= session.table_count
    }
    result = {}
    for m in meetings:
        blocked = set(full) | busy[m.a_id] | busy[m.b_id]
        for person in (m.a, m.b):
            blocked |= unavailable_slots(
                session.slots,
                arrives_at=person.arrives_at,
                leaves_at=person.leaves_at,
                unavailable=person.unavailable_slots or (),
            )
        allowed = [s for s in session.slots if s.number not in blocked]
        if m.restriction != Meeting.Restriction.ANY:
            allowed = [s for s in allowed if s.session == m.restriction]
        result[m.pk] = allowed
    return result
