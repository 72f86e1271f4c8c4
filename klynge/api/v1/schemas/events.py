"""Schemas for the events API: separate In/Out per operation."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field

from .types import AtLeastOne, Schema, WebUrl, WholeNumber

Kind = Literal[
    "conference",
    "partner_conference",
    "seminar",
    "workshop",
    "webinar",
    "network_meeting",
    "matchmaking_day",
    "site_visit",
]
Audience = Literal["public", "members", "invited"]
EditableStatus = Literal["draft", "published"]


class EventOut(Schema):
    id: int
    cluster: str
    co_hosts: list[str]
    kind: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    online_url: str
    audience: str
    capacity: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    status: str
    topics: list[str]
    seats_taken: int
    waiting_count: int
    url: str

    @staticmethod
    def resolve_cluster(obj: Any) -> str:
        return obj.cluster.slug

    @staticmethod
    def resolve_co_hosts(obj: Any) -> list[str]:
        return sorted(c.slug for c in obj.co_hosts.all())

    @staticmethod
    def resolve_topics(obj: Any) -> list[str]:
        return sorted(t.slug for t in obj.topics.all())

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_online_url(obj: Any, context: Any) -> str:
        """Only for the host team and officers; participants get the link by mail."""
        from klynge.events.permissions import can_view_participants

        request = (context or {}).get("request")
        user = getattr(request, "user", None)
        return obj.online_url if user is not None and can_view_participants(user, obj) else ""


class QuestionIn(Schema):
    label: str = Field(..., min_length=1, max_length=200)
    kind: Literal["text", "choice", "checkbox"] = "text"
    choices: list[str] = []
    required: bool = False


class EventCreateIn(Schema):
    cluster: str = Field(..., description="Slug of the host cluster")
    co_hosts: list[str] = []
    kind: Kind = "seminar"
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    starts_at: datetime
    ends_at: datetime
    venue: str = Field("", max_length=255)
    online_url: WebUrl = ""
    audience: Audience = "public"
    capacity: AtLeastOne | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    status: EditableStatus = "draft"
    topics: list[str] = []
    questions: list[QuestionIn] = []


class EventPatchIn(Schema):
    kind: Kind | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    venue: str | None = Field(None, max_length=255)
    online_url: WebUrl | None = None
    audience: Audience | None = None
    capacity: AtLeastOne | None = Field(None, description="Send null to remove the limit")
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    status: EditableStatus | None = None
    topics: list[str] | None = None
    co_hosts: list[str] | None = None


class EventCapacityOut(Schema):
    event: EventOut
    promoted: list[int]
    over_by: int


class RegistrationCreateIn(Schema):
    """Either `person_id` (yourself, a colleague, or anyone for the host team) or a guest's details."""

    person_id: WholeNumber | None = None
    full_name: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    organisation_name: str = Field("", max_length=255)
    answers: dict[str, Any] = {}


class RegistrationOut(Schema):
    id: int
    event: int
    person: str
    status: str
    waitlist_position: int | None
    source: str
    created_at: datetime

    @staticmethod
    def resolve_event(obj: Any) -> int:
        return obj.event_id

    @staticmethod
    def resolve_person(obj: Any) -> str:
        return obj.person.full_name


class EventParticipantOut(Schema):
    id: int
    person_id: int
    full_name: str
    email: str
    organisation: str
    status: str
    waitlist_position: int | None
    source: str
    answers: dict[str, Any]
    created_at: datetime
    checked_in_at: datetime | None

    @staticmethod
    def resolve_full_name(obj: Any) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_email(obj: Any) -> str:
        return obj.person.email

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.organisation_label


class FeedbackSummaryOut(Schema):
    responses: int
    attended: int
    average: float | None
    nps: int | None
    distribution: list[int]
