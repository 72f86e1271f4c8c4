"""Computed indicators: pure functions from plain inputs to a value, points and an explanation.

No database here. `selectors/inputs.py` gathers an `IndicatorInputs` for a cluster on a date; each
indicator reads the fields it needs, returns its value, the points earned against the criterion's
maximum (linear up to `params["full_at"]`, the value that earns full points) and the inputs it used,
so a stored snapshot can explain the score later even when the live data has changed. `shortfall`
says how far a value is from a threshold in words ("3 more member types").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

GRADE_RANK = {"bronze": 1, "silver": 2, "gold": 3}


@dataclass(frozen=True)
class IndicatorInputs:
    """Plain figures about one cluster on `as_of` (gathered by `selectors.inputs`)."""

    as_of: date
    total_members: int = 0
    committed_members: int = 0
    member_types: int = 0
    member_type_keys: tuple[str, ...] = ()
    stability_year: int | None = None
    members_at_start: int = 0
    retained: int = 0
    cooperating_members: int = 0
    cooperation_projects: int = 0
    events_held: int = 0
    event_participants: int = 0
    private_funding: int = 0
    public_funding: int = 0
    label_grade: str = ""
    label_valid_until: date | None = None
    window_years: int = 3
    # The cluster organisation's own income over the window (ClusterFinance), by kind.
    income_private: int = 0
    income_public: int = 0
    income_years: tuple[int, ...] = ()
    # Geography: committed Norwegian members with a known county, and those in the home county.
    home_county: str = ""
    members_with_county: int = 0
    members_in_home_county: int = 0
    # The cluster organisation's team (managers and staff) and those in place for two years.
    team_size: int = 0
    team_settled: int = 0
    # Members reached by the cluster's events in the last 12 months.
    members_reached: int = 0
    # Feedback on the last 12 months' events (scores 0-10).
    feedback_answers: int = 0
    feedback_score_sum: int = 0
    # Member surveys sent in the window: people invited and those who answered.
    surveys: int = 0
    survey_invited: int = 0
    survey_answered: int = 0
    # Projects of the window with another cluster or a research partner.
    innovation_projects: int = 0
    # Focus topics with at least three committed members working on them.
    focus_topics: int = 0
    thematic_groups: int = 0
    # Communication in the last 12 months (news posts, newsletters sent, their recipients).
    news_posts: int = 0
    newsletters_sent: int = 0
    newsletter_recipients: int = 0
    # Internet presence checks met, of those asked.
    presence: tuple[str, ...] = ()
    presence_checks: int = 4
    # Documented project outcomes dated in the window.
    outcomes: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorResult:
    value: float | None
    points: Decimal
    inputs: dict[str, Any]
    explanation: str


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any
    kind: str  # "count", "share" or "flag"
    value: Callable[[IndicatorInputs, dict[str, Any]], tuple[float | None, dict[str, Any]]]
    explain: Callable[[float | None, dict[str, Any]], str]
    default_full_at: float = 1.0


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def quantize(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def points_for(value: float | None, *, max_points: Decimal, full_at: float) -> Decimal:
    """Linear points up to full_at; nothing for a value that cannot be computed."""
    if value is None or full_at <= 0:
        return Decimal("0.0")
    return quantize(float(max_points) * min(1.0, max(0.0, value / full_at)))


def _number(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    return float(i.committed_members), {"committed_members": i.committed_members}


def _composition(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {
        "member_types": i.member_types,
        "member_type_keys": list(i.member_type_keys),
        "committed_members": i.committed_members,
    }
    return float(i.member_types), used


def _commitment(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {"committed_members": i.committed_members, "total_members": i.total_members}
    return _ratio(i.committed_members, i.total_members), used


def _stability(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {
        "year": i.stability_year,
        "members_at_start": i.members_at_start,
        "retained": i.retained,
    }
    return _ratio(i.retained, i.members_at_start), used


def _cooperation(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {
        "cooperating_members": i.cooperating_members,
        "total_members": i.total_members,
        "projects": i.cooperation_projects,
        "years": i.window_years,
    }
    return _ratio(i.cooperating_members, i.total_members), used


def _activities(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {"events_held": i.events_held, "participants": i.event_participants}
    return float(i.events_held), used


def _private(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {
        "income_private": i.income_private,
        "income_public": i.income_public,
        "income_years": list(i.income_years),
        "years": i.window_years,
    }
    return _ratio(i.income_private, i.income_private + i.income_public), used


def _project_private(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {
        "private_funding": i.private_funding,
        "public_funding": i.public_funding,
        "years": i.window_years,
    }
    return _ratio(i.private_funding, i.private_funding + i.public_funding), used


def _geography(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {
        "home_county": i.home_county,
        "members_in_home_county": i.members_in_home_county,
        "members_with_county": i.members_with_county,
    }
    return _ratio(i.members_in_home_county, i.members_with_county), used


def _team(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    return float(i.team_size), {"team_size": i.team_size}


def _team_stability(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {"team_settled": i.team_settled, "team_size": i.team_size}
    return _ratio(i.team_settled, i.team_size), used


def _reach(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {"members_reached": i.members_reached, "total_members": i.total_members}
    return _ratio(i.members_reached, i.total_members), used


def _satisfaction(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    average = i.feedback_score_sum / i.feedback_answers if i.feedback_answers else None
    used = {
        "feedback_answers": i.feedback_answers,
        "average": round(average, 1) if average is not None else None,
    }
    return (average / 10 if average is not None else None), used


def _voice(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {
        "surveys": i.surveys,
        "survey_invited": i.survey_invited,
        "survey_answered": i.survey_answered,
        "years": i.window_years,
    }
    return _ratio(i.survey_answered, i.survey_invited), used


def _innovation(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {"innovation_projects": i.innovation_projects, "years": i.window_years}
    return float(i.innovation_projects), used


def _groups(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {"thematic_groups": i.thematic_groups, "focus_topics": i.focus_topics}
    return float(i.thematic_groups), used


def _communication(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {
        "news_posts": i.news_posts,
        "newsletters_sent": i.newsletters_sent,
        "newsletter_recipients": i.newsletter_recipients,
    }
    return float(i.news_posts + i.newsletters_sent), used


def _presence(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    used = {"presence": list(i.presence), "checks": i.presence_checks}
    return _ratio(len(i.presence), i.presence_checks), used


def _outcomes(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    return float(i.outcomes), {"outcomes": i.outcomes, "years": i.window_years}


PRESENCE_LABELS = {
    "website": gettext_lazy("a website"),
    "profile": gettext_lazy("a profile in both languages"),
    "news": gettext_lazy("news in the last 12 months"),
    "public_events": gettext_lazy("public events in the last 12 months"),
}


def _label(i: IndicatorInputs, p: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    wanted = p.get("grade", "gold")
    ok = bool(i.label_grade) and GRADE_RANK.get(i.label_grade, 0) >= GRADE_RANK.get(wanted, 3)
    used = {
        "required_grade": wanted,
        "label_grade": i.label_grade,
        "valid_until": i.label_valid_until.isoformat() if i.label_valid_until else None,
    }
    return (1.0 if ok else 0.0), used


INDICATORS: dict[str, Indicator] = {
    "participants_number": Indicator(
        "participants_number",
        gettext_lazy("Number of committed members"),
        "count",
        _number,
        lambda v, u: _("%(committed_members)d committed members (members and partners).") % u,
        50,
    ),
    "participants_composition": Indicator(
        "participants_composition",
        gettext_lazy("Member types (triple helix+)"),
        "count",
        _composition,
        lambda v, u: (
            _("%(member_types)d of 5 member types among the committed members: %(keys)s.")
            % {**u, "keys": ", ".join(u["member_type_keys"]) or "–"}
        ),
        4,
    ),
    "participants_commitment": Indicator(
        "participants_commitment",
        gettext_lazy("Share of committed members"),
        "share",
        _commitment,
        lambda v, u: (
            _(
                "%(committed_members)d of %(total_members)d members are members or "
                "partners (not associates): %(share)s."
            )
            % {**u, "share": _pct(v)}
        ),
        0.8,
    ),
    "participation_stability": Indicator(
        "participation_stability",
        gettext_lazy("Members retained over the last full year"),
        "share",
        _stability,
        lambda v, u: (
            _(
                "%(retained)d of %(members_at_start)d members on 1 January %(year)s were "
                "still members at the year's end: %(share)s."
            )
            % {**u, "year": u["year"] or "–", "share": _pct(v)}
        ),
        0.9,
    ),
    "cooperation_within": Indicator(
        "cooperation_within",
        gettext_lazy("Members in joint projects"),
        "share",
        _cooperation,
        lambda v, u: (
            _(
                "%(cooperating_members)d of %(total_members)d members are partners with "
                "another member in %(projects)d projects of the last %(years)d years: "
                "%(share)s."
            )
            % {**u, "share": _pct(v)}
        ),
        0.3,
    ),
    "activities_services": Indicator(
        "activities_services",
        gettext_lazy("Events in the last 12 months"),
        "count",
        _activities,
        lambda v, u: (
            _(
                "%(events_held)d events held in the last 12 months with %(participants)d "
                "registered participants."
            )
            % u
        ),
        12,
    ),
    "private_funding_share": Indicator(
        "private_funding_share",
        gettext_lazy("Private share of the cluster organisation's income"),
        "share",
        _private,
        lambda v, u: (
            _(
                "Private income (membership fees, services, other private) NOK "
                "%(income_private)s of NOK %(total)s the cluster organisation received in "
                "%(years_list)s: %(share)s."
            )
            % {
                **u,
                "total": u["income_private"] + u["income_public"],
                "years_list": ", ".join(str(y) for y in u["income_years"]) or "–",
                "share": _pct(v),
            }
        ),
        0.5,
    ),
    "project_private_share": Indicator(
        "project_private_share",
        gettext_lazy("Private share of project funding"),
        "share",
        _project_private,
        lambda v, u: (
            _(
                "Private money (cash, in-kind, private sources) NOK %(private_funding)s of "
                "NOK %(total)s in the projects of the last %(years)d years: %(share)s."
            )
            % {**u, "total": u["private_funding"] + u["public_funding"], "share": _pct(v)}
        ),
        0.5,
    ),
    "geographic_concentration": Indicator(
        "geographic_concentration",
        gettext_lazy("Members in the cluster's home county"),
        "share",
        _geography,
        lambda v, u: (
            _(
                "%(members_in_home_county)d of %(members_with_county)d committed members in "
                "Norway with a known county are in %(home)s (counties as of the date): %(share)s."
            )
            % {**u, "home": u["home_county"] or "–", "share": _pct(v)}
        ),
        0.5,
    ),
    "management_team": Indicator(
        "management_team",
        gettext_lazy("People in the cluster management"),
        "count",
        _team,
        lambda v, u: _("%(team_size)d people hold a manager or staff role in the cluster.") % u,
        3,
    ),
    "staff_stability": Indicator(
        "staff_stability",
        gettext_lazy("Team members in place for two years"),
        "share",
        _team_stability,
        lambda v, u: (
            _(
                "%(team_settled)d of %(team_size)d team members have held their role for two years or more: %(share)s."
            )
            % {**u, "share": _pct(v)}
        ),
        0.6,
    ),
    "member_voice": Indicator(
        "member_voice",
        gettext_lazy("Members answering the member surveys"),
        "share",
        _voice,
        lambda v, u: (
            _(
                "%(survey_answered)d of %(survey_invited)d people invited to %(surveys)d member "
                "surveys of the last %(years)d years answered: %(share)s."
            )
            % {**u, "share": _pct(v)}
        ),
        0.4,
    ),
    "direct_contacts": Indicator(
        "direct_contacts",
        gettext_lazy("Members met at the cluster's events"),
        "share",
        _reach,
        lambda v, u: (
            _(
                "%(members_reached)d of %(total_members)d members had someone at the cluster's "
                "events in the last 12 months: %(share)s."
            )
            % {**u, "share": _pct(v)}
        ),
        0.5,
    ),
    "innovation_system": Indicator(
        "innovation_system",
        gettext_lazy("Projects with other clusters or research partners"),
        "count",
        _innovation,
        lambda v, u: (
            _(
                "%(innovation_projects)d projects of the last %(years)d years with another cluster "
                "or a research partner."
            )
            % u
        ),
        3,
    ),
    "thematic_groups": Indicator(
        "thematic_groups",
        gettext_lazy("Thematic groups (focus topics with members)"),
        "count",
        _groups,
        lambda v, u: (
            _(
                "%(thematic_groups)d of the cluster's %(focus_topics)d focus topics have at least "
                "three committed members working on them."
            )
            % u
        ),
        4,
    ),
    "communication": Indicator(
        "communication",
        gettext_lazy("News posts and newsletters in the last 12 months"),
        "count",
        _communication,
        lambda v, u: (
            _(
                "%(news_posts)d news posts published and %(newsletters_sent)d newsletters sent to "
                "%(newsletter_recipients)d recipients in the last 12 months."
            )
            % u
        ),
        24,
    ),
    "internet_presence": Indicator(
        "internet_presence",
        gettext_lazy("Internet presence"),
        "share",
        _presence,
        lambda v, u: (
            _("%(n)d of %(checks)d: %(found)s.")
            % {
                **u,
                "n": len(u["presence"]),
                "found": ", ".join(str(PRESENCE_LABELS[k]) for k in u["presence"]) or "–",
            }
        ),
        1.0,
    ),
    "success_stories": Indicator(
        "success_stories",
        gettext_lazy("Documented project outcomes"),
        "count",
        _outcomes,
        lambda v, u: _("%(outcomes)d project outcomes documented in the last %(years)d years.") % u,
        6,
    ),
    "satisfaction": Indicator(
        "satisfaction",
        gettext_lazy("Participants' satisfaction with events"),
        "share",
        _satisfaction,
        lambda v, u: (
            (
                _(
                    "Average score %(average)s of 10 in %(feedback_answers)d feedback answers on "
                    "the last 12 months' events."
                )
                % u
            )
            if u["feedback_answers"]
            else _("No feedback on the last 12 months' events.")
        ),
        0.8,
    ),
    "valid_label": Indicator(
        "valid_label",
        gettext_lazy("Valid certification label"),
        "flag",
        _label,
        lambda v, u: (
            (_("Valid %(label_grade)s label until %(valid_until)s.") % u)
            if v
            else _("No valid %(required_grade)s label.") % u
        ),
        1,
    ),
}


def compute(
    key: str, inputs: IndicatorInputs, *, max_points: Any, params: dict[str, Any]
) -> IndicatorResult:
    indicator = INDICATORS[key]
    value, used = indicator.value(inputs, params)
    full_at = float(params.get("full_at", indicator.default_full_at))
    points = points_for(value, max_points=Decimal(str(max_points)), full_at=full_at)
    used = {**used, "as_of": inputs.as_of.isoformat(), "full_at": full_at}
    return IndicatorResult(value, points, used, indicator.explain(value, used))


def needed_value(
    key: str, *, threshold: Any, max_points: Any, params: dict[str, Any]
) -> float | None:
    """The value that earns `threshold` points (None without a threshold)."""
    if threshold is None or not max_points:
        return None
    full_at = float(params.get("full_at", INDICATORS[key].default_full_at))
    return full_at * float(threshold) / float(max_points)


COUNT_SHORTFALLS = {
    "participants_composition": ("%(n)d more member type", "%(n)d more member types"),
    "participants_number": ("%(n)d more committed member", "%(n)d more committed members"),
    "activities_services": ("%(n)d more event in 12 months", "%(n)d more events in 12 months"),
    "management_team": ("%(n)d more person in the team", "%(n)d more people in the team"),
    "innovation_system": ("%(n)d more project", "%(n)d more projects"),
    "thematic_groups": ("%(n)d more thematic group", "%(n)d more thematic groups"),
    "communication": (
        "%(n)d more post or newsletter in 12 months",
        "%(n)d more posts or newsletters in 12 months",
    ),
    "success_stories": ("%(n)d more documented outcome", "%(n)d more documented outcomes"),
}


def shortfall(key: str, value: float | None, needed: float | None, used: dict[str, Any]) -> str:
    """What is missing to reach `needed`, in words; "" when the value already reaches it."""
    if needed is None or (value is not None and value + 1e-9 >= needed):
        return ""
    if key == "valid_label":
        return _("A valid %(grade)s label.") % {"grade": used.get("required_grade", "gold")}
    if key in COUNT_SHORTFALLS:
        missing = math.ceil(needed - (value or 0) - 1e-9)
        singular, plural = COUNT_SHORTFALLS[key]
        return ngettext(singular, plural, missing) % {"n": missing}
    whole = used.get("total_members")
    if key in ("participants_commitment", "cooperation_within") and whole:
        have = used.get("committed_members", used.get("cooperating_members", 0))
        missing = math.ceil(needed * whole - have - 1e-9)
        return ngettext("%(n)d more member", "%(n)d more members", missing) % {"n": missing}
    return _("%(have)s now, %(need)s needed") % {"have": _pct(value), "need": _pct(needed)}


def as_dict(inputs: IndicatorInputs) -> dict[str, Any]:
    data = asdict(inputs)
    data["as_of"] = inputs.as_of.isoformat()
    data["label_valid_until"] = (
        inputs.label_valid_until.isoformat() if inputs.label_valid_until else None
    )
    for name in ("member_type_keys", "income_years", "presence"):
        data[name] = list(data[name])
    return data
