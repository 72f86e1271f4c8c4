"""A cluster's dashboard: sixteen figures for a year, each with last year's value and a five-year
trend, read through the other modules' yearly selectors (members, events, courses, projects, B2B
meetings), insight's own surveys, engagement and network.

About 35 queries whatever the size of the cluster (a test bounds them); the result is cached per
cluster and year under a fingerprint of the rows it is counted from, so a write shows at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from klynge.core.cache import cached_figure
from klynge.events.models import Event, Registration
from klynge.events.selectors import yearly_event_counts
from klynge.learning.models import Course, Enrolment
from klynge.learning.selectors.activity import yearly_completions
from klynge.matchmaking.models import Meeting
from klynge.matchmaking.selectors.activity import yearly_meetings
from klynge.members.models import Membership, Organisation
from klynge.members.selectors.contacts import (
    member_rows_for_cluster,
    membership_periods_for_cluster,
)
from klynge.projects.models import FundingSource, Project, ProjectPartner
from klynge.projects.selectors.activity import yearly_projects

from .. import scoring, stats
from ..models import Answer, Question, Response, Survey
from ..network import graph as g
from .engagement import cluster_engagement
from .network import Period, network_rows

YEARS = 5  # the trend line's length
SATISFACTION_KEY = "value-of-membership"  # the yearly member survey's 1–5 question
COUNT, PERCENT, NOK, SCORE, RATIO = "count", "percent", "nok", "score", "ratio"


@dataclass
class Tile:
    key: str
    value: float | None
    previous: float | None
    trend: list[tuple[int, float | None]]
    unit: str = COUNT
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class Dashboard:
    year: int
    as_of: date
    tiles: list[Tile]

    def tile(self, key: str) -> Tile:
        return next(t for t in self.tiles if t.key == key)


def _year_end(year: int, today: date) -> date:
    return min(date(year, 12, 31), today)


def _tile(key: str, per_year: dict[int, Any], year: int, unit: str = COUNT, **detail: Any) -> Tile:
    years = sorted(per_year)
    return Tile(
        key=key,
        value=per_year.get(year),
        previous=per_year.get(year - 1),
        trend=[(y, per_year[y]) for y in years],
        unit=unit,
        detail=detail,
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _survey_figures(cluster: Any, first: int, last: int) -> dict[int, dict[str, float | None]]:
    """Mean satisfaction (1–5) and NPS of the submitted answers of surveys opened each year."""
    answers = Answer.objects.filter(
        response__survey__cluster=cluster,
        response__status=Response.Status.SUBMITTED,
        response__survey__opens_at__year__gte=first,
        response__survey__opens_at__year__lte=last,
        number__isnull=False,
    ).filter(
        Q(question__kind=Question.Kind.NPS)
        | Q(question__key=SATISFACTION_KEY, question__kind=Question.Kind.SCALE)
    )
    zone = timezone.get_current_timezone()
    values: dict[int, dict[str, list[float]]] = {}
    for opened, kind, number in answers.values_list(
        "response__survey__opens_at", "question__kind", "number"
    ):
        if opened is None or number is None:
            continue
        year = opened.astimezone(zone).year
        values.setdefault(year, {"nps": [], "scale": []})[kind].append(number)
    out: dict[int, dict[str, float | None]] = {}
    for year in range(first, last + 1):
        found = values.get(year, {"nps": [], "scale": []})
        out[year] = {
            "satisfaction": stats.numeric_summary(found["scale"]).mean,
            "nps": stats.nps(found["nps"]).score,
        }
    return out


def _network_figures(cluster: Any, first: int, last: int) -> dict[int, tuple[float, float | None]]:
    """(density, cross-helix share) of the network as of the end of each year (rows read once)."""
    rows = network_rows(cluster=cluster, period=Period(last_year=last))
    out = {}
    for year in range(first, last + 1):
        graph = g.build_graph(
            rows.organisations,
            projects=rows.projects,
            meetings=rows.meetings,
            gatherings=rows.gatherings,
            last_year=year,
            max_gathering=rows.small_gathering,
        )
        out[year] = g.summary(graph)
    return out


def _reach(cluster: Any, on: date) -> tuple[float | None, int]:
    overview = cluster_engagement(cluster=cluster, as_of=on)
    counts = overview.level_counts()
    total = len(overview.members)
    return _share(total - counts[scoring.DORMANT], total), counts[scoring.ACTIVE]


def compute_dashboard(*, cluster: Any, year: int, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    first = year - YEARS + 1
    years = range(first, year + 1)
    members = {y: member_rows_for_cluster(cluster=cluster, on=_year_end(y, today)) for y in years}
    periods = membership_periods_for_cluster(cluster=cluster, since=date(first, 1, 1))
    joined = {y: len([j for _o, j, _l in periods if j.year == y]) for y in years}
    events = yearly_event_counts(cluster_id=cluster.pk, first_year=first, last_year=year)
    courses = yearly_completions(cluster_id=cluster.pk, first_year=first, last_year=year)
    projects = yearly_projects(cluster_id=cluster.pk, first_year=first, last_year=year)
    meetings = yearly_meetings(cluster_id=cluster.pk, first_year=first, last_year=year)
    surveys = _survey_figures(cluster, first, year)
    network = _network_figures(cluster, first, year)
    reach_now, active_now = _reach(cluster, _year_end(year, today))
    reach_then, active_then = _reach(cluster, _year_end(year - 1, today))
    kinds: dict[str, int] = {}
    for m in members[year]:
        kinds[m["organisation__kind"]] = kinds.get(m["organisation__kind"], 0) + 1
    return Dashboard(
        year=year,
        as_of=_year_end(year, today),
        tiles=[
            _tile("members", {y: len(members[y]) for y in years}, year, by_kind=kinds),
            _tile("new_members", joined, year),
            Tile(
                "reach", reach_now, reach_then, [(year - 1, reach_then), (year, reach_now)], PERCENT
            ),
            Tile("active", active_now, active_then, [(year - 1, active_then), (year, active_now)]),
            _tile("events", {y: events[y][0] for y in years}, year),
            _tile("participants", {y: events[y][1] for y in years}, year),
            _tile("courses", {y: courses[y][0] for y in years}, year),
            _tile("completions", {y: courses[y][1] for y in years}, year),
            _tile(
                "sme_completions",
                {y: _share(courses[y][2], courses[y][1]) for y in years},
                year,
                PERCENT,
            ),
            _tile(
                "projects",
                {y: projects[y]["running"] for y in years},
                year,
                by_status=dict(projects[year]["by_status"]),
            ),
            _tile("funding", {y: projects[y]["funding"] for y in years}, year, NOK),
            _tile("b2b", meetings, year),
            _tile("satisfaction", {y: surveys[y]["satisfaction"] for y in years}, year, SCORE),
            _tile("nps", {y: surveys[y]["nps"] for y in years}, year, SCORE),
            _tile("density", {y: network[y][0] for y in years}, year, RATIO),
            _tile("cross_helix", {y: network[y][1] for y in years}, year, PERCENT),
        ],
    )


def _sources(cluster: Any) -> list[QuerySet[Any]]:
    """The rows the dashboard's figures are counted from, as far as the cluster's own go."""
    return [
        Membership.objects.filter(cluster=cluster),
        Organisation.objects.filter(memberships__cluster=cluster),
        Event.objects.filter(cluster=cluster),
        Registration.objects.filter(event__cluster=cluster),
        Course.objects.filter(cluster=cluster),
        Enrolment.objects.filter(course__cluster=cluster),
        Project.objects.filter(lead_cluster=cluster),
        ProjectPartner.objects.filter(project__lead_cluster=cluster),
        FundingSource.objects.filter(project__lead_cluster=cluster),
        Meeting.objects.filter(session__event__cluster=cluster),
        Survey.objects.filter(cluster=cluster),
        Response.objects.filter(survey__cluster=cluster),
    ]


def dashboard_fingerprint(cluster: Any) -> str:
    """How many rows each source has and when the last one changed: a new member, registration,
    completion or answer gives a new fingerprint, so the cached dashboard is not shown for it."""
    parts = []
    for rows in _sources(cluster):
        stamped = any(f.name == "updated_at" for f in rows.model._meta.get_fields())
        last = Max("updated_at") if stamped else Max("pk")
        parts.append(rows.order_by().aggregate(n=Count("pk"), last=last))
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:20]


def cluster_dashboard(*, cluster: Any, year: int) -> Dashboard:
    """The dashboard, cached per cluster and year under a fingerprint of its source rows (a write
    shows at once), for at most `KLYNGE_FIGURE_CACHE_SECONDS`."""
    compute: Callable[[], Dashboard] = lambda: compute_dashboard(cluster=cluster, year=year)  # noqa: E731
    key = f"{year}:{dashboard_fingerprint(cluster)}"
    return cached_figure(f"insight-dashboard-{cluster.pk}", key, compute)
