"""The portfolio: a cluster's projects with filters, the pipeline by status, and export rows.

Every list here runs a fixed number of queries however many projects there are: counts and sums
come from correlated subqueries, topics and objectives from one prefetch each.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.cache import cached_figure
from klynge.core.unions import pk_in_any
from klynge.members.classification import SME_CLASSES
from klynge.members.roles import contact_organisation_id

from ..models import FundingSource, Project, ProjectObjective, ProjectPartner
from ..permissions import can_oversee_portfolio

SME_SIZE_CLASSES = SME_CLASSES  # only enterprises have one (members.classification)


@dataclass(frozen=True)
class PortfolioFilters:
    search: str = ""
    kind: str = ""
    status: str = ""
    objective: str = ""
    topic: str = ""
    year: int | None = None
    with_sme: bool = False
    with_international: bool = False


def confirmed_partners(project_ref: Any = None) -> QuerySet[ProjectPartner]:
    return ProjectPartner.objects.filter(
        project=project_ref if project_ref is not None else OuterRef("pk"),
        status=ProjectPartner.Status.CONFIRMED,
    )


def sme_partner_exists() -> Exists:
    """A confirmed partner is an SME by headcount (estimated: micro, small or medium)."""
    return Exists(confirmed_partners().filter(organisation__size_class__in=SME_SIZE_CLASSES))


def international_partner_exists() -> Exists:
    return Exists(confirmed_partners().exclude(organisation__country="NO"))


def _partner_mark(partners: QuerySet[ProjectPartner]) -> IsNull:
    """Whether the project has one of `partners`, for a column: ``(SELECT 1 ... LIMIT 1) IS NOT
    NULL``. PostgreSQL evaluates it for the rows of the page only, where an EXISTS column is
    planned as a hashed subplan over every partner of every project (joined with every
    organisation) once the projects are more than a few."""
    return IsNull(Subquery(partners.values("pk")[:1]), False)


def sme_partner_mark() -> IsNull:
    return _partner_mark(confirmed_partners().filter(organisation__size_class__in=SME_SIZE_CLASSES))


def international_partner_mark() -> IsNull:
    return _partner_mark(confirmed_partners().exclude(organisation__country="NO"))


def public_funding_sum() -> Coalesce:
    total = (
        FundingSource.objects.filter(project=OuterRef("pk"), kind=FundingSource.Kind.PUBLIC)
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def partner_count(status: str = ProjectPartner.Status.CONFIRMED) -> Coalesce:
    rows = ProjectPartner.objects.filter(project=OuterRef("pk"), status=status)
    count = rows.values("project").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def in_cluster_q(cluster: Cluster | int) -> Q:
    """Led by the cluster or with the cluster taking part (ids from both indexes)."""
    cluster_id = cluster.pk if isinstance(cluster, Cluster) else cluster
    return pk_in_any(
        Project.objects.filter(lead_cluster_id=cluster_id).values("pk"),
        Project.clusters.through.objects.filter(cluster_id=cluster_id).values("project_id"),
    )


def active_in_period_q(start: datetime.date, end: datetime.date) -> Q:
    """Running some time in [start, end]; a project without dates counts by when it was created."""
    dated = Q(start_date__isnull=False, start_date__lte=end) & (
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    undated = Q(start_date__isnull=True, created_at__date__gte=start, created_at__date__lte=end)
    return dated | undated


def visible_in_portfolio(*, cluster: Cluster, viewer: Viewer) -> QuerySet[Project]:
    projects = Project.objects.filter(in_cluster_q(cluster))
    if can_oversee_portfolio(viewer, cluster):
        return projects
    org_id = contact_organisation_id(viewer)
    if org_id is None:
        return projects.none()
    own = ProjectPartner.objects.filter(organisation_id=org_id).values("project_id")
    return projects.filter(pk__in=own)


def apply_filters(projects: QuerySet[Project], filters: PortfolioFilters) -> QuerySet[Project]:
    if filters.search:
        term = filters.search.strip()
        projects = projects.filter(
            Q(title__icontains=term)
            | Q(acronym__icontains=term)
            | Q(summary__icontains=term)
            | Q(funder_reference__icontains=term)
            | Q(funder__icontains=term)
        )
    if filters.kind:
        projects = projects.filter(kind=filters.kind)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.objective:
        with_objective = ProjectObjective.objects.filter(kind=filters.objective)
        projects = projects.filter(pk__in=with_objective.values("project_id"))
    if filters.topic:
        through = Project.topics.through.objects.filter(topic__slug=filters.topic)
        projects = projects.filter(pk__in=through.values("project_id"))
    if filters.year:
        year = filters.year
        projects = projects.filter(
            active_in_period_q(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        )
    if filters.with_sme:
        projects = projects.filter(sme_partner_exists())
    if filters.with_international:
        projects = projects.filter(international_partner_exists())
    return projects


def project_list_portfolio(
    *, cluster: Cluster, viewer: Viewer, filters: PortfolioFilters | None = None
) -> QuerySet[Project]:
    """The projects the viewer may see in the cluster's portfolio, filtered and annotated."""
    projects = apply_filters(
        visible_in_portfolio(cluster=cluster, viewer=viewer), filters or PortfolioFilters()
    )
    return (
        projects.select_related("lead_cluster", "predecessor")
        .prefetch_related("topics")
        .annotate(
            partner_total=partner_count(),
            candidate_total=partner_count(ProjectPartner.Status.CANDIDATE),
            has_sme=sme_partner_mark(),
            has_international=international_partner_mark(),
            public_funding=public_funding_sum(),
        )
        .order_by(F("start_date").desc(nulls_last=True), "-id")
    )


def project_list_export(
    *, cluster: Cluster, viewer: Viewer, filters: PortfolioFilters | None = None
) -> QuerySet[Project]:
    return project_list_portfolio(cluster=cluster, viewer=viewer, filters=filters).prefetch_related(
        Prefetch("objectives", queryset=ProjectObjective.objects.order_by("kind", "id"))
    )


@dataclass(frozen=True)
class PipelineColumn:
    status: str
    label: str
    count: int
    projects: tuple[Project, ...]


def project_pipeline(
    *,
    cluster: Cluster,
    viewer: Viewer,
    filters: PortfolioFilters | None = None,
    per_column: int = 12,
) -> list[PipelineColumn]:
    """One column per status with its count and the most recent projects (1 + 9 queries)."""
    base = apply_filters(
        visible_in_portfolio(cluster=cluster, viewer=viewer), filters or PortfolioFilters()
    )
    counts = dict(base.order_by().values_list("status").annotate(n=Count("pk")))
    columns = []
    for status, label in Project.Status.choices:
        rows: tuple[Project, ...] = ()
        if counts.get(status):
            rows = tuple(
                base.filter(status=status)
                .select_related("lead_cluster")
                .order_by(F("start_date").desc(nulls_last=True), "-id")[:per_column]
            )
        columns.append(PipelineColumn(status, str(label), counts.get(status, 0), rows))
    return columns


PROJECT_FIGURES = "projects"  # cached figures from project dates; project writes invalidate them


def portfolio_years(*, cluster: Cluster) -> list[int]:
    """Years that have projects starting in them, newest first (for the year filter; cached)."""

    def compute() -> list[int]:
        dates = Project.objects.filter(in_cluster_q(cluster), start_date__isnull=False).dates(
            "start_date", "year", order="DESC"
        )
        return [d.year for d in dates]

    return cached_figure(PROJECT_FIGURES, f"years:{getattr(cluster, 'pk', cluster)}", compute)
