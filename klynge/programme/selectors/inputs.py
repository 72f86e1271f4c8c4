"""Gather the plain inputs of the computed indicators for one cluster on a date.

Reads the members' composition selector, the cluster's projects (partners, funding, outcomes),
events and their feedback, the team, member surveys, the cluster organisation's finances and the
communication figures other apps provide (`core.extensions.figures("annual_report")`). Each
figure is a scalar subquery and all are read in one query (`_figures`), so the number of queries is
fixed whatever the cluster's size and however many indicators there are. `window_years` is the framework's time window
(`framework_window`): projects, funding, surveys and outcomes are counted over it; events,
feedback and communication over the last 12 months.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, Subquery, Sum
from django.utils import timezone

from klynge.clusters.models import Cluster, ClusterRole
from klynge.core.aggregates import TextAgg, aggregate_rows, count_rows
from klynge.core.extensions import figures
from klynge.events.models import Event, Feedback, Registration
from klynge.insight.models import Invitation
from klynge.members.counties import county_name_on
from klynge.members.models import Membership
from klynge.members.roles import active_membership_q
from klynge.members.selectors.composition import (
    COMMITTED_CATEGORIES,
    UNKNOWN,
    Composition,
    composition_get,
)
from klynge.projects.models import FundingSource, Outcome, Project, ProjectPartner

from ..indicators import IndicatorInputs
from ..models import ClusterFinance
from ..models.finance import PRIVATE_SOURCES, PUBLIC_SOURCES
from .statuses import label_ranked

DEFAULT_WINDOW_YEARS = 3
TEAM_SETTLED_YEARS = 2
THEMATIC_GROUP_MEMBERS = 3
RESEARCH_KINDS = ("university", "research_institute")

# Projects that are (or were) really carried out count for cooperation and funding.
ACTIVE_PROJECT_STATUSES = ("approved", "running", "completed")
PARTICIPANT_STATUSES = ("confirmed", "attended")

Figures = dict[str, Any]  # input name -> the scalar subquery that counts it


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


def _members(cluster_id: int, as_of: datetime.date) -> Any:
    """The organisations that are members of the cluster on `as_of`."""
    active = Membership.objects.filter(active_membership_q(as_of), cluster_id=cluster_id)
    return active.values("organisation_id")


def _cooperation(cluster_id: int, as_of: datetime.date, projects: Any) -> Figures:
    """Members that are confirmed partners with at least one other member in the same project,
    and those projects."""
    partners = ProjectPartner.objects.filter(
        project__in=projects,
        status=ProjectPartner.Status.CONFIRMED,
        organisation_id__in=_members(cluster_id, as_of),
    )
    joint = (
        partners.values("project_id")
        .annotate(n=Count("organisation_id", distinct=True))
        .filter(n__gte=2)
    )
    cooperating = partners.filter(project_id__in=joint.values("project_id"))
    return {
        "cooperating_members": count_rows(cooperating.values("organisation_id").distinct()),
        "cooperation_projects": count_rows(joint),
    }


def _funding(projects: Any) -> Figures:
    """Private and public money of the projects: their own cash and in-kind, and their sources."""
    sources = FundingSource.objects.filter(project__in=projects)
    return {
        "project_cash": aggregate_rows(projects, Sum("private_cash")),
        "project_in_kind": aggregate_rows(projects, Sum("in_kind")),
        "sources_private": aggregate_rows(sources.filter(kind="private"), Sum("amount")),
        "public_funding": aggregate_rows(sources.filter(kind="public"), Sum("amount")),
    }


def _last_year(as_of: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    end = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    return end - datetime.timedelta(days=365), end


def _events_of(cluster_id: int, as_of: datetime.date) -> Any:
    start, end = _last_year(as_of)
    hosted = Q(cluster_id=cluster_id) | Q(co_hosts__id=cluster_id)
    return Event.objects.filter(
        hosted, status=Event.Status.PUBLISHED, starts_at__gt=start, starts_at__lte=end
    )


def _events(cluster_id: int, as_of: datetime.date) -> Figures:
    """Events held in the last 12 months, their participants, the public ones among them, the
    members with a participant at them, and the feedback on them (answers and score sum)."""
    events = _events_of(cluster_id, as_of)
    participants = Registration.objects.filter(
        event__in=events.values("pk"), status__in=PARTICIPANT_STATUSES
    )
    reached = participants.filter(organisation_id__in=_members(cluster_id, as_of))
    feedback = Feedback.objects.filter(registration__event__in=events.values("pk"))
    return {
        "events_held": count_rows(events.values("pk").distinct()),
        "public_events": count_rows(
            events.filter(audience=Event.Audience.PUBLIC).values("pk").distinct()
        ),
        "event_participants": count_rows(participants),
        "members_reached": count_rows(reached.values("organisation_id").distinct()),
        "feedback_answers": aggregate_rows(feedback, Count("pk")),
        "feedback_score_sum": aggregate_rows(feedback, Sum("score")),
    }


def _finance(cluster_id: int, as_of: datetime.date, years: int) -> Figures:
    """The cluster organisation's income by source in the window's calendar years, and those
    years (joined as text)."""
    rows = ClusterFinance.objects.filter(
        cluster_id=cluster_id, year__gt=as_of.year - years, year__lte=as_of.year
    )
    sums = {
        f"finance_{name}": aggregate_rows(rows, Sum(name))
        for name in (*PRIVATE_SOURCES, *PUBLIC_SOURCES)
    }
    return {**sums, "income_years": aggregate_rows(rows, TextAgg("year", ","))}


def _income(found: dict[str, Any]) -> dict[str, Any]:
    years = (found["income_years"] or "").split(",")
    return {
        "income_private": sum(found[f"finance_{name}"] or 0 for name in PRIVATE_SOURCES),
        "income_public": sum(found[f"finance_{name}"] or 0 for name in PUBLIC_SOURCES),
        "income_years": tuple(sorted(int(year) for year in years if year)),
    }


def _team(cluster_id: int, as_of: datetime.date) -> Figures:
    """People with a team role on `as_of`, and those who have held one for two years or more."""
    end = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    settled_by = timezone.make_aware(
        datetime.datetime.combine(years_before(as_of, TEAM_SETTLED_YEARS), datetime.time.max)
    )
    roles = ClusterRole.objects.filter(cluster_id=cluster_id, created_at__lte=end)
    people = Count("user_id", distinct=True)
    return {
        "team_size": aggregate_rows(roles, people),
        "team_settled": aggregate_rows(roles.filter(created_at__lte=settled_by), people),
    }


def _surveys(cluster_id: int, start: datetime.date, as_of: datetime.date) -> Figures:
    """Member surveys first sent in the window: how many, people invited, people who answered."""
    low = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    high = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    invitations = Invitation.objects.filter(
        survey__cluster_id=cluster_id, survey__sent_at__gte=low, survey__sent_at__lte=high
    )
    return {
        "surveys": aggregate_rows(invitations, Count("survey", distinct=True)),
        "survey_invited": aggregate_rows(invitations, Count("pk")),
        "survey_answered": aggregate_rows(invitations.filter(completed=True), Count("pk")),
    }


def _innovation(cluster_id: int, projects: Any) -> Figures:
    """Projects with another cluster taking part or leading, or with a research partner."""
    others = Project.clusters.through.objects.exclude(cluster_id=cluster_id).values("project_id")
    research = ProjectPartner.objects.filter(
        status=ProjectPartner.Status.CONFIRMED, organisation__kind__in=RESEARCH_KINDS
    ).values("project_id")
    mixed = projects.filter(Q(pk__in=others) | Q(pk__in=research) | ~Q(lead_cluster_id=cluster_id))
    return {"innovation_projects": count_rows(mixed.values("pk").distinct())}


def _thematic_groups(cluster_id: int, as_of: datetime.date) -> Figures:
    """The cluster's focus topics, and those with at least three committed members on them."""
    focus = Cluster.focus_topics.through.objects.filter(cluster_id=cluster_id)
    counts = (
        Membership.objects.filter(
            active_membership_q(as_of),
            cluster_id=cluster_id,
            category__in=COMMITTED_CATEGORIES,
            organisation__topics__in=focus.values("topic_id"),
        )
        .values("organisation__topics")
        .annotate(n=Count("organisation", distinct=True))
    )
    return {
        "focus_topics": count_rows(focus),
        "thematic_groups": count_rows(counts.filter(n__gte=THEMATIC_GROUP_MEMBERS)),
    }


