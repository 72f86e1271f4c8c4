"""Gather the plain inputs of the computed indicators for one cluster on a date.

Reads the members' composition selector, the cluster's projects (partners, funding, outcomes),
events and their feedback, the team, member surveys, the cluster organisation's finances and the
communication figures other apps provide (`core.extensions.figures("cluster", ...)`). A fixed
number of queries, whatever the cluster's size. `window_years` is the framework's time window
(`framework_window`): projects, funding, surveys and outcomes are counted over it; events,
feedback and communication over the last 12 months.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from klynge.clusters.models import Cluster, ClusterRole
from klynge.core.extensions import figures
from klynge.events.models import Event, Feedback, Registration
from klynge.insight.models import Invitation
from klynge.members.counties import county_name_on
from klynge.members.models import Membership
from klynge.members.roles import active_membership_q
from klynge.members.selectors.composition import COMMITTED_CATEGORIES, UNKNOWN, composition_get
from klynge.projects.models import FundingSource, Outcome, Project, ProjectPartner

from ..indicators import IndicatorInputs
from ..models import ClusterFinance
from ..models.finance import PRIVATE_SOURCES, PUBLIC_SOURCES
from .statuses import label_current

DEFAULT_WINDOW_YEARS = 3
TEAM_SETTLED_YEARS = 2
THEMATIC_GROUP_MEMBERS = 3
RESEARCH_KINDS = ("university", "research_institute")

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


def _last_year(as_of: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    end = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    return end - datetime.timedelta(days=365), end


def _events_of(cluster_id: int, as_of: datetime.date) -> Any:
    start, end = _last_year(as_of)
    hosted = Q(cluster_id=cluster_id) | Q(co_hosts__id=cluster_id)
    return Event.objects.filter(
        hosted, status=Event.Status.PUBLISHED, starts_at__gt=start, starts_at__lte=end
    )


def _events(cluster_id: int, as_of: datetime.date) -> tuple[int, int, int]:
    """Events held in the last 12 months, their participants, and the public ones among them."""
    events = _events_of(cluster_id, as_of)
    held = events.values("pk").distinct().count()
    public = events.filter(audience=Event.Audience.PUBLIC).values("pk").distinct().count()
    participants = Registration.objects.filter(
        event__in=events.values("pk"), status__in=PARTICIPANT_STATUSES
    ).count()
    return held, participants, public


def _reach_and_feedback(cluster_id: int, as_of: datetime.date) -> tuple[int, int, int]:
    """Members with a participant at the last 12 months' events; feedback answers and score sum."""
    events = _events_of(cluster_id, as_of).values("pk")
    members = Membership.objects.filter(active_membership_q(as_of), cluster_id=cluster_id).values(
        "organisation_id"
    )
    reached = (
        Registration.objects.filter(
            event__in=events, status__in=PARTICIPANT_STATUSES, organisation_id__in=members
        )
        .values("organisation_id")
        .distinct()
        .count()
    )
    feedback = Feedback.objects.filter(registration__event__in=events).aggregate(
        n=Count("pk"), total=Sum("score")
    )
    return reached, feedback["n"], feedback["total"] or 0


def _finance(cluster_id: int, as_of: datetime.date, years: int) -> tuple[int, int, tuple[int, ...]]:
    """The cluster organisation's private and public income in the window's calendar years."""
    rows = ClusterFinance.objects.filter(
        cluster_id=cluster_id, year__gt=as_of.year - years, year__lte=as_of.year
    ).values("year", *PRIVATE_SOURCES, *PUBLIC_SOURCES)
    private = public = 0
    seen = []
    for row in rows:
        private += sum(row[name] for name in PRIVATE_SOURCES)
        public += sum(row[name] for name in PUBLIC_SOURCES)
        seen.append(row["year"])
    return private, public, tuple(sorted(seen))


def _team(cluster_id: int, as_of: datetime.date) -> tuple[int, int]:
    """People with a team role on `as_of`, and those who have held one for two years or more."""
    end = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    first: dict[int, datetime.datetime] = {}
    for user_id, created in ClusterRole.objects.filter(
        cluster_id=cluster_id, created_at__lte=end
    ).values_list("user_id", "created_at"):
        first[user_id] = min(created, first.get(user_id, created))
    settled_by = timezone.make_aware(
        datetime.datetime.combine(years_before(as_of, TEAM_SETTLED_YEARS), datetime.time.max)
    )
    return len(first), sum(1 for created in first.values() if created <= settled_by)


def _surveys(cluster_id: int, start: datetime.date, as_of: datetime.date) -> tuple[int, int, int]:
    """Member surveys first sent in the window: how many, people invited, people who answered."""
    low = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    high = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    found = Invitation.objects.filter(
        survey__cluster_id=cluster_id, survey__sent_at__gte=low, survey__sent_at__lte=high
    ).aggregate(
        surveys=Count("survey", distinct=True),
        invited=Count("pk"),
        answered=Count("pk", filter=Q(completed=True)),
    )
    return found["surveys"], found["invited"], found["answered"]


def _innovation(cluster_id: int, projects: Any) -> int:
    """Projects with another cluster taking part or leading, or with a research partner."""
    others = Project.clusters.through.objects.exclude(cluster_id=cluster_id).values("project_id")
    research = ProjectPartner.objects.filter(
        status=ProjectPartner.Status.CONFIRMED, organisation__kind__in=RESEARCH_KINDS
    ).values("project_id")
    mixed = projects.filter(Q(pk__in=others) | Q(pk__in=research) | ~Q(lead_cluster_id=cluster_id))
    return int(mixed.distinct().count())


