"""Schemas of the programme API (separate In/Out per operation)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field

from .types import Count, Schema, WebUrl, WholeNumber, decimal_input

Percent = Annotated[
    Decimal,
    decimal_input(digits=5, places=1, maximum=100, pattern=r"^(100(\.0)?|[0-9]{1,2}(\.[0-9])?)$"),
]
Points = Annotated[Decimal, decimal_input(digits=6, places=1)]
Share = Annotated[
    Decimal,
    decimal_input(digits=4, places=3, maximum=1, pattern=r"^(1(\.0{1,3})?|0(\.[0-9]{1,3})?)$"),
]


class LevelOut(Schema):
    code: str
    name_en: str
    name_nb: str
    rank: int
    introduced_on: datetime.date | None
    typical_years: int | None
    operating_support: bool


class StatusOut(Schema):
    id: int
    level: str = Field(..., alias="level.code")
    starts_on: datetime.date
    ends_on: datetime.date | None
    decision_reference: str
    assessment_id: int | None


class ClusterStatusIn(Schema):
    level: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    decision_reference: str = ""
    note: str = ""


class LabelOut(Schema):
    id: int
    cluster: str = Field(..., alias="cluster.slug")
    grade: str
    awarded_on: datetime.date
    valid_until: datetime.date
    score_percent: Decimal | None
    assessor: str
    reference: str
    has_evidence: bool

    @staticmethod
    def resolve_has_evidence(obj: Any) -> bool:
        return bool(obj.evidence)


class LabelIn(Schema):
    grade: str
    awarded_on: datetime.date
    valid_until: datetime.date | None = None
    score_percent: Percent | None = None
    assessor: str = ""
    reference: str = ""
    evidence_url: WebUrl = ""
    note: str = ""


class ClusterProgrammeOut(Schema):
    cluster: str
    level: str | None
    level_since: datetime.date | None
    label: str | None
    label_valid_until: datetime.date | None
    history: list[StatusOut] | None


class CriterionOut(Schema):
    id: int
    code: str
    group_en: str
    name_en: str
    name_nb: str
    max_points: Decimal
    threshold: Decimal | None
    required: bool
    indicator: str
    params: dict[str, Any]


class FrameworkOut(Schema):
    code: str
    name_en: str
    name_nb: str
    use: str
    pass_percent: Decimal
    grants_level: str | None = Field(None, alias="grants_level.code")
    criteria: list[CriterionOut]


class ReadinessRowOut(Schema):
    code: str
    name: str
    computed: bool
    required: bool
    max_points: Decimal
    threshold: Decimal | None
    value: float | None
    points: Decimal | None
    meets: bool | None
    explanation: str
    missing: str
    warning: str


class ReadinessOut(Schema):
    framework: str
    as_of: datetime.date
    met: int
    rows: list[ReadinessRowOut]


class AssessmentItemOut(Schema):
    id: int
    criterion: str = Field(..., alias="criterion.code")
    computed_value: float | None
    computed_points: Decimal | None
    inputs: dict[str, Any]
    explanation: str
    self_score: Decimal | None
    score: Decimal | None
    comment: str


class AssessmentOut(Schema):
    id: int
    cluster: str = Field(..., alias="cluster.slug")
    framework: str = Field(..., alias="framework.code")
    period: str
    as_of: datetime.date
    status: str
    percent: Decimal | None
    outcome: str
    decided_on: datetime.date | None
    decision_reference: str


class AssessmentDetailOut(AssessmentOut):
    items: list[AssessmentItemOut]


class AssessmentIn(Schema):
    cluster: str
    framework: str
    period: str
    as_of: datetime.date


class ActionIn(Schema):
    action: str
    comment: str = ""


class ScoreIn(Schema):
    item: WholeNumber
    score: Points | None = None
    comment: str = ""
    evidence_url: WebUrl = ""


class AssessmentDecisionIn(Schema):
    outcome: str
    decided_on: datetime.date
    decision_reference: str = ""
    note: str = ""
    grant_level: bool = False


class CallOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    allowed_levels: list[str]
    label_required: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    full_closes_at: datetime.datetime | None
    period: str
    quota_per_cluster: int | None
    max_grant: int | None
    max_public_share: Decimal
    framework: str | None = Field(None, alias="framework.code")
    two_stage: bool
    is_published: bool
    state: str

    @staticmethod
    def resolve_allowed_levels(obj: Any) -> list[str]:
        return [level.code for level in obj.allowed_levels.all()]


class CallIn(Schema):
    title: str
    description: str = ""
    kind: str = "pre_project"
    allowed_levels: list[str] = []
    label_required: str = ""
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    full_closes_at: datetime.datetime | None = None
    period: str
    quota_per_cluster: Count | None = None
    max_grant: Count | None = None
    max_public_share: Share = Decimal("0.5")
    framework: str | None = None
    two_stage: bool = False
    reviews_per_application: Count = 2
    publish: bool = False


class AttachmentOut(Schema):
    id: int
    title: str


class ApplicationOut(Schema):
    id: int
    call_id: int
    cluster: str = Field(..., alias="cluster.slug")
    project_id: int
    project_title: str = Field(..., alias="project.title")
    status: str
    amount_requested: int
    submitted_at: datetime.datetime | None
    granted_amount: int | None
    decided_at: datetime.datetime | None


class ApplicationDetailOut(ApplicationOut):
    summary: str
    answers: dict[str, Any]
    conditions: str
    reasons: str
    attachments: list[AttachmentOut]
    actions: list[str]


class ApplicationIn(Schema):
    call: WholeNumber
    cluster: str
    project: WholeNumber
    amount_requested: Count = 0
    summary: str = ""
    answers: dict[str, str] = {}


class ApplicationPatchIn(Schema):
    amount_requested: Count | None = None
    summary: str | None = None
    answers: dict[str, str] | None = None


class DecisionIn(Schema):
    approve: bool
    granted_amount: Count | None = None
    conditions: str = ""
    reasons: str = ""


class SpreadOut(Schema):
    code: str
    count: int
    average: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    stdev: Decimal | None


class ReviewSummaryOut(Schema):
    submitted: int
    assigned: int
    maximum: Decimal
    average_total: Decimal | None
    average_percent: Decimal | None
    criteria: list[SpreadOut]
    recommendations: dict[str, int]


class AssignmentIn(Schema):
    evaluator: str  # email


class AssignmentOut(Schema):
    id: int
    application_id: int
    evaluator: str = Field(..., alias="evaluator.email")
    flagged_conflict: str
    conflict: str
    status: str
    recommendation: str
    submitted_at: datetime.datetime | None


class ConflictIn(Schema):
    has_conflict: bool
    note: str = ""


class ReviewScoreIn(Schema):
    criterion: str  # code
    score: Points | None = None
    comment: str = ""


class ReviewIn(Schema):
    scores: list[ReviewScoreIn] = []
    recommendation: str = ""
    comment: str = ""
    submit: bool = False


class EvaluatorIn(Schema):
    email: str
    full_name: str = ""
    expertise: str = ""
    affiliation: str = ""


class EvaluatorOut(Schema):
    id: int
    email: str = Field(..., alias="user.email")
    full_name: str = Field(..., alias="user.full_name")
    expertise: str
    affiliation: str
    is_active: bool


class ReportOut(Schema):
    id: int
    cluster: str = Field(..., alias="cluster.slug")
    year: int
    status: str
    figures: dict[str, Any]
    highlights: str
    submitted_at: datetime.datetime | None
    review_comment: str


class ReportIn(Schema):
    cluster: str
    year: WholeNumber


class ReportPatchIn(Schema):
    highlights: str | None = None
    members_text: str | None = None
    activities_text: str | None = None
    projects_text: str | None = None
    international_text: str | None = None
    learning_text: str | None = None
    plans_text: str | None = None


class ReportFigureOut(Schema):
    key: str
    section: str
    label: str
    computed: float | None
    corrected: float | None
    value: float | None
    reason: str
    previous: float | None
    previous_year: int
    rows_url: str


CorrectedValue = Annotated[Decimal, decimal_input(digits=16, places=2)]


class CorrectionIn(Schema):
    value: CorrectedValue
    reason: str = Field(..., min_length=1, max_length=500)


class CorrectionOut(Schema):
    key: str
    value: Decimal
    computed: Decimal | None
    reason: str


class PortfolioRowOut(Schema):
    cluster: str
    name: str
    level: str | None
    level_since: datetime.date | None
    label: str | None
    label_valid_until: datetime.date | None
    label_days_left: int | None
    figures: dict[str, Any]
