"""Key figures per cluster for the portfolio page: one query per figure, whatever the cluster count."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.events.models import Event
from klynge.members.models import Membership
from klynge.members.roles import active_membership_q
from klynge.projects.models import Project

from ..models import AnnualReport, Application, Call
from ..models.applications import OPEN_STATUSES
from .calls import quota_use_map

COLUMNS = [
    ("members", _("Members")),
    ("events_12m", _("Events (12 months)")),
    ("running_projects", _("Running projects")),
    ("open_applications", _("Open applications")),
    ("quota", _("Quota used")),
    ("last_report", _("Last report")),
]


def _count_by(queryset: Any, field: str) -> dict[int, int]:
    return dict(queryset.values_list(field).annotate(n=Count("pk", distinct=True)))


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


def portfolio_figures(ids: list[int], day: datetime.date) -> dict[int, dict[str, Any]]:
    since = timezone.now() - datetime.timedelta(days=365)
    members = _count_by(
        Membership.objects.filter(active_membership_q(day), cluster_id__in=ids), "cluster_id"
    )
    events = _count_by(
        Event.objects.filter(
            cluster_id__in=ids,
            status="published",
            starts_at__gte=since,
            starts_at__lte=timezone.now(),
        ),
        "cluster_id",
    )
    running = _count_by(
        Project.objects.filter(lead_cluster_id__in=ids, status="running"), "lead_cluster_id"
    )
    open_apps = _count_by(
        Application.objects.filter(cluster_id__in=ids, status__in=OPEN_STATUSES).exclude(
            status="draft"
        ),
        "cluster_id",
    )
    reports = dict(
        AnnualReport.objects.filter(cluster_id__in=ids)
        .exclude(status="draft")
        .values_list("cluster_id")
        .annotate(last=Max("year"))
    )
    call = current_quota_call(day)
    quota = quota_use_map(call=call, cluster_ids=ids) if call else {}
    return {
        pk: {
            "members": members.get(pk, 0),
            "events_12m": events.get(pk, 0),
            "running_projects": running.get(pk, 0),
            "open_applications": open_apps.get(pk, 0),
            "quota": f"{quota[pk].used}/{quota[pk].quota}" if pk in quota else "",
            "last_report": reports.get(pk, ""),
        }
        for pk in ids
    }