def _thematic_groups(cluster_id: int, as_of: datetime.date) -> tuple[int, int]:
    """The cluster's focus topics, and those with at least three committed members on them."""
    focus = Cluster.focus_topics.through.objects.filter(cluster_id=cluster_id).values("topic_id")
    counts = (
        Membership.objects.filter(
            active_membership_q(as_of),
            cluster_id=cluster_id,
            category__in=COMMITTED_CATEGORIES,
            organisation__topics__in=focus,
        )
        .values("organisation__topics")
        .annotate(n=Count("organisation", distinct=True))
    )
    groups = sum(1 for row in counts if row["n"] >= THEMATIC_GROUP_MEMBERS)
    return Cluster.focus_topics.through.objects.filter(cluster_id=cluster_id).count(), groups


def _geography(cluster: Any, composition: Any, as_of: datetime.date) -> tuple[str, int, int]:
    """The home county (the cluster's region as of the date, else where most members are), the
    members in it and the members in Norway with a known county (counties as of the date)."""
    counties = {b.key: b.count for b in composition.by_county if b.key not in (UNKNOWN, "abroad")}
    known = sum(counties.values())
    home = county_name_on(cluster.region or "", as_of) if cluster.region else ""
    if home not in counties and counties:
        home = max(sorted(counties), key=lambda name: counties[name])
    return home, counties.get(home, 0), known


COMMUNICATION_FIGURES = ("news.posts", "news.newsletters", "news.recipients")


def _communication(cluster_id: int, as_of: datetime.date) -> dict[str, int]:
    """News posts, newsletters sent and their recipients in the last 12 months, counted by the
    figure sources communication registers for the annual report (this app may not import it)."""
    from ..report_definition import NAME as ANNUAL_REPORT  # it reads this module's statuses
    from ..report_definition import ReportScope

    scope = ReportScope(cluster_id, as_of.year, years_before(as_of, 1), as_of)
    return {
        source.key: int(source.value(scope))
        for source in figures(ANNUAL_REPORT)
        if source.key in COMMUNICATION_FIGURES
    }


def _presence(cluster: Any, news: int, public_events: int) -> tuple[str, ...]:
    found = []
    if cluster.website:
        found.append("website")
    if cluster.description_en.strip() and cluster.description_nb.strip():
        found.append("profile")
    if news:
        found.append("news")
    if public_events:
        found.append("public_events")
    return tuple(found)


def _outcomes(projects: Any, start: datetime.date, as_of: datetime.date) -> int:
    return Outcome.objects.filter(project__in=projects, date__gte=start, date__lte=as_of).count()


def framework_window(framework: Any) -> int:
    """The framework's time window in years: its criteria's `years` setting (the largest when
    they differ), else three years."""
    found = [
        int(params["years"])
        for params in framework.criteria.values_list("params", flat=True)
        if isinstance(params, dict) and str(params.get("years", "")).isdigit()
    ]
    return max(found) if found else DEFAULT_WINDOW_YEARS


def indicator_inputs(
    *, cluster: Any, as_of: datetime.date, window_years: int = DEFAULT_WINDOW_YEARS
) -> IndicatorInputs:
    cluster_id = getattr(cluster, "pk", cluster)
    cluster = Cluster.objects.only("region", "website", "description_en", "description_nb").get(
        pk=cluster_id
    )
    composition = composition_get(cluster=cluster_id, as_of=as_of, cached=False)
    eligibility = composition.eligibility
    last_year = composition.last_full_year
    window_start = years_before(as_of, window_years)
    projects = cluster_projects(cluster_id, window_start, as_of)
    cooperating, joint_projects = _cooperation(cluster_id, as_of, projects)
    private, public = _funding(projects)
    held, participants, public_events = _events(cluster_id, as_of)
    reached, feedback_n, feedback_sum = _reach_and_feedback(cluster_id, as_of)
    income_private, income_public, income_years = _finance(cluster_id, as_of, window_years)
    team, settled = _team(cluster_id, as_of)
    surveys, invited, answered = _surveys(cluster_id, window_start, as_of)
    focus, groups = _thematic_groups(cluster_id, as_of)
    home, in_home, with_county = _geography(cluster, composition, as_of)
    said = _communication(cluster_id, as_of)
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
        income_private=income_private,
        income_public=income_public,
        income_years=income_years,
        home_county=home,
        members_with_county=with_county,
        members_in_home_county=in_home,
        team_size=team,
        team_settled=settled,
        members_reached=reached,
        feedback_answers=feedback_n,
        feedback_score_sum=feedback_sum,
        surveys=surveys,
        survey_invited=invited,
        survey_answered=answered,
        innovation_projects=_innovation(cluster_id, projects),
        focus_topics=focus,
        thematic_groups=groups,
        news_posts=said.get("news.posts", 0),
        newsletters_sent=said.get("news.newsletters", 0),
        newsletter_recipients=said.get("news.recipients", 0),
        presence=_presence(cluster, said.get("news.posts", 0), public_events),
        outcomes=_outcomes(projects, window_start, as_of),
    )
