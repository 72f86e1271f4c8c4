"""Reads for one project: the page with everything on it, its history, actions and partners' people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, OuterRef, Prefetch, QuerySet, Value, When

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster, Topic
from klynge.core.json_rows import instances, json_rows, remember_rows
from klynge.core.models import AuditEntry
from klynge.core.workflow import Transition
from klynge.members.models import Organisation, Person

from ..models import (
    FundingSource,
    Milestone,
    Outcome,
    Project,
    ProjectObjective,
    ProjectPartner,
)
from ..workflow import PROJECT_WORKFLOW
from .portfolio import SME_SIZE_CLASSES


def sme_case() -> Case:
    """True when the partner organisation is an SME by headcount (an estimate)."""
    return Case(
        When(organisation__size_class__in=SME_SIZE_CLASSES, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def project_get(*, pk: int) -> Project:
    """One project with everything its page shows, in three queries: the project with its short
    lists as JSON columns (clusters, topics, objectives, funding sources, milestones), its partners,
    and its outcomes with their organisations."""
    project = (
        Project.objects.select_related("lead_cluster", "predecessor", "origin_idea", "created_by")
        .annotate(**{f"{name}_rows": json_rows(rows) for name, rows in _short_lists().items()})
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organisation", "contact")
                .annotate(is_sme=sme_case())
                .order_by("role", "organisation__name"),
            ),
            Prefetch(
                "outcomes", queryset=Outcome.objects.annotate(organisation_rows=_outcome_orgs())
            ),
        )
        .get(pk=pk)
    )
    for name, rows in _short_lists().items():
        remember_rows(project, name, instances(rows.model, getattr(project, f"{name}_rows")))
    for outcome in project.outcomes.all():
        organisations = instances(Organisation, outcome.organisation_rows)  # type: ignore[attr-defined]  # annotated above
        remember_rows(outcome, "organisations", organisations)
    return project


def _short_lists() -> dict[str, QuerySet[Any]]:
    """The project's short lists read as JSON columns of its row, by related name."""
    project = OuterRef("pk")
    return {
        "clusters": Cluster.objects.filter(participating_projects=project),
        "topics": Topic.objects.filter(projects=project),
        "objectives": ProjectObjective.objects.filter(project=project),
        "funding_sources": FundingSource.objects.filter(project=project),
        "milestones": Milestone.objects.filter(project=project),
    }


def _outcome_orgs() -> Any:
    links = Outcome.organisations.through.objects.filter(outcome_id=OuterRef(OuterRef("pk")))
    return json_rows(Organisation.objects.filter(pk__in=links.values("organisation_id")))


@dataclass(frozen=True)
class AvailableAction:
    transition: Transition
    blocked_reason: str | None

    @property
    def action(self) -> str:
        return self.transition.action

    @property
    def label(self) -> str:
        return self.transition.display

    @property
    def style(self) -> str:
        return self.transition.style


def project_actions(*, user: Viewer, project: Project) -> list[AvailableAction]:
    """The status changes the user may make now, each with why it is blocked (if it is)."""
    return [
        AvailableAction(t, PROJECT_WORKFLOW.blocked_reason(t, project))
        for t in PROJECT_WORKFLOW.available(user, project)
    ]


def project_history(*, project: Project) -> QuerySet[AuditEntry]:
    content_type = ContentType.objects.get_for_model(Project)
    return AuditEntry.objects.filter(
        target_type=content_type, target_id=str(project.pk)
    ).select_related("actor")


def people_of(organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(organisation=organisation, anonymised_at__isnull=True).order_by(
        "full_name"
    )


def predecessor_choices(*, project: Project) -> QuerySet[Project]:
    """Projects of the same lead cluster this one could follow (the service refuses cycles)."""
    return (
        Project.objects.filter(lead_cluster_id=project.lead_cluster_id)
        .exclude(pk=project.pk)
        .only("pk", "title", "acronym", "kind", "start_date")
        .order_by("title")
    )


def partner_choices(*, project: Project, search: str = "", limit: int = 400) -> list[Organisation]:
    """Organisations to offer when adding a partner: current members of the project's clusters,
    or, when searching, any organisation whose name matches (foreign partners are rarely members).
    Organisations already in the project are left out."""
    from klynge.members.models import Membership
    from klynge.members.roles import active_membership_q

    taken = project.partners.values("organisation_id")
    organisations = Organisation.objects.exclude(pk__in=taken)
    if search.strip():
        organisations = organisations.filter(name__icontains=search.strip())
    else:
        cluster_ids = [project.lead_cluster_id, *project.clusters.values_list("pk", flat=True)]
        members = Membership.objects.filter(active_membership_q(), cluster_id__in=cluster_ids)
        organisations = organisations.filter(pk__in=members.values("organisation_id"))
    return list(organisations.only("pk", "name", "country").order_by("name")[:limit])


def project_list_search(*, user: Viewer, term: str) -> QuerySet[Project]:
    """Projects whose title or acronym contains `term`, narrowed to those `can_view_project` may
    allow `user` (which decides each row: the global search)."""
    from django.db.models import Q

    from klynge.clusters.roles import cluster_roles
    from klynge.core.permissions import is_programme_officer, is_superuser
    from klynge.members.roles import contact_organisation_id

    projects = (
        Project.objects.filter(Q(title__icontains=term) | Q(acronym__icontains=term))
        .select_related("lead_cluster")
        .order_by("-created_at", "-pk")
    )
    if is_superuser(user) or is_programme_officer(user):
        return projects
    team = set(cluster_roles(user))
    near = Q(lead_cluster_id__in=team) | Q(clusters__in=team)
    organisation_id = contact_organisation_id(user)
    if organisation_id is not None:
        near |= Q(partners__organisation_id=organisation_id)
    return projects.filter(near).distinct()