def _geography(region: str, composition: Any, as_of: datetime.date) -> dict[str, Any]:
    """The home county (the cluster's region as of the date, else where most members are), the
    members in it and the members in Norway with a known county (counties as of the date)."""
    counties = {b.key: b.count for b in composition.by_county if b.key not in (UNKNOWN, "abroad")}
    home = county_name_on(region, as_of) if region else ""
    if home not in counties and counties:
        home = max(sorted(counties), key=lambda name: counties[name])
    return {
        "home_county": home,
        "members_in_home_county": counties.get(home, 0),
        "members_with_county": sum(counties.values()),
    }


# The figure sources communication registers for the annual report, by the input they give.
COMMUNICATION_FIGURES = {
    "news.posts": "news_posts",
    "news.newsletters": "newsletters_sent",
    "news.recipients": "newsletter_recipients",
}


def _communication_sources() -> list[Any]:
    from ..report_definition import NAME as ANNUAL_REPORT  # it reads this module's statuses

    return [s for s in figures(ANNUAL_REPORT) if s.key in COMMUNICATION_FIGURES]


def _communication(cluster_id: int, as_of: datetime.date) -> Figures:
    """News posts, newsletters sent and their recipients in the last 12 months, counted by the
    figure sources communication registers for the annual report (this app may not import it)."""
    from ..report_definition import ReportScope

    scope = ReportScope(cluster_id, as_of.year, years_before(as_of, 1), as_of)
    return {
        COMMUNICATION_FIGURES[source.key]: source.expression(scope)
        for source in _communication_sources()
    }


