"""Figures for an annual report, pre-filled from Klynge's data (stored as JSON on the report).

Labels are not stored: each group holds stable keys and counts. Courses come from the learning
module once it offers its selectors; until then the report shows a marked empty section.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from klynge.events.models import Event, Registration
from klynge.members.selectors.composition import composition_get
from klynge.projects.models import Outcome, Project, ProjectPartner

from ..models import Application
from .inputs import PARTICIPANT_STATUSES
from .statuses import label_current, level_current


def _rows(counter: Counter[str] | dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"key": k, "count": n}
        for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        if n
    ]


def year_bounds(
    year: int, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """1 January to 31 December, or to today for the running year."""
    today = today or timezone.localdate()
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def _members(cluster_id: int, end: datetime.date, year: int) -> dict[str, Any]:
    composition = composition_get(cluster=cluster_id, as_of=end, cached=False)
    row = next((r for r in composition.years if r.year == year), None)
    sme = next((b.count for b in composition.by_sme if b.key == "sme"), 0)
    international = next((b.count for b in composition.by_origin if b.key == "international"), 0)
    return {
        "total": composition.total,
        "new": row.joined if row else 0,
        "left": row.left if row else 0,
        "by_type": [{"key": b.key, "count": b.count} for b in composition.by_member_type],
        "sme": sme,
        "sme_share": round(sme / composition.total, 3) if composition.total else None,
        "international": international,
    }


def _events(cluster_id: int, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    begin = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    finish = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
    cohosted = Event.co_hosts.through.objects.filter(cluster_id=cluster_id).values("event_id")
    events = Event.objects.filter(
        Q(cluster_id=cluster_id) | Q(pk__in=cohosted),
        status=Event.Status.PUBLISHED,
        starts_at__gte=begin,
        starts_at__lte=finish,
    )
    by_kind = Counter(dict(events.values_list("kind").annotate(n=Count("pk"))))
    participants = Registration.objects.filter(
        event__in=events.values("pk"), status__in=PARTICIPANT_STATUSES
    )
    return {
        "count": sum(by_kind.values()),
        "participants": participants.count(),
        "by_kind": _rows(by_kind),
    }


def _projects(cluster_id: int, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    taking_part = Project.clusters.through.objects.filter(cluster_id=cluster_id).values(
        "project_id"
    )
    mine = Project.objects.filter(Q(lead_cluster_id=cluster_id) | Q(pk__in=taking_part))
    active = mine.filter(
        Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start)),
        status__in=("approved", "running", "completed"),
    )
    by_kind = Counter(dict(active.values_list("kind").annotate(n=Count("pk"))))
    by_status = Counter(
        dict(mine.exclude(status="cancelled").values_list("status").annotate(n=Count("pk")))
    )
    outcomes = Outcome.objects.filter(project__in=mine.values("pk"), date__gte=start, date__lte=end)
    by_outcome = Counter(dict(outcomes.values_list("kind").annotate(n=Count("pk"))))
    foreign = ProjectPartner.objects.filter(
        project__in=active.values("pk"), status="confirmed"
    ).exclude(organisation__country="NO")
    names = sorted(set(foreign.values_list("organisation__name", flat=True)))
    return {
        "active": sum(by_kind.values()),
        "started": active.filter(start_date__gte=start).count(),
        "by_kind": _rows(by_kind),
        "by_status": _rows(by_status),
        "outcomes": _rows(by_outcome),
        "international_partners": len(names),
        "international_partner_names": names[:50],
    }


def _programme(cluster_id: int, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    level = level_current(cluster=cluster_id, on=end)
    label = label_current(cluster=cluster_id, on=end)
    applications = Application.objects.filter(
        cluster_id=cluster_id, submitted_at__date__gte=start, submitted_at__date__lte=end
    )
    approved = applications.filter(status="approved")
    return {
        "level": level.code if level else None,
        "label": label.grade if label else None,
        "label_valid_until": label.valid_until.isoformat() if label else None,
        "applications": applications.count(),
        "approved": approved.count(),
        "granted": approved.aggregate(total=Sum("granted_amount"))["total"] or 0,
    }


def report_figures(
    *, cluster: Any, year: int, today: datetime.date | None = None
) -> dict[str, Any]:
    cluster_id = getattr(cluster, "pk", cluster)
    start, end = year_bounds(year, today)
    return {
        "year": year,
        "as_of": end.isoformat(),
        "members": _members(cluster_id, end, year),
        "events": _events(cluster_id, start, end),
        "projects": _projects(cluster_id, start, end),
        "programme": _programme(cluster_id, start, end),
        "learning": None,  # not available until the learning module offers its selectors
    }
