"""Schemas for the B2B matchmaking API: separate In/Out per operation."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from ninja import Field

from .types import WHOLE, AtLeastOne, ClockTime, Count, Schema, WholeNumber

RequestMode = Literal["confirm", "auto"]
BookingMode = Literal["scheduler", "self"]
Status = Literal["draft", "open", "closed"]
Restriction = Literal["any", "morning", "afternoon"]


class SlotOut(Schema):
    number: int
    starts_at: datetime
    ends_at: datetime
    session: str


class B2BSessionOut(Schema):
    id: int
    event: int
    title: str
    description: str
    day: date
    morning_start: ClockTime
    morning_slots: int
    afternoon_start: ClockTime | None
    afternoon_slots: int
    meeting_minutes: int
    break_minutes: int
    table_count: int
    tables: list[str]
    slots: list[SlotOut]
    request_mode: str
    booking_mode: str
    booking_deadline: datetime | None
    max_meetings: int | None
    fairness: int | None
    status: str
    published_version: int
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_event(obj: Any) -> int:
        return obj.event_id

    @staticmethod
    def resolve_tables(obj: Any) -> list[str]:
        return [name for _n, name in obj.tables]

    @staticmethod
    def resolve_slots(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "number": s.number,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "session": s.session,
            }
            for s in obj.slots
        ]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class SessionCreateIn(Schema):
    title: str = Field("B2B meetings", min_length=1, max_length=200)
    description: str = ""
    day: date
    morning_start: ClockTime = time(9, 0)
    morning_slots: Annotated[int, Field(ge=0, le=60), WHOLE] = 8
    afternoon_start: ClockTime | None = None
    afternoon_slots: Annotated[int, Field(ge=0, le=60), WHOLE] = 0
    meeting_minutes: Annotated[int, Field(ge=5, le=240), WHOLE] = 20
    break_minutes: Annotated[int, Field(ge=0, le=120), WHOLE] = 5
    table_count: Annotated[int, Field(ge=1, le=500), WHOLE] = 10
    table_names: list[str] = []
    request_mode: RequestMode = "confirm"
    booking_mode: BookingMode = "scheduler"
    booking_deadline: datetime | None = None
    max_meetings: AtLeastOne | None = None
    fairness: Count | None = 2


class B2BSessionPatchIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    day: date | None = None
    morning_start: ClockTime | None = None
    morning_slots: Annotated[int, Field(ge=0, le=60), WHOLE] | None = None
    afternoon_start: ClockTime | None = None
    afternoon_slots: Annotated[int, Field(ge=0, le=60), WHOLE] | None = None
    meeting_minutes: Annotated[int, Field(ge=5, le=240), WHOLE] | None = None
    break_minutes: Annotated[int, Field(ge=0, le=120), WHOLE] | None = None
    table_count: Annotated[int, Field(ge=1, le=500), WHOLE] | None = None
    table_names: list[str] | None = None
    request_mode: RequestMode | None = None
    booking_mode: BookingMode | None = None
    booking_deadline: datetime | None = None
    max_meetings: AtLeastOne | None = None
    fairness: Count | None = None


class B2BStatusIn(Schema):
    status: Status


class B2BParticipantOut(Schema):
    id: int
    name: str
    organisation: str
    offers: str
    needs: str
    topics: list[str]

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.organisation_label

    @staticmethod
    def resolve_topics(obj: Any) -> list[str]:
        return sorted(t.slug for t in obj.topics.all())


class ProfileOut(B2BParticipantOut):
    arrives_at: ClockTime | None
    leaves_at: ClockTime | None
    unavailable_slots: list[int]
    max_meetings: int | None
    calendar_url: str

    @staticmethod
    def resolve_calendar_url(obj: Any) -> str:
        return obj.get_ics_url()


class ProfileIn(Schema):
    offers: str | None = Field(None, max_length=2000)
    needs: str | None = Field(None, max_length=2000)
    topics: list[str] | None = None
    arrives_at: ClockTime | None = None
    leaves_at: ClockTime | None = None
    unavailable_slots: list[WholeNumber] | None = None
    max_meetings: Annotated[int, Field(ge=1, le=60), WHOLE] | None = None


class SuggestionOut(Schema):
    participant: B2BParticipantOut
    score: int
    shared_topics: list[str]
    they_offer: list[str]
    they_need: list[str]


class RequestIn(Schema):
    invitee: WholeNumber
    message: str = Field("", max_length=1000)
    proposed_slot: WholeNumber | None = None


class RequestOut(Schema):
    id: int
    requester: B2BParticipantOut
    invitee: B2BParticipantOut
    message: str
    status: str
    proposed_slot: int | None
    created_at: datetime
    responded_at: datetime | None


class AcceptIn(Schema):
    slot: WholeNumber | None = None


class MeetingOut(Schema):
    id: int
    a: B2BParticipantOut
    b: B2BParticipantOut
    status: str
    slot: int | None
    table: int | None
    fixed: bool
    restriction: str
    priority: int
    published_slot: int | None
    published_table: int | None


class MeetingAddIn(Schema):
    first: WholeNumber
    second: WholeNumber
    restriction: Restriction = "any"
    priority: Annotated[int, Field(ge=1, le=100), WHOLE] = 1
    slot: WholeNumber | None = None


class BookIn(Schema):
    slot: WholeNumber
    table: WholeNumber | None = None


class RunIn(Schema):
    time_limit: float = Field(60.0, ge=1, le=600)
    allow_moving: bool = False


class RunOut(Schema):
    state: str
    progress: int
    message: str
    started_at: datetime | None
    finished_at: datetime | None
    report: dict[str, Any]


class PublishOut(Schema):
    version: int
    changed: int
    people: int


class AgendaItemOut(Schema):
    meeting: int
    slot: int
    starts_at: datetime
    ends_at: datetime
    table: str
    with_participant: B2BParticipantOut


class AgendaOut(Schema):
    participant: B2BParticipantOut
    published: bool
    items: list[AgendaItemOut]
    without_slot: list[B2BParticipantOut]


class StatisticsOut(Schema):
    total: int
    placed: int
    unplaced: list[dict[str, Any]]
    total_gaps: int
    max_gaps: int
    gaps_by_participant: dict[str, int]
    table_use: list[dict[str, Any]]
    without_meetings: list[int]


# --- shaping selector results for the responses ---------------------------------------------


def suggestion_payload(found: Any) -> dict[str, Any]:
    shared = found.suggestion.shared_topics
    return {
        "participant": found.participant,
        "score": found.suggestion.score,
        "shared_topics": sorted(t.slug for t in found.participant.topics.all() if t.pk in shared),
        "they_offer": list(found.suggestion.they_offer),
        "they_need": list(found.suggestion.they_need),
    }


def agenda_payload(agenda: Any, *, published: bool) -> dict[str, Any]:
    return {
        "participant": agenda.participant,
        "published": published,
        "items": [
            {
                "meeting": item.meeting.pk,
                "slot": item.slot.number,
                "starts_at": item.slot.starts_at,
                "ends_at": item.slot.ends_at,
                "table": item.table,
                "with_participant": item.other,
            }
            for item in agenda.items
        ],
        "without_slot": [item.other for item in agenda.waiting],
    }


def statistics_payload(stats: Any) -> dict[str, Any]:
    return {
        "total": stats.total,
        "placed": stats.placed,
        "unplaced": [
            {"meeting": row["meeting"].pk, "reason": str(row["reason"])} for row in stats.unplaced
        ],
        "total_gaps": stats.total_gaps,
        "max_gaps": stats.max_gaps,
        "gaps_by_participant": {str(s.participant.pk): s.gaps for s in stats.participants},
        "table_use": [{"table": t["name"], "meetings": t["meetings"]} for t in stats.table_use],
        "without_meetings": [p.pk for p in stats.without_meetings],
    }


def run_payload(session: Any) -> dict[str, Any]:
    return {
        "state": session.run_state,
        "progress": session.run_progress,
        "message": session.run_message,
        "started_at": session.run_started_at,
        "finished_at": session.run_finished_at,
        "report": session.run_report or {},
    }
