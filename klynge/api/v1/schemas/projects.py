"""Schemas of the projects API: separate In and Out per operation; Out resolves from the models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field

from klynge.projects.budget import project_budget
from klynge.projects.permissions import can_edit_project
from klynge.projects.selectors.projects import project_actions

from .types import Count, Schema, WebUrl, WholeNumber

# --- small shared parts -------------------------------------------------------------------------


class PartnerOrganisationOut(Schema):
    id: int
    name: str
    country: str
    size_class: str
    sme_estimated: bool | None = Field(None, description="By headcount; None when unknown.")
    international: bool

    @staticmethod
    def resolve_sme_estimated(obj: Any) -> bool | None:
        return obj.is_sme_estimated

    @staticmethod
    def resolve_international(obj: Any) -> bool:
        return obj.is_international


class ObjectiveOut(Schema):
    kind: str
    text: str


class FundingSourceOut(Schema):
    id: int
    name: str
    kind: str
    amount: int


class BudgetOut(Schema):
    total_eligible_cost: int | None
    private_cash: int
    in_kind: int
    public_funding: int
    private_funding: int
    public_share: float | None
    max_public_share: float
    over_public_limit: bool


class ActionOut(Schema):
    action: str
    label: str
    blocked_reason: str | None


# --- projects -----------------------------------------------------------------------------------


class ProjectListOut(Schema):
    id: int
    title: str
    acronym: str
    kind: str
    status: str
    lead_cluster: str
    start_date: date | None
    end_date: date | None
    predecessor: int | None = Field(None, alias="predecessor_id")
    partner_count: int = Field(..., alias="partner_total")
    has_sme: bool
    has_international: bool
    public_funding: int
    url: str

    @staticmethod
    def resolve_lead_cluster(obj: Any) -> str:
        return obj.lead_cluster.slug

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class ProjectOut(Schema):
    id: int
    title: str
    acronym: str
    kind: str
    status: str
    summary: str
    lead_cluster: str
    clusters: list[str]
    topics: list[str]
    objectives: list[ObjectiveOut]
    start_date: date | None
    end_date: date | None
    predecessor: int | None = Field(None, alias="predecessor_id")
    origin_idea: int | None = Field(None, alias="origin_idea_id")
    funder: str
    funder_reference: str
    website: str
    budget: BudgetOut
    funding_sources: list[FundingSourceOut]
    partner_count: int
    can_edit: bool
    actions: list[ActionOut]
    url: str

    @staticmethod
    def resolve_lead_cluster(obj: Any) -> str:
        return obj.lead_cluster.slug

    @staticmethod
    def resolve_clusters(obj: Any) -> list[str]:
        return sorted(c.slug for c in obj.clusters.all())

    @staticmethod
    def resolve_topics(obj: Any) -> list[str]:
        return sorted(t.slug for t in obj.topics.all())

    @staticmethod
    def resolve_objectives(obj: Any) -> list[dict[str, str]]:
        return [{"kind": o.kind, "text": o.text} for o in obj.objectives.all()]

    @staticmethod
    def resolve_budget(obj: Any) -> dict[str, Any]:
        budget = project_budget(obj)
        return {
            "total_eligible_cost": budget.total_eligible_cost,
            "private_cash": budget.private_cash,
            "in_kind": budget.in_kind,
            "public_funding": budget.public_funding,
            "private_funding": budget.private_funding,
            "public_share": budget.public_share,
            "max_public_share": budget.max_public_share,
            "over_public_limit": budget.over_public_limit,
        }

    @staticmethod
    def resolve_funding_sources(obj: Any) -> list[Any]:
        return list(obj.funding_sources.all())

    @staticmethod
    def resolve_partner_count(obj: Any) -> int:
        return len(obj.partners.all())

    @staticmethod
    def resolve_can_edit(obj: Any, context: Any) -> bool:
        return can_edit_project(context["request"].user, obj)

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[dict[str, Any]]:
        return [
            {"action": a.action, "label": a.label, "blocked_reason": a.blocked_reason}
            for a in project_actions(user=context["request"].user, project=obj)
        ]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class ProjectCreateIn(Schema):
    title: str
    kind: str = "collaboration"
    status: str = Field("idea", description="idea, forming_consortium or planned")
    acronym: str = ""
    summary: str = ""
    topics: list[str] = Field(default_factory=list, description="Topic slugs")
    clusters: list[str] = Field(default_factory=list, description="Other participating clusters")
    objectives: list[str] = Field(default_factory=list)
    other_objectives: list[str] = Field(default_factory=list)
    start_date: date | None = None
    end_date: date | None = None
    funder: str = ""
    funder_reference: str = ""
    website: WebUrl = ""


class ProjectPatchIn(Schema):
    title: str | None = None
    kind: str | None = None
    acronym: str | None = None
    summary: str | None = None
    topics: list[str] | None = None
    clusters: list[str] | None = None
    objectives: list[str] | None = None
    other_objectives: list[str] | None = None
    start_date: date | None = None
    end_date: date | None = None
    funder: str | None = None
    funder_reference: str | None = None
    website: WebUrl | None = None


class TransitionIn(Schema):
    action: str
    note: str = ""


class TransitionOut(Schema):
    action: str
    from_status: str
    to_status: str


class PredecessorIn(Schema):
    predecessor: WholeNumber | None


class MainProjectIn(Schema):
    title: str = ""
    start_date: date | None = None


class LineageNodeOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    depth: int
    predecessor: int | None
    start_date: date | None
    end_date: date | None


class IdeaRefOut(Schema):
    id: int
    title: str


class LineageOut(Schema):
    idea: IdeaRefOut | None
    nodes: list[LineageNodeOut]


class BudgetIn(Schema):
    total_eligible_cost: Count | None
    private_cash: Count = 0
    in_kind: Count = 0


class FundingSourceIn(Schema):
    name: str
    kind: str = "public"
    amount: Count


# --- partners and outcomes ----------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    full_name: str


class PartnerOut(Schema):
    id: int
    organisation: PartnerOrganisationOut
    role: str
    status: str
    contact: ContactOut | None
    cash: int
    in_kind_hours: int
    in_kind_value: int
    notes: str


class PartnerIn(Schema):
    organisation: WholeNumber
    role: str = "partner"
    status: str = "confirmed"


class PartnerPatchIn(Schema):
    role: str | None = None
    status: str | None = None
    contact: WholeNumber | None = None
    cash: Count | None = None
    in_kind_hours: Count | None = None
    in_kind_value: Count | None = None
    notes: str | None = None


class OrganisationNameOut(Schema):
    id: int
    name: str


class OutcomeOut(Schema):
    id: int
    kind: str
    date: date
    description: str
    quantity: int | None
    evidence_url: str
    organisations: list[OrganisationNameOut]

    @staticmethod
    def resolve_organisations(obj: Any) -> list[Any]:
        return sorted(obj.organisations.all(), key=lambda o: o.name)


class OutcomeIn(Schema):
    kind: str
    date: date
    description: str
    quantity: Count | None = None
    evidence_url: WebUrl = ""
    organisations: list[WholeNumber] = Field(default_factory=list)


# --- ideas --------------------------------------------------------------------------------------


class IdeaOut(Schema):
    id: int
    cluster: str
    organisation: OrganisationNameOut | None
    title: str
    description: str
    partners_needed: str
    topics: list[str]
    status: str
    interest_count: int
    interested: bool
    project: int | None
    created_at: datetime

    @staticmethod
    def resolve_cluster(obj: Any) -> str:
        return obj.cluster.slug

    @staticmethod
    def resolve_topics(obj: Any) -> list[str]:
        return sorted(t.slug for t in obj.topics.all())

    @staticmethod
    def resolve_interested(obj: Any) -> bool:
        return bool(getattr(obj, "viewer_interested", False))

    @staticmethod
    def resolve_project(obj: Any) -> int | None:
        project = getattr(obj, "project", None)
        return project.pk if project is not None else None


class IdeaIn(Schema):
    title: str
    description: str
    partners_needed: str
    topics: list[str] = Field(default_factory=list)


class InterestOut(Schema):
    interested: bool
    interest_count: int


class ConvertIdeaIn(Schema):
    kind: str = "pre_project"
    title: str = ""


# --- KPIs ---------------------------------------------------------------------------------------


class LabelledCountOut(Schema):
    key: str
    label: str
    count: int
    quantity: int


class ProjectKpisOut(Schema):
    cluster: str
    start: date
    end: date
    total: int
    by_kind: list[LabelledCountOut]
    by_status: list[LabelledCountOut]
    portfolio: int
    with_sme: int
    sme_share: float | None
    with_international: int
    international_share: float | None
    pre_projects: int
    converted: int
    conversion_rate: float | None
    private_funding: int
    public_funding: int
    public_share: float | None
    outcomes: int
    people_trained: int
    outcomes_by_kind: list[LabelledCountOut]