def _presence(cluster: dict[str, Any], news: int, public_events: int) -> tuple[str, ...]:
    found = []
    if cluster["website"]:
        found.append("website")
    if cluster["description_en"].strip() and cluster["description_nb"].strip():
        found.append("profile")
    if news:
        found.append("news")
    if public_events:
        found.append("public_events")
    return tuple(found)


def _label(cluster_id: int, as_of: datetime.date) -> Figures:
    """The cluster's best label valid on `as_of` (`label_ranked`): its grade and expiry."""
    best = label_ranked(on=as_of).filter(cluster_id=cluster_id)
    return {
        "label_grade": Subquery(best.values("grade")[:1]),
        "label_valid_until": Subquery(best.values("valid_until")[:1]),
    }


def _outcomes(projects: Any, start: datetime.date, as_of: datetime.date) -> Figures:
    outcomes = Outcome.objects.filter(project__in=projects, date__gte=start, date__lte=as_of)
    return {"outcomes": count_rows(outcomes)}


def framework_window(framework: Any) -> int:
    """The framework's time window in years (`params_window` of its criteria's settings)."""
    return params_window(framework.criteria.values_list("params", flat=True))


def params_window(criteria_params: Iterable[Any]) -> int:
    """The criteria's `years` setting (the largest when they differ), else three years."""
    found = [
        int(params["years"])
        for params in criteria_params
        if isinstance(params, dict) and str(params.get("years", "")).isdigit()
    ]
    return max(found) if found else DEFAULT_WINDOW_YEARS


def _figures(cluster_id: int, as_of: datetime.date, window_years: int) -> dict[str, Any]:
    """Every counted input in one query: a scalar subquery each, read beside the cluster's own
    columns, so the number of queries does not grow with the indicators."""
    window_start = years_before(as_of, window_years)
    projects = cluster_projects(cluster_id, window_start, as_of)
    expressions = {
        **_cooperation(cluster_id, as_of, projects),
        **_funding(projects),
        **_events(cluster_id, as_of),
        **_finance(cluster_id, as_of, window_years),
        **_team(cluster_id, as_of),
        **_surveys(cluster_id, window_start, as_of),
        **_innovation(cluster_id, projects),
        **_thematic_groups(cluster_id, as_of),
        **_communication(cluster_id, as_of),
        **_outcomes(projects, window_start, as_of),
        **_label(cluster_id, as_of),
    }
    own = ("region", "website", "description_en", "description_nb")
    # Prefixed: an input's name may be a field of the cluster too (its "surveys").
    named = {f"figure_{name}": expression for name, expression in expressions.items()}
    row = Cluster.objects.filter(pk=cluster_id).order_by().values(*own, **named).get()
    return {name.removeprefix("figure_"): value for name, value in row.items()}


def indicator_inputs(
    *,
    cluster: Any,
    as_of: datetime.date,
    window_years: int = DEFAULT_WINDOW_YEARS,
    composition: Composition | None = None,
) -> IndicatorInputs:
    """The inputs of every indicator. `composition` is the cluster's composition on `as_of` when
    the caller has it (a page: the cached one); without it, it is read from the rows (snapshots)."""
    cluster_id = getattr(cluster, "pk", cluster)
    if composition is None:
        composition = composition_get(cluster=cluster_id, as_of=as_of, cached=False)
    eligibility = composition.eligibility
    last_year = composition.last_full_year
    found = _figures(cluster_id, as_of, window_years)
    counted: dict[str, Any] = {name: found[name] or 0 for name in COUNTED}
    private = found["project_cash"] or 0
    private += (found["project_in_kind"] or 0) + (found["sources_private"] or 0)
    return IndicatorInputs(
        as_of=as_of,
        total_members=composition.total,
        committed_members=eligibility.committed_members,
        member_types=eligibility.member_types,
        member_type_keys=eligibility.type_keys,
        stability_year=last_year.year if last_year else None,
        members_at_start=last_year.members_at_start if last_year else 0,
        retained=last_year.retained if last_year else 0,
        private_funding=private,
        label_grade=found["label_grade"] or "",
        label_valid_until=found["label_valid_until"],
        window_years=window_years,
        **_income(found),
        **_geography(found["region"] or "", composition, as_of),
        **counted,
        presence=_presence(found, counted["news_posts"], found["public_events"] or 0),
    )


# The inputs counted in `_figures` as they are (0 when there is nothing to count).
COUNTED = (
    "cooperating_members",
    "cooperation_projects",
    "events_held",
    "event_participants",
    "public_funding",
    "team_size",
    "team_settled",
    "members_reached",
    "feedback_answers",
    "feedback_score_sum",
    "surveys",
    "survey_invited",
    "survey_answered",
    "innovation_projects",
    "focus_topics",
    "thematic_groups",
    "news_posts",
    "newsletters_sent",
    "newsletter_recipients",
    "outcomes",
)
