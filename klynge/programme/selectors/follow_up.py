"""Reads for follow-up reports of funded projects."""

from __future__ import annotations

from django.db.models import QuerySet

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles

from ..models import FollowUpReport
from ..permissions import is_officer


def follow_up_list_visible(*, user: Viewer, status: str = "") -> QuerySet[FollowUpReport]:
    reports = FollowUpReport.objects.select_related(
        "application__project", "application__cluster", "application__call"
    )
    if not is_officer(user):
        reports = reports.filter(application__cluster_id__in=list(cluster_roles(user)))
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("due_on", "pk")
