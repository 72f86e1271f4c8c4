"""Reads for applications: what each role may list, one application with its parts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles
from klynge.projects.models import Project, ProjectPartner

from ..models import Application, ApplicationAttachment, Call, ReviewAssignment
from ..models.applications import OPEN_STATUSES
from ..permissions import is_officer

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

CLOSED_PROJECT_STATUSES = ("completed", "cancelled", "rejected")


class ReviewCounts(TypedDict):
    """The annotations `application_list_visible` adds to each application."""

    reviews_done: int
    reviewers: int


CountedApplication: TypeAlias = "WithAnnotations[Application, ReviewCounts]"


def application_list_visible(
    *,
    user: Viewer,
    call: Call | None = None,
    status: str = "",
    cluster: Any = None,
    search: str = "",
) -> QuerySet[CountedApplication]:
    """Officers: all; cluster teams: their clusters'; evaluators: assigned and not recused."""
    applications = Application.objects.select_related("call", "cluster", "project")
    if not is_officer(user):
        assigned = (
            ReviewAssignment.objects.filter(
                evaluator_id=getattr(user, "pk", None), conflict__in=["pending", "none"]
            )
            .exclude(status=ReviewAssignment.Status.RECUSED)
            .values("application_id")
        )
        team = list(cluster_roles(user))
        applications = applications.filter(Q(cluster_id__in=team) | Q(pk__in=assigned))
    if call is not None:
        applications = applications.filter(call=call)
    if status == "open":
        applications = applications.filter(status__in=OPEN_STATUSES)
    elif status:
        applications = applications.filter(status=status)
    if cluster is not None:
        applications = applications.filter(cluster=cluster)
    if search:
        applications = applications.filter(
            Q(project__title__icontains=search)
            | Q(project__acronym__icontains=search)
            | Q(cluster__name__icontains=search)
        )
    return applications.annotate(
        reviews_done=Count("assignments", filter=Q(assignments__status="submitted"), distinct=True),
        reviewers=Count("assignments", filter=~Q(assignments__status="recused"), distinct=True),
    ).order_by("-submitted_at", "-created_at", "-pk")


def application_get(*, pk: int) -> Application:
    partners = ProjectPartner.objects.select_related("organisation").order_by(
        "role", "organisation__name"
    )
    return (
        Application.objects.select_related(
            "call",
            "call__framework",
            "cluster",
            "project",
            "project__lead_cluster",
            "submitted_by",
            "decided_by",
        )
        .prefetch_related(
            Prefetch("project__partners", queryset=partners),
            "project__funding_sources",
            Prefetch("attachments", queryset=ApplicationAttachment.objects.order_by("created_at")),
        )
        .get(pk=pk)
    )


def projects_for_call(*, call: Call, cluster_ids: list[int]) -> QuerySet[Project]:
    """Projects the user's clusters lead that fit the call and are still open."""
    kinds = {"pre_project": ["pre_project"], "main_project": ["main_project"]}.get(call.kind)
    projects = Project.objects.filter(lead_cluster_id__in=cluster_ids).exclude(
        status__in=CLOSED_PROJECT_STATUSES
    )
    if kinds:
        projects = projects.filter(kind__in=kinds)
    taken = Application.objects.filter(call=call).exclude(status="withdrawn").values("project_id")
    return projects.exclude(pk__in=taken).select_related("lead_cluster").order_by("title")
