"""Gather the plain inputs of the computed indicators for one cluster on a date.

Reads the members' composition selector, the cluster's projects (partners and funding) and events.
A fixed number of queries (composition's seven plus five here), whatever the cluster's size.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db.models import Q, Sum

from klynge.events.models import Event, Registration
from klynge.members.models import Membership
from klynge.members.roles import active_membership_q
from klynge.members.selectors.composition import composition_get
from klynge.projects.models import FundingSource, Project, ProjectPartner

from ..indicators import IndicatorInputs
from .statuses import label_current

# Projects that are (or were) really carried out count for cooperation and funding.
ACTIVE_PROJECT_STATUSES = ("approved", "running", "completed")
PARTICIPANT_STATUSES = ("confirmed", "attended")


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def cluster_projects(cluster_id: int, start: datetime.date, end: datetime.date) -> Any:
    """Projects the cluster leads or takes part in, carried out some time in [start, end]."""
    taking_part = Project.clusters.through.objects.filter(cluster_id=cluster_id).values(
        "project_id"
    )
    dated = Q(start_date__isnull=False, start_date__lte=end) & (
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    return Project.objects.filter(
        Q(lead_cluster_id=cluster_id) | Q(pk__in=taking_part),
        dated,
        status__in=ACTIVE_PROJECT_STATUSES,
    )


def _cooperation(cluster_id: int, as_of: datetime.date, projects: Any) -> tuple[int, int]:
    """Members that are confirmed partners with at least one other member in the same project."""
    member_ids = Membership.objects.filter(
        active_membership_q(as_of), cluster_id=cluster_id
    ).values("organisation_id")
    pairs = ProjectPartner.objects.filter(
        project__in=projects,
        status=ProjectPartner.Status.CONFIRMED,
        organisation_id__in=member_ids,
    ).values_list("project_id", "organisation_id")
    by_project: dict[int, set[int]] = {}
    for project_id, org_id in pairs:
        by_project.setdefault(project_id, set()).add(org_id)
    joint = {pid: orgs for pid, orgs in by_project.items() if len(orgs) >= 2}
    cooperating = set().union(*joint.values()) if joint else set()
    return len(cooperating), len(joint)


def _funding(projects: Any) -> tuple[int, int]:
    own = projects.aggregate(cash=Sum("private_cash"), in_kind=Sum("in_kind"))
    sources = FundingSource.objects.filter(project__in=projects).values("kind")
    by_kind = Counter({row["kind"]: row["total"] for row in sources.annotate(total=Sum("amount"))})
    private = (own["cash"] or 0) + (own["in_kind"] or 0) + by_kind.get("private", 0)
    return private, by_kind.get("public", 0)


def _events(cluster_id: int, as_of: datetime.date) -> tuple[int, int]:
    from django.utils import timezone

    end = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    start = end - datetime.timedelta(days=365)
    hosted = Q(cluster_id=cluster_id) | Q(co_hosts__id=cluster_id)
    events = (
        Event.objects.filter(
            hosted, status=Event.Status.PUBLISHED, starts_at__gt=start, starts_at__lte=end
        )
        .values("pk")
        .distinct()
    )
    held = events.count()
    participants = Registration.objects.filter(
        event__in=events, status__in=PARTICIPANT_STATUSES
    ).count()
    return held, participants


def indicator_inputs(
    *, cluster: Any, as_of: datetime.date, window_years: int = 3
) -> IndicatorInputs:
    cluster_id = getattr(cluster, "pk", cluster)
    composition = composition_get(cluster=cluster_id, as_of=as_of)
    eligibility = composition.eligibility
    last_year = composition.last_full_year
    window_start = years_before(as_of, window_years)
    projects = cluster_projects(cluster_id, window_start, as_of)
    cooperating, joint_projects = _cooperation(cluster_id, as_of, projects)
    private, public = _funding(projects)
    held, participants = _events(cluster_id, as_of)
    label = label_current(cluster=cluster_id, on=as_of)
    return IndicatorInputs(
        as_of=as_of,
        total_members=composition.total,
        committed_members=eligibility.committed_members,
        member_types=eligibility.member_types,
        member_type_keys=eligibility.type_keys,
        stability_year=last_year.year if last_year else None,
        members_at_start=last_year.members_at_start if last_year else 0,
        retained=last_year.retained if last_year else 0,
        cooperating_members=cooperating,
        cooperation_projects=joint_projects,
        events_held=held,
        event_participants=participants,
        private_funding=private,
        public_funding=public,
        label_grade=label.grade if label else "",
        label_valid_until=label.valid_until if label else None,
        window_years=window_years,
    )
