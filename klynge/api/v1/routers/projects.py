"""Projects API: portfolio, project, lineage, budget, partners, outcomes, ideas and interest, KPIs.

Same permission predicates as the pages; a project or idea the caller may not see is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from klynge.accounts.typing import Viewer
from klynge.core.dates import MAX_YEAR, MIN_YEAR
from klynge.core.errors import DomainError, requested
from klynge.core.permissions import acting, require
from klynge.members.models import Organisation, Person
from klynge.members.roles import contact_organisation_id
from klynge.projects import services
from klynge.projects.forms.kpis import default_period
from klynge.projects.models import (
    FundingSource,
    Idea,
    IdeaInterest,
    Outcome,
    Project,
    ProjectPartner,
)
from klynge.projects.permissions import (
    can_convert_idea,
    can_create_project,
    can_edit_project,
    can_express_interest,
    can_oversee_portfolio,
    can_post_idea,
    can_view_idea,
    can_view_idea_board,
    can_view_portfolio,
    can_view_project,
)
from klynge.projects.selectors.ideas import idea_get, idea_list_for_board
from klynge.projects.selectors.kpis import project_kpis
from klynge.projects.selectors.lineage import project_lineage
from klynge.projects.selectors.lookups import clusters_by_slugs, topics_by_slugs
from klynge.projects.selectors.portfolio import PortfolioFilters, project_list_portfolio
from klynge.projects.selectors.projects import project_get

from ..lookups import path_cluster
from ..pagination import PageNumber
from ..patching import patch_changes
from ..schemas.projects import (
    BudgetIn,
    ConvertIdeaIn,
    FundingSourceIn,
    FundingSourceOut,
    IdeaIn,
    IdeaOut,
    InterestOut,
    LineageOut,
    MainProjectIn,
    OutcomeIn,
    OutcomeOut,
    PartnerIn,
    PartnerOut,
    PartnerPatchIn,
    PredecessorIn,
    ProjectCreateIn,
    ProjectKpisOut,
    ProjectListOut,
    ProjectOut,
    ProjectPatchIn,
    TransitionIn,
    TransitionOut,
)
from ..schemas.types import Date

router = Router(tags=["projects"])


def _project(project_id: int, user: Viewer) -> Project:
    with requested(Project):
        project = project_get(pk=project_id)
    if not can_view_project(user, project):
        raise Http404
    return project


def _editable(project_id: int, user: Viewer) -> Project:
    project = _project(project_id, user)
    require(can_edit_project, user, project)
    return project


def _idea(idea_id: int, user: Viewer) -> Idea:
    with requested(Idea):
        idea = idea_get(pk=idea_id)
    if not can_view_idea(user, idea):
        raise Http404
    return idea


# --- portfolio and projects ---------------------------------------------------------------------


@router.get(
    "/clusters/{slug}/projects", response=list[ProjectListOut], summary="A cluster's portfolio"
)
@paginate(PageNumber)
def project_list(
    request: HttpRequest,
    slug: str,
    search: str = "",
    kind: str = "",
    status: str = "",
    objective: str = "",
    topic: str = "",
    year: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR),
    with_sme: bool = False,
    with_international: bool = False,
) -> Any:
    cluster = path_cluster(slug)
    require(can_view_portfolio, request.user, cluster)
    filters = PortfolioFilters(
        search=search,
        kind=kind,
        status=status,
        objective=objective,
        topic=topic,
        year=year,
        with_sme=with_sme,
        with_international=with_international,
    )
    return project_list_portfolio(cluster=cluster, viewer=request.user, filters=filters)


@router.post("/clusters/{slug}/projects", response={201: ProjectOut}, summary="Create a project")
def project_create(request: HttpRequest, slug: str, payload: ProjectCreateIn) -> Status:
    cluster = path_cluster(slug)
    require(can_create_project, request.user, cluster)
    data = payload.model_dump()
    data["topics"] = topics_by_slugs(data["topics"])
    data["clusters"] = clusters_by_slugs(data["clusters"])
    project = services.project_create(actor=acting(request.user), cluster=cluster, **data)
    return Status(201, project_get(pk=project.pk))


@router.get("/projects/{project_id}", response=ProjectOut, summary="One project")
def project_detail(request: HttpRequest, project_id: int) -> Project:
    return _project(project_id, request.user)


@router.patch("/projects/{project_id}", response=ProjectOut, summary="Change a project's details")
def project_patch(request: HttpRequest, project_id: int, payload: ProjectPatchIn) -> Project:
    project = _editable(project_id, request.user)
    data = patch_changes(payload, clearable={"start_date", "end_date", "topics", "clusters"})
    if "topics" in data:
        data["topics"] = topics_by_slugs(data["topics"] or [])
    if "clusters" in data:
        data["clusters"] = clusters_by_slugs(data["clusters"] or [])
    services.project_update(actor=acting(request.user), project=project, **data)
    return project_get(pk=project.pk)


@router.post("/projects/{project_id}/transitions", response=TransitionOut, summary="Change status")
def project_transition(
    request: HttpRequest, project_id: int, payload: TransitionIn
) -> dict[str, str]:
    project = _project(project_id, request.user)
    change = services.project_transition(
        actor=acting(request.user), project=project, action=payload.action, note=payload.note
    )
    return {"action": change.action, "from_status": change.source, "to_status": change.target}


@router.get("/projects/{project_id}/lineage", response=LineageOut, summary="The project's chain")
def lineage(request: HttpRequest, project_id: int) -> dict[str, Any]:
    result = project_lineage(project=_project(project_id, request.user))
    return {
        "idea": {"id": result.idea.pk, "title": result.idea.title} if result.idea else None,
        "nodes": [
            {
                "id": n.project.pk,
                "title": n.project.title,
                "kind": n.project.kind,
                "status": n.project.status,
                "depth": n.depth,
                "predecessor": n.predecessor_id,
                "start_date": n.project.start_date,
                "end_date": n.project.end_date,
            }
            for n in result.nodes
        ],
    }


@router.put(
    "/projects/{project_id}/predecessor", response=ProjectOut, summary="Set what it follows"
)
def predecessor_set(request: HttpRequest, project_id: int, payload: PredecessorIn) -> Project:
    project = _editable(project_id, request.user)
    predecessor = None
    if payload.predecessor is not None:
        try:
            predecessor = _project(payload.predecessor, request.user)
        except (Http404, Project.DoesNotExist) as exc:
            raise DomainError(_("No such project."), field="predecessor") from exc
    services.project_set_predecessor(
        actor=acting(request.user), project=project, predecessor=predecessor
    )
    return project_get(pk=project.pk)


@router.post(
    "/projects/{project_id}/main-project", response={201: ProjectOut}, summary="Grow a main project"
)
def main_project(request: HttpRequest, project_id: int, payload: MainProjectIn) -> Status:
    pre = _editable(project_id, request.user)
    main = services.project_create_main_project(
        actor=acting(request.user), pre_project=pre, **payload.model_dump()
    )
    return Status(201, project_get(pk=main.pk))


@router.put("/projects/{project_id}/budget", response=ProjectOut, summary="Budget lines")
def budget_put(request: HttpRequest, project_id: int, payload: BudgetIn) -> Project:
    project = _editable(project_id, request.user)
    services.project_budget_update(
        actor=acting(request.user), project=project, **payload.model_dump()
    )
    return project_get(pk=project.pk)


@router.post(
    "/projects/{project_id}/funding-sources",
    response={201: FundingSourceOut},
    summary="Add a source",
)
def source_add(request: HttpRequest, project_id: int, payload: FundingSourceIn) -> Status:
    project = _editable(project_id, request.user)
    return Status(
        201,
        services.funding_source_add(
            actor=acting(request.user), project=project, **payload.model_dump()
        ),
    )


@router.delete("/projects/{project_id}/funding-sources/{source_id}", response={204: None})
def source_remove(request: HttpRequest, project_id: int, source_id: int) -> Status:
    project = _editable(project_id, request.user)
    source = get_object_or_404(FundingSource, pk=source_id, project=project)
    services.funding_source_remove(actor=acting(request.user), source=source)
    return Status(204, None)


# --- partners and outcomes ----------------------------------------------------------------------


@router.get("/projects/{project_id}/partners", response=list[PartnerOut], summary="Partners")
@paginate(PageNumber)
def partner_list(request: HttpRequest, project_id: int) -> Any:
    project = _project(project_id, request.user)
    return project.partners.select_related("organisation", "contact").order_by(
        "role", "organisation__name"
    )


@router.post("/projects/{project_id}/partners", response={201: PartnerOut}, summary="Add a partner")
def partner_add(request: HttpRequest, project_id: int, payload: PartnerIn) -> Status:
    project = _editable(project_id, request.user)
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if organisation is None:
        raise DomainError(_("No such organisation."), field="organisation")
    partner = services.partner_add(
        actor=acting(request.user),
        project=project,
        organisation=organisation,
        role=payload.role,
        status=payload.status,
    )
    return Status(201, partner)


@router.patch(
    "/projects/{project_id}/partners/{partner_id}", response=PartnerOut, summary="Change a partner"
)
def partner_patch(
    request: HttpRequest, project_id: int, partner_id: int, payload: PartnerPatchIn
) -> ProjectPartner:
    project = _editable(project_id, request.user)
    partner = get_object_or_404(
        ProjectPartner.objects.select_related("organisation", "project"),
        pk=partner_id,
        project=project,
    )
    data = patch_changes(payload, clearable={"contact"})
    if "contact" in data:
        data["contact"] = (
            Person.objects.filter(pk=data["contact"]).first() if data["contact"] else None
        )
    return services.partner_update(actor=acting(request.user), partner=partner, **data)


@router.delete(
    "/projects/{project_id}/partners/{partner_id}", response={204: None}, summary="Remove a partner"
)
def partner_remove(request: HttpRequest, project_id: int, partner_id: int) -> Status:
    project = _editable(project_id, request.user)
    partner = get_object_or_404(
        ProjectPartner.objects.select_related("organisation", "project"),
        pk=partner_id,
        project=project,
    )
    services.partner_remove(actor=acting(request.user), partner=partner)
    return Status(204, None)


@router.get("/projects/{project_id}/outcomes", response=list[OutcomeOut], summary="Outcomes")
@paginate(PageNumber)
def outcome_list(request: HttpRequest, project_id: int) -> Any:
    project = _project(project_id, request.user)
    return project.outcomes.prefetch_related("organisations").order_by("-date", "-id")


@router.post(
    "/projects/{project_id}/outcomes", response={201: OutcomeOut}, summary="Record an outcome"
)
def outcome_add(request: HttpRequest, project_id: int, payload: OutcomeIn) -> Status:
    project = _editable(project_id, request.user)
    data = payload.model_dump()
    organisations = list(Organisation.objects.filter(pk__in=data.pop("organisations")))
    outcome = services.outcome_record(
        actor=acting(request.user), project=project, organisations=organisations, **data
    )
    return Status(201, outcome)


@router.delete(
    "/projects/{project_id}/outcomes/{outcome_id}",
    response={204: None},
    summary="Remove an outcome",
)
def outcome_remove(request: HttpRequest, project_id: int, outcome_id: int) -> Status:
    project = _editable(project_id, request.user)
    outcome = get_object_or_404(
        Outcome.objects.select_related("project"), pk=outcome_id, project=project
    )
    services.outcome_remove(actor=acting(request.user), outcome=outcome)
    return Status(204, None)


# --- ideas and interest -------------------------------------------------------------------------


@router.get("/clusters/{slug}/ideas", response=list[IdeaOut], summary="Open ideas of a cluster")
@paginate(PageNumber)
def idea_list(request: HttpRequest, slug: str, search: str = "", topic: str = "") -> Any:
    cluster = path_cluster(slug)
    require(can_view_idea_board, request.user, cluster)
    return idea_list_for_board(cluster=cluster, viewer=request.user, search=search, topic=topic)


@router.post("/clusters/{slug}/ideas", response={201: IdeaOut}, summary="Post an idea")
def idea_post(request: HttpRequest, slug: str, payload: IdeaIn) -> Status:
    cluster = path_cluster(slug)
    require(can_post_idea, request.user, cluster)
    org_id = contact_organisation_id(request.user)
    data = payload.model_dump()
    data["topics"] = topics_by_slugs(data["topics"])
    organisation = Organisation.objects.filter(pk=org_id).first() if org_id else None
    idea = services.idea_post(
        actor=acting(request.user), cluster=cluster, organisation=organisation, **data
    )
    return Status(201, _idea_with_counts(idea, request.user))


def _idea_with_counts(idea: Idea, user: Viewer) -> Idea:
    return idea_list_for_board(cluster=idea.cluster, viewer=user, status="").get(pk=idea.pk)


@router.get("/ideas/{idea_id}", response=IdeaOut, summary="One idea")
def idea_detail(request: HttpRequest, idea_id: int) -> Idea:
    return _idea_with_counts(_idea(idea_id, request.user), request.user)


def _set_interest(request: HttpRequest, idea_id: int, interested: bool) -> dict[str, Any]:
    idea = _idea(idea_id, request.user)
    require(can_express_interest, request.user, idea)
    org_id = contact_organisation_id(request.user)
    assert org_id is not None  # can_express_interest: a member contact
    organisation = Organisation.objects.get(pk=org_id)
    services.idea_interest_set(
        actor=acting(request.user), idea=idea, organisation=organisation, interested=interested
    )
    count = IdeaInterest.objects.filter(idea_id=idea.pk).count()
    return {"interested": interested, "interest_count": count}


@router.put(
    "/ideas/{idea_id}/interest", response=InterestOut, summary="Say your organisation is interested"
)
def interest_put(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    return _set_interest(request, idea_id, True)


@router.delete("/ideas/{idea_id}/interest", response=InterestOut, summary="Withdraw your interest")
def interest_delete(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    return _set_interest(request, idea_id, False)


@router.post(
    "/ideas/{idea_id}/convert", response={201: ProjectOut}, summary="Turn an idea into a project"
)
def idea_convert(request: HttpRequest, idea_id: int, payload: ConvertIdeaIn) -> Status:
    idea = _idea(idea_id, request.user)
    require(can_convert_idea, request.user, idea)
    project = services.idea_convert(actor=acting(request.user), idea=idea, **payload.model_dump())
    return Status(201, project_get(pk=project.pk))


# --- KPIs ---------------------------------------------------------------------------------------


@router.get(
    "/clusters/{slug}/project-kpis", response=ProjectKpisOut, summary="Portfolio KPIs for a period"
)
def kpis(
    request: HttpRequest, slug: str, start: Date | None = None, end: Date | None = None
) -> dict[str, Any]:
    cluster = path_cluster(slug)
    require(can_oversee_portfolio, request.user, cluster)
    default_start, default_end = default_period()
    start, end = start or default_start, end or default_end
    if end < start:
        raise DomainError(_("The end of the period cannot be before its start."), field="end")
    result = project_kpis(cluster=cluster, start=start, end=end)
    return {
        **{
            name: getattr(result, name) for name in ProjectKpisOut.model_fields if name != "cluster"
        },
        "cluster": cluster.slug,
    }
