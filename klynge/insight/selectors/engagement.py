"""Engagement and reach of a cluster's members, from the activity the other modules record.

Every figure is one set-based pass: one query per kind of activity (grouped by organisation and
day, read through each module's `activity_counts` selector), one for the members and one for the
settings — the same number of queries for 10 or 10,000 members. `klynge.insight.scoring` does the
arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.accounts.typing import Viewer
from klynge.events.selectors import activity_counts as event_activity
from klynge.events.selectors import activity_items as event_items
from klynge.learning.selectors.activity import activity_counts as course_activity
from klynge.learning.selectors.activity import activity_items as course_items
from klynge.matchmaking.selectors.activity import activity_counts as b2b_activity
from klynge.matchmaking.selectors.activity import activity_items as b2b_items
from klynge.members.selectors.contacts import (
    contact_people_for_cluster,
    member_rows_for_cluster,
    membership_periods_for_cluster,
)
from klynge.projects.selectors.activity import activity_counts as project_activity
from klynge.projects.selectors.activity import activity_items as project_items

from .. import scoring
from ..models import EngagementSettings, Invitation
from .responses import KIND_LABELS as KIND_ORDER
from .responses import SIZE_LABELS as SIZE_ORDER
from .responses import kind_label, size_label

READERS = (event_activity, course_activity, project_activity, b2b_activity)
LAST_ACTIVITY_YEARS = 5
TREND_QUARTERS = 8


def engagement_settings(*, cluster: Any) -> scoring.Settings:
    """The cluster's own settings, or the shipped defaults."""
    row = EngagementSettings.objects.filter(cluster=cluster).first()
    if row is None:
        return scoring.Settings()
    return scoring.Settings(
        weights={**scoring.DEFAULT_WEIGHTS, **{k: float(v) for k, v in row.weights.items()}},
        half_life_days=row.half_life_days,
        window_months=row.window_months,
        active_threshold=row.active_threshold,
    )


def survey_activity(
    *, cluster_id: int, start: date, end: date, organisation_ids: Any = None
) -> list[scoring.Row]:
    """("survey", organisation, day, count): surveys answered, dated by when the survey opened
    (no answer time is kept, so anonymous surveys stay anonymous)."""
    from django.utils import timezone

    rows = Invitation.objects.filter(
        survey__cluster_id=cluster_id, completed=True, organisation_id__isnull=False
    )
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=organisation_ids)
    grouped = (
        rows.values("organisation_id", "survey__opens_at", "survey__sent_at")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "survey__opens_at", "survey__sent_at", "n")
    )
    zone = timezone.get_current_timezone()
    found = []
    for org, opened, sent, n in grouped:
        when = opened or sent
        day = when.astimezone(zone).date() if when else None
        if day is not None and start <= day <= end:
            found.append(("survey", org, day, n))
    return found


def activity_rows(
    *, cluster: Any, start: date, end: date, organisation_ids: Iterable[int] | None = None
) -> list[scoring.Row]:
    """Every activity of the cluster's organisations from `start` to `end` (about 8 queries)."""
    ids = list(organisation_ids) if organisation_ids is not None else None
    rows: list[scoring.Row] = []
    for reader in (*READERS, survey_activity):
        rows += reader(cluster_id=cluster.pk, start=start, end=end, organisation_ids=ids)
    return rows


@dataclass
class MemberEngagement:
    organisation_id: int
    name: str
    kind: str
    size_class: str
    county: str
    engagement: scoring.Engagement
    # the words of the engagement page and its export, which fills them in (views.engagement)
    explanation: str = ""
    level_label: str = ""

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def size_label(self) -> str:
        return size_label(self.size_class)


@dataclass
class ClusterEngagement:
    as_of: date
    settings: scoring.Settings
    members: list[MemberEngagement]

    def level_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(scoring.LEVELS, 0)
        for member in self.members:
            counts[member.engagement.level] += 1
        return counts


def cluster_engagement(*, cluster: Any, as_of: date) -> ClusterEngagement:
    """Score, counts, last activity and level of every member on `as_of` (about 10 queries)."""
    settings = engagement_settings(cluster=cluster)
    members = member_rows_for_cluster(cluster=cluster, on=as_of)
    start = scoring.window_start(as_of, settings)
    rows = activity_rows(cluster=cluster, start=start, end=as_of)
    scores = scoring.score_all(rows, [m["organisation_id"] for m in members], as_of, settings)
    return ClusterEngagement(
        as_of=as_of,
        settings=settings,
        members=[
            MemberEngagement(
                organisation_id=m["organisation_id"],
                name=m["organisation__name"],
                kind=m["organisation__kind"],
                size_class=m["organisation__size_class"],
                county=m["organisation__county"],
                engagement=scores[m["organisation_id"]],
            )
            for m in members
        ],
    )


