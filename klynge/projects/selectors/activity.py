"""For other modules: member activity in projects (partnerships) and on the ideas board (interest).

A confirmed partnership in a project the cluster leads or takes part in counts on the day the
project starts, and while it runs it counts as of the day asked about (so a three-year project keeps
its partners active); cancelled projects do not count.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, DateField, Q, Value
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from ..models import IdeaInterest, Project, ProjectPartner


def _in_cluster(cluster_id: int, prefix: str) -> Q:
    return Q(**{f"{prefix}lead_cluster_id": cluster_id}) | Q(
        **{f"{prefix}clusters__id": cluster_id}
    )


def activity_counts(
    *, cluster_id: int, start: date, end: date, organisation_ids: Any = None
) -> list[tuple[str, int, Any, int]]:
    """(kind, organisation id, day, count) of partnerships and idea interests up to `end`."""
    partners = ProjectPartner.objects.filter(
        _in_cluster(cluster_id, "project__"), status=ProjectPartner.Status.CONFIRMED
    ).exclude(project__status=Project.Status.CANCELLED)
    interests = IdeaInterest.objects.filter(
        idea__cluster_id=cluster_id, created_at__date__gte=start, created_at__date__lte=end
    )
    if organisation_ids is not None:
        partners = partners.filter(organisation_id__in=organisation_ids)
        interests = interests.filter(organisation_id__in=organisation_ids)
    began = Coalesce("project__start_date", TruncDate("created_at"), output_field=DateField())
    day = Least(
        Coalesce("project__end_date", Value(end), output_field=DateField()),
        Value(end),
        output_field=DateField(),
    )
    partnership_rows = (
        partners.annotate(began=began, day=day)
        .filter(began__lte=end, day__gte=start)
        .values("organisation_id", "day")
        .annotate(n=Count("pk", distinct=True))
        .values_list("organisation_id", "day", "n")
    )
    interest_rows = (
        interests.values("organisation_id", day=TruncDate("created_at"))
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "day", "n")
    )
    return [("project", *row) for row in partnership_rows] + [
        ("idea", *row) for row in interest_rows
    ]


def activity_items(
    *, organisation_id: int, cluster_ids: Any, limit: int = 100
) -> list[dict[str, Any]]:
    condition = Q(project__lead_cluster_id__in=cluster_ids) | Q(
        project__clusters__id__in=cluster_ids
    )
    partners = (
        ProjectPartner.objects.filter(condition, organisation_id=organisation_id)
        .filter(status=ProjectPartner.Status.CONFIRMED)
        .select_related("project")
        .distinct()
        .order_by("-project__start_date", "-pk")[:limit]
    )
    interests = (
        IdeaInterest.objects.filter(
            organisation_id=organisation_id, idea__cluster_id__in=cluster_ids
        )
        .select_related("idea")
        .order_by("-created_at")[:limit]
    )
    items = [
        {
            "kind": "project",
            "on": p.project.start_date or timezone.localdate(p.created_at),
            "title": str(p.project),
            "detail": p.get_role_display(),
            "url": p.project.get_absolute_url(),
            "cluster_id": p.project.lead_cluster_id,
        }
        for p in partners
    ]
    items += [
        {
            "kind": "idea",
            "on": timezone.localdate(i.created_at),
            "title": i.idea.title,
            "detail": "",
            "url": i.idea.get_absolute_url(),
            "cluster_id": i.idea.cluster_id,
        }
        for i in interests
    ]
    return items
