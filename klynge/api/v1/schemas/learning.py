"""Schemas for the learning API: separate In/Out per operation."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field

from .types import AtLeastOne, Count, Schema, WebUrl, WholeNumber, decimal_input

Kind = Literal["further_education", "continuing_education", "short_course", "webinar_series"]
Level = Literal["introductory", "intermediate", "advanced", "bachelor", "master"]
Language = Literal["nb", "en", "nb_en"]
Format = Literal["on_campus", "online", "blended"]
Admission = Literal["direct", "application"]
OpenTo = Literal["members", "everyone"]
EditableStatus = Literal["draft", "published"]


Credits = Annotated[Decimal, decimal_input(digits=4, places=1, positive=True)]
CreditsEarned = Annotated[Decimal, decimal_input(digits=4, places=1)]


class CourseSessionOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    online_url: str


class CourseOut(Schema):
    id: int
    cluster: str
    provider_id: int | None
    provider: str
    title: str
    description: str
    learning_outcomes: str
    kind: str
    credits: Decimal | None
    level: str
    language: str
    format: str
    capacity: int | None
    application_deadline: date | None
    fee: int
    member_fee: int | None
    target_group: str
    admission: str
    open_to: str
    status: str
    topics: list[str]
    starts_at: datetime | None
    ends_at: datetime | None
    enrolment_state: str
    url: str

    @staticmethod
    def resolve_cluster(obj: Any) -> str:
        return obj.cluster.slug

    @staticmethod
    def resolve_provider(obj: Any) -> str:
        return obj.provider.name if obj.provider_id else ""

    @staticmethod
    def resolve_topics(obj: Any) -> list[str]:
        return sorted(t.slug for t in obj.topics.all())

    @staticmethod
    def resolve_enrolment_state(obj: Any) -> str:
        return obj.enrolment_state()

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class CourseListOut(CourseOut):
    places_taken: int
    waiting_count: int


class SessionIn(Schema):
    title: str = Field("", max_length=200)
    starts_at: datetime
    ends_at: datetime
    venue: str = Field("", max_length=255)
    online_url: WebUrl = ""


class CourseSessionPatchIn(Schema):
    title: str | None = Field(None, max_length=200)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    venue: str | None = Field(None, max_length=255)
    online_url: WebUrl | None = None


class CourseCreateIn(Schema):
    cluster: str = Field(..., description="Slug of the cluster offering the course")
    provider_id: WholeNumber | None = None
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    learning_outcomes: str = ""
    kind: Kind = "short_course"
    credits: Credits | None = None
    level: Level = "introductory"
    language: Language = "nb"
    format: Format = "on_campus"
    capacity: AtLeastOne | None = None
    application_deadline: date | None = None
    fee: Count = 0
    member_fee: Count | None = None
    target_group: str = Field("", max_length=255)
    admission: Admission = "direct"
    open_to: OpenTo = "members"
    status: EditableStatus = "draft"
    topics: list[str] = []
    sessions: list[SessionIn] = []


class CoursePatchIn(Schema):
    provider_id: WholeNumber | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    learning_outcomes: str | None = None
    kind: Kind | None = None
    credits: Credits | None = None
    level: Level | None = None
    language: Language | None = None
    format: Format | None = None
    capacity: AtLeastOne | None = Field(None, description="Send null to remove the limit")
    application_deadline: date | None = None
    fee: Count | None = None
    member_fee: Count | None = None
    target_group: str | None = Field(None, max_length=255)
    admission: Admission | None = None
    open_to: OpenTo | None = None
    status: EditableStatus | None = None
    topics: list[str] | None = None


class CourseCapacityOut(Schema):
    course: CourseOut
    promoted: list[int]
    over_by: int


class EnrolmentOut(Schema):
    id: int
    course: int
    person_id: int
    full_name: str
    organisation_id: int | None
    status: str
    waitlist_position: int | None
    source: str
    fee: int
    created_at: datetime
    enrolled_at: datetime | None
    completed_on: date | None
    credits_earned: Decimal | None
    certificate_code: str

    @staticmethod
    def resolve_course(obj: Any) -> int:
        return obj.course_id

    @staticmethod
    def resolve_full_name(obj: Any) -> str:
        return obj.person.full_name


class CourseParticipantOut(EnrolmentOut):
    email: str
    organisation: str
    completion_evidence: str

    @staticmethod
    def resolve_email(obj: Any) -> str:
        return obj.person.email

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.organisation.name if obj.organisation_id else ""


class EnrolmentCreateIn(Schema):
    """`person_id` (yourself, a colleague, or anyone for the team) or, for the team, name and email."""

    person_id: WholeNumber | None = None
    full_name: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    organisation_id: WholeNumber | None = None


class CompletionIn(Schema):
    enrolment_ids: list[WholeNumber] = Field(..., min_length=1)
    completed_on: date
    credits: CreditsEarned | None = None
    evidence: str = Field("", max_length=2000)


class BreakdownOut(Schema):
    key: str
    label: str
    participants: int
    completions: int
    credits: Decimal


class KpisOut(Schema):
    cluster: str
    start: date
    end: date
    courses: int
    enrolments: int
    participants: int
    organisations: int
    completions: int
    people_completed: int
    credits: Decimal
    sme_participants: int
    known_size_participants: int
    sme_share: float | None
    sme_completions: int
    sme_completion_share: float | None
    by_size: list[BreakdownOut]
    by_topic: list[BreakdownOut]
    by_kind: list[BreakdownOut]
    by_year: list[BreakdownOut]