def last_activity_before(
    *, cluster: Any, before: date, organisation_ids: list[int]
) -> dict[int, date]:
    """The last activity of each organisation in the years before `before` (one pass)."""
    if not organisation_ids:
        return {}
    start = date(before.year - LAST_ACTIVITY_YEARS, before.month, 1)
    ids = organisation_ids if len(organisation_ids) <= 5000 else None
    last: dict[int, date] = {}
    wanted = set(organisation_ids)
    for _kind, org, day, _count in activity_rows(
        cluster=cluster, start=start, end=before, organisation_ids=ids
    ):
        if org in wanted and (org not in last or day > last[org]):
            last[org] = day
    return last


@dataclass
class DormantMember:
    member: MemberEngagement
    last_activity: date | None
    contact: Any


def dormant_members(*, cluster: Any, as_of: date) -> list[DormantMember]:
    """Members without activity in the window, with their last activity and a contact person."""
    overview = cluster_engagement(cluster=cluster, as_of=as_of)
    dormant = [m for m in overview.members if m.engagement.level == scoring.DORMANT]
    ids = [m.organisation_id for m in dormant]
    start = scoring.window_start(as_of, overview.settings)
    last = last_activity_before(cluster=cluster, before=start, organisation_ids=ids)
    contacts = contact_people_for_cluster(
        cluster=cluster, organisation_ids=ids if len(ids) <= 5000 else None
    )
    return sorted(
        (
            DormantMember(m, last.get(m.organisation_id), contacts.get(m.organisation_id))
            for m in dormant
        ),
        key=lambda d: (d.last_activity or date.min, d.member.name),
    )


@dataclass
class Reach:
    as_of: date
    overall: scoring.Share
    by_kind: list[tuple[str, scoring.Share]]
    by_size: list[tuple[str, scoring.Share]]
    trend: list[scoring.Share]


def cluster_reach(*, cluster: Any, as_of: date, quarters: int = TREND_QUARTERS) -> Reach:
    """Reach on `as_of` by kind and size, and at the end of each of the last quarters."""
    overview = cluster_engagement(cluster=cluster, as_of=as_of)
    levels = {m.organisation_id: m.engagement.level for m in overview.members}
    overall, kinds = scoring.reach(levels, {m.organisation_id: m.kind for m in overview.members})
    _same, sizes = scoring.reach(
        levels, {m.organisation_id: m.size_class for m in overview.members}
    )
    ends = scoring.quarter_ends(as_of, quarters)
    first = scoring.window_start(ends[0], overview.settings)
    rows = activity_rows(cluster=cluster, start=first, end=as_of)
    periods = membership_periods_for_cluster(cluster=cluster, since=ends[0])
    trend = scoring.reach_over_time(rows, periods, ends, overview.settings)
    kind_order, size_order = list(KIND_ORDER), list(SIZE_ORDER)
    kinds.sort(key=lambda s: kind_order.index(s.key) if s.key in kind_order else len(kind_order))
    sizes.sort(key=lambda s: size_order.index(s.key) if s.key in size_order else len(size_order))
    return Reach(
        as_of=as_of,
        overall=overall,
        by_kind=[(kind_label(s.key), s) for s in kinds],
        by_size=[(size_label(s.key), s) for s in sizes],
        trend=trend,
    )


# --- words --------------------------------------------------------------------------------------


def describe(counts: dict[str, int], months: int) -> str:
    """ "3 events attended, 1 project, 2 B2B meetings in the last 12 months" (biggest weight first)."""
    phrases = {
        "project": lambda n: ngettext("%(n)s project", "%(n)s projects", n),
        "completion": lambda n: ngettext("%(n)s course completed", "%(n)s courses completed", n),
        "checkin": lambda n: ngettext("%(n)s event attended", "%(n)s events attended", n),
        "b2b": lambda n: ngettext("%(n)s B2B meeting", "%(n)s B2B meetings", n),
        "survey": lambda n: ngettext("%(n)s survey answer", "%(n)s survey answers", n),
        "registration": lambda n: ngettext("%(n)s registration", "%(n)s registrations", n),
        "idea": lambda n: ngettext("%(n)s idea followed", "%(n)s ideas followed", n),
    }
    parts = [phrases[k](counts[k]) % {"n": counts[k]} for k in scoring.KINDS if counts.get(k)]
    period = ngettext("in the last month", "in the last %(n)s months", months) % {"n": months}
    if not parts:
        return _("No activity %(period)s") % {"period": period}
    return _("%(activities)s %(period)s") % {"activities": ", ".join(parts), "period": period}


