"""Key figures per cluster for the portfolio: subquery annotations, counted for the clusters a page shows."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.aggregates import count_of
from klynge.events.models import Event
from klynge.members.models import Membership
from klynge.members.roles import active_membership_q
from klynge.projects.models import Project

from ..models import AnnualReport, Application, Call
from ..models.applications import OPEN_STATUSES
from .calls import quota_use_map

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Figures(TypedDict):
    """The annotations `with_portfolio_figures` adds to each cluster."""

    fig_members: int
    fig_events_12m: int
    fig_running_projects: int
    fig_open_applications: int
    fig_last_report: int | None


FiguredCluster: TypeAlias = "WithAnnotations[Cluster, Figures]"

COLUMNS = [
    ("members", _("Members")),
    ("events_12m", _("Events (12 months)")),
    ("running_projects", _("Running projects")),
    ("open_applications", _("Open applications")),
    ("quota", _("Quota used")),
    ("last_report", _("Last report")),
]


def current_quota_call(day: datetime.date) -> Call | None:
    """The latest published pre-project call with a quota whose period has begun."""
    return (
        Call.objects.filter(
            is_published=True,
            kind=Call.Kind.PRE_PROJECT,
            quota_per_cluster__isnull=False,
            opens_at__date__lte=day,
        )
        .order_by("-opens_at")
        .first()
    )


def with_portfolio_figures(
    clusters: QuerySet[Cluster], day: datetime.date
) -> QuerySet[FiguredCluster]:
    """The key figures as annotations of the clusters: counted per returned cluster (a page) on
    each table's cluster index, in the same query as the clusters themselves."""
    now = timezone.now()
    since = now - datetime.timedelta(days=365)
    reports = (
        AnnualReport.objects.filter(cluster=OuterRef("pk"))
        .exclude(status="draft")
        .order_by("-year")
        .values("year")[:1]
    )
    return clusters.annotate(
        fig_members=count_of(Membership.objects.filter(active_membership_q(day)), "cluster"),
        fig_events_12m=count_of(
            Event.objects.filter(status="published", starts_at__gte=since, starts_at__lte=now),
            "cluster",
        ),
        fig_running_projects=count_of(Project.objects.filter(status="running"), "lead_cluster"),
        fig_open_applications=count_of(
            Application.objects.filter(status__in=OPEN_STATUSES).exclude(status="draft"), "cluster"
        ),
        fig_last_report=Subquery(reports),
    )


def portfolio_figures(
    clusters: list[FiguredCluster], day: datetime.date
) -> dict[int, dict[str, Any]]:
    """Figures per cluster id, from clusters annotated by `with_portfolio_figures` (plus the
    current pre-project call's quota use: two more queries when there is such a call)."""
    call = current_quota_call(day)
    quota = quota_use_map(call=call, cluster_ids=[c.pk for c in clusters]) if call else {}
    return {
        c.pk: {
            "members": c.fig_members,
            "events_12m": c.fig_events_12m,
            "running_projects": c.fig_running_projects,
            "open_applications": c.fig_open_applications,
            "quota": f"{quota[c.pk].used}/{quota[c.pk].quota}" if c.pk in quota else "",
            "last_report": c.fig_last_report or "",
        }
        for c in clusters
    }
