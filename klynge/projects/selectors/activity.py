"""For other modules: member activity in projects (partnerships) and on the ideas board (interest).

A confirmed partnership in a project the cluster leads or takes part in counts on the day the
project starts, and while it runs it counts as of the day asked about (so a three-year project keeps
its partners active); cancelled projects do not count.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from ..models import IdeaInterest, Project, ProjectPartner


def _in_cluster(cluster_id: int, prefix: str) -> Q:
    return Q(**{f"{prefix}lead_cluster_id": cluster_id}) | Q(
        **{f"{prefix}clusters__id": cluster_id}
    )


def activity_counts(
    *, cluster_id: int, start: date, end: date, organisation_ids: Any = None
) -> list[tuple[str, int, Any, int]]:
    """(kind, organisation id, day, count) of partnerships and idea interests up to `end`.

    Two queries; the partnership's day (start, or `end` while it runs) is worked out in Python.
    """
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    partners = (
        ProjectPartner.objects.filter(
            _in_cluster(cluster_id, "project__"), status=ProjectPartner.Status.CONFIRMED
        )
        .exclude(project__status=Project.Status.CANCELLED)
        .values_list(
            "pk", "organisation_id", "project__start_date", "project__end_date", "created_at"
        )
        .distinct()
    )
    interests = IdeaInterest.objects.filter(
        idea__cluster_id=cluster_id, created_at__gte=first, created_at__lt=after
    ).values_list("organisation_id", "created_at")
    if organisation_ids is not None:
        partners = partners.filter(organisation_id__in=organisation_ids)
        interests = interests.filter(organisation_id__in=organisation_ids)
    zone = timezone.get_current_timezone()
    counts: Counter[tuple[str, int, date]] = Counter()
    for _pk, org, began, ended, created in partners:
        began = began or created.astimezone(zone).date()
        day = min(ended or end, end)
        if began <= end and day >= start:
            counts[("project", org, day)] += 1
    for org, created in interests:
        counts[("idea", org, created.astimezone(zone).date())] += 1
    return [(kind, org, day, n) for (kind, org, day), n in counts.items()]


def activity_items(
    *, organisation_id: int, cluster_ids: Any, until: Any, limit: int = 100
) -> list[dict[str, Any]]:
    """Project partnerships begun and ideas followed up to `until` (a date), for a timeline."""
    after = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    condition = Q(project__lead_cluster_id__in=cluster_ids) | Q(
        project__clusters__id__in=cluster_ids
    )
    partners = (
        ProjectPartner.objects.filter(condition, organisation_id=organisation_id)
        .filter(status=ProjectPartner.Status.CONFIRMED)
        .exclude(project__start_date__gt=until)
        .select_related("project")
        .distinct()
        .order_by("-project__start_date", "-pk")[:limit]
    )
    interests = (
        IdeaInterest.objects.filter(
            organisation_id=organisation_id, idea__cluster_id__in=cluster_ids
        )
        .filter(created_at__lt=after)
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


def partner_rows(*, cluster_id: int, until: date) -> list[tuple[int, int, int]]:
    """(project id, organisation id, year the project started) of every confirmed partner in the
    projects the cluster leads or takes part in, started by `until`, cancelled ones left out (one
    query; the collaboration network reads it)."""
    rows = (
        ProjectPartner.objects.filter(
            _in_cluster(cluster_id, "project__"), status=ProjectPartner.Status.CONFIRMED
        )
        .exclude(project__status=Project.Status.CANCELLED)
        .values_list("project_id", "organisation_id", "project__start_date", "created_at")
        .distinct()
    )
    zone = timezone.get_current_timezone()
    found = []
    for project, org, began, created in rows:
        day = began or created.astimezone(zone).date()
        if day <= until:
            found.append((project, org, day.year))
    return found


def yearly_projects(*, cluster_id: int, first_year: int, last_year: int) -> dict[int, Any]:
    """{year: {"running": projects under way in the year, "by_status": {status: count} of those,
    "funding": NOK of the projects that started in the year}} for the projects the cluster leads
    or takes part in, cancelled ones left out (two queries)."""
    from django.db.models import Sum

    ids = set(
        Project.objects.filter(_in_cluster(cluster_id, ""))
        .exclude(status=Project.Status.CANCELLED)
        .values_list("pk", flat=True)
    )
    rows = (
        Project.objects.filter(pk__in=ids)
        .annotate(funding=Sum("funding_sources__amount"))
        .values_list("status", "start_date", "end_date", "funding")
    )
    span = range(first_year, last_year + 1)
    running: Counter[int] = Counter()
    funded: Counter[int] = Counter()
    by_status: dict[int, Counter[str]] = {y: Counter() for y in span}
    for status, began, ended, funding in rows:
        if began is None:
            continue
        for year in span:
            if began.year <= year and (ended is None or ended.year >= year):
                running[year] += 1
                by_status[year][status] += 1
            if began.year == year:
                funded[year] += funding or 0
    return {
        y: {"running": running[y], "by_status": by_status[y], "funding": funded[y]} for y in span
    }