KIND_LABELS = {
    "project": gettext_lazy("Project partner"),
    "completion": gettext_lazy("Course completed"),
    "checkin": gettext_lazy("Event attended"),
    "b2b": gettext_lazy("B2B meeting"),
    "survey": gettext_lazy("Survey answered"),
    "registration": gettext_lazy("Registered for an event"),
    "idea": gettext_lazy("Interested in an idea"),
}


# --- one organisation's timeline ----------------------------------------------------------------


def organisation_timeline(
    *, organisation: Any, cluster_ids: list[int], until: date, limit: int = 100
) -> list[dict[str, Any]]:
    """What the organisation did in these clusters up to `until`, newest first (one query per kind
    of activity). Like the score, an event or a B2B meeting counts on its day, so a registration
    for a later event or a meeting booked for later is not on the timeline yet."""
    items: list[dict[str, Any]] = []
    for reader in (event_items, course_items, project_items, b2b_items):
        items += reader(
            organisation_id=organisation.pk, cluster_ids=cluster_ids, until=until, limit=limit
        )
    invitations = (
        Invitation.objects.filter(
            organisation=organisation, survey__cluster_id__in=cluster_ids, completed=True
        )
        .select_related("survey")
        .order_by("-survey__opens_at")[:limit]
    )
    for invitation in invitations:
        survey = invitation.survey
        when = survey.opens_at or survey.sent_at
        items.append(
            {
                "kind": "survey",
                "on": when.date() if when else None,
                "title": survey.title,
                "detail": "",
                "url": "",
                "cluster_id": survey.cluster_id,
            }
        )
    items = [i for i in items if i["on"] is not None and i["on"] <= until]
    items.sort(key=lambda i: (i["on"], i["kind"]), reverse=True)
    return items[:limit]


def clusters_seen_by(*, organisation: Any, viewer: Viewer) -> list[Any]:
    """The clusters of the organisation (now or before) whose records about it the viewer may see:
    all of them for officers and the organisation's own contacts, else those of the viewer's team."""
    from klynge.clusters.models import Cluster
    from klynge.clusters.roles import cluster_roles
    from klynge.core.permissions import is_programme_officer, is_superuser
    from klynge.members.roles import contact_organisation_id, organisation_cluster_ids

    ids = organisation_cluster_ids(organisation, active_only=False)
    sees_all = (
        is_superuser(viewer)
        or is_programme_officer(viewer)
        or contact_organisation_id(viewer) == organisation.pk
    )
    if not sees_all:
        ids = ids & set(cluster_roles(viewer))
    return list(Cluster.objects.filter(pk__in=ids).order_by("name"))


@dataclass
class OrganisationActivity:
    clusters: list[tuple[Any, scoring.Engagement, str]]  # (cluster, engagement, explanation)
    timeline: list[dict[str, Any]]


def organisation_activity(
    *, organisation: Any, viewer: Viewer, as_of: date
) -> OrganisationActivity:
    """The organisation's engagement in each cluster the viewer may see it in, and its timeline."""
    clusters = clusters_seen_by(organisation=organisation, viewer=viewer)
    ids = {c.pk for c in clusters}
    rows = []
    for cluster in clusters:
        settings = engagement_settings(cluster=cluster)
        start = scoring.window_start(as_of, settings)
        found = activity_rows(
            cluster=cluster, start=start, end=as_of, organisation_ids=[organisation.pk]
        )
        engagement = scoring.score_all(found, [organisation.pk], as_of, settings)[organisation.pk]
        rows.append((cluster, engagement, describe(engagement.counts, settings.window_months)))
    names = {c.pk: c.short_name for c in clusters}
    timeline = organisation_timeline(organisation=organisation, cluster_ids=list(ids), until=as_of)
    for item in timeline:
        item["cluster"] = names.get(item["cluster_id"], "")
        item["label"] = KIND_LABELS[item["kind"]]
    return OrganisationActivity(clusters=rows, timeline=timeline)
