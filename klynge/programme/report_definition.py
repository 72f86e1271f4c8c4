"""Every numeric field of the annual results report, each with the rows it is counted from.

The report year is the scope: members as of 31 December (or today for the running year), events,
courses, outcomes, B2B meetings, surveys and news within the year, projects active in the year by
stage (started, running at the end of the year, completed in the year: taken from their dates, not
from today's status), funding of those projects by source, and the programme block (applications
submitted, approved and granted in the year).

A field is a `klynge.core.figures.FigureSource`: the value and the rows page come from one queryset,
so every number links to the rows it was counted from. `tests/programme/test_report_definition.py`
walks this list and fails if a numeric field has no source.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klynge.core.figures import DISTINCT, SUM, FigureSource
from klynge.events.models import Event, Registration
from klynge.insight.models import Response, Survey
from klynge.learning.models import Course, Enrolment
from klynge.matchmaking.models import Meeting
from klynge.members import classification as cls
from klynge.members.models import Membership
from klynge.projects.models import FundingSource, Outcome, Project, ProjectPartner

from .models import Application
from .selectors.inputs import PARTICIPANT_STATUSES

NAME = "annual_report"


@dataclass(frozen=True)
class ReportScope:
    """One cluster and one report year, counted up to `end` (31 December, or today)."""

    cluster_id: int
    year: int
    start: datetime.date
    end: datetime.date

    @classmethod
    def of(cls, cluster: Any, year: int, today: datetime.date | None = None) -> ReportScope:
        today = today or timezone.localdate()
        start = datetime.date(year, 1, 1)
        return cls(
            getattr(cluster, "pk", cluster), year, start, min(datetime.date(year, 12, 31), today)
        )

    @property
    def begin(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def finish(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.end, datetime.time.max))


# --- who counts as what -----------------------------------------------------------------------


def enterprise_q(prefix: str = "organisation__") -> Q:
    """Enterprises only (the SME rule of `klynge.members.classification.is_enterprise`):
    universities, research institutes, public bodies and associations are never SMEs."""
    return ~Q(**{f"{prefix}kind__in": cls.NON_ENTERPRISE_KINDS}) & ~Q(
        **{f"{prefix}org_form__in": cls.NON_ENTERPRISE_FORMS}
    )


def sme_q(prefix: str = "organisation__") -> Q:
    """SME (estimated from headcount): only enterprises, under 250 staff."""
    return enterprise_q(prefix) & Q(**{f"{prefix}employees__lt": 250})


SIZE_CLASSES = (
    (cls.MICRO, _("micro enterprises"), 0, 10),
    (cls.SMALL, _("small enterprises"), 10, 50),
    (cls.MEDIUM, _("medium-sized enterprises"), 50, 250),
    (cls.LARGE, _("large enterprises"), 250, None),
)


def size_q(size: str, prefix: str = "organisation__") -> Q:
    if size == "not_applicable":
        return ~enterprise_q(prefix) & Q(**{f"{prefix}isnull": False})
    if size == cls.UNKNOWN:
        unknown = enterprise_q(prefix) & Q(**{f"{prefix}employees__isnull": True})
        return unknown | Q(**{f"{prefix}isnull": True})
    low, high = next((lo, hi) for key, _label, lo, hi in SIZE_CLASSES if key == size)
    q = enterprise_q(prefix) & Q(**{f"{prefix}employees__gte": low})
    return q & Q(**{f"{prefix}employees__lt": high}) if high else q


# --- rows -------------------------------------------------------------------------------------


def members_at_end(s: ReportScope) -> QuerySet:
    return Membership.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=s.end),
        cluster_id=s.cluster_id,
        joined_on__lte=s.end,
    ).select_related("organisation")


def members_joined(s: ReportScope) -> QuerySet:
    return Membership.objects.filter(
        cluster_id=s.cluster_id, joined_on__gte=s.start, joined_on__lte=s.end
    ).select_related("organisation")


def members_left(s: ReportScope) -> QuerySet:
    return Membership.objects.filter(
        cluster_id=s.cluster_id, left_on__gte=s.start, left_on__lte=s.end
    ).select_related("organisation")


def events_held(s: ReportScope) -> QuerySet:
    cohosted = Event.co_hosts.through.objects.filter(cluster_id=s.cluster_id).values("event_id")
    return Event.objects.filter(
        Q(cluster_id=s.cluster_id) | Q(pk__in=cohosted),
        status=Event.Status.PUBLISHED,
        starts_at__gte=s.begin,
        starts_at__lte=s.finish,
    )


def participants(s: ReportScope) -> QuerySet:
    return Registration.objects.filter(
        event__in=events_held(s).values("pk"), status__in=PARTICIPANT_STATUSES
    ).select_related("event", "organisation")


def courses_run(s: ReportScope) -> QuerySet:
    return Course.objects.filter(
        cluster_id=s.cluster_id,
        sessions__starts_at__gte=s.begin,
        sessions__starts_at__lte=s.finish,
    ).distinct()


def course_participants(s: ReportScope) -> QuerySet:
    return Enrolment.objects.filter(
        course__in=courses_run(s).values("pk"), status__in=("enrolled", "completed")
    ).select_related("course", "organisation")


def completions(s: ReportScope) -> QuerySet:
    return Enrolment.objects.filter(
        course__cluster_id=s.cluster_id,
        status="completed",
        completed_on__gte=s.start,
        completed_on__lte=s.end,
    ).select_related("course", "organisation")


def _own_projects(s: ReportScope) -> QuerySet:
    taking_part = Project.clusters.through.objects.filter(cluster_id=s.cluster_id).values(
        "project_id"
    )
    return Project.objects.filter(Q(lead_cluster_id=s.cluster_id) | Q(pk__in=taking_part))


def projects_active(s: ReportScope) -> QuerySet:
    """Projects under way at some time in the year, by their dates (as of the report year)."""
    return _own_projects(s).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=s.start),
        start_date__lte=s.end,
        status__in=("approved", "running", "completed"),
    )


def projects_started(s: ReportScope) -> QuerySet:
    return projects_active(s).filter(start_date__gte=s.start)


def projects_running_at_end(s: ReportScope) -> QuerySet:
    return projects_active(s).filter(Q(end_date__isnull=True) | Q(end_date__gt=s.end))


def projects_completed(s: ReportScope) -> QuerySet:
    return projects_active(s).filter(end_date__lte=s.end, status="completed")


def outcomes(s: ReportScope) -> QuerySet:
    return Outcome.objects.filter(
        project__in=_own_projects(s).values("pk"), date__gte=s.start, date__lte=s.end
    ).select_related("project")


def foreign_partners(s: ReportScope) -> QuerySet:
    return (
        ProjectPartner.objects.filter(
            project__in=projects_active(s).values("pk"), status="confirmed"
        )
        .exclude(organisation__country="NO")
        .select_related("organisation", "project")
    )


def funding(s: ReportScope) -> QuerySet:
    return FundingSource.objects.filter(project__in=projects_active(s).values("pk")).select_related(
        "project"
    )


def applications_submitted(s: ReportScope) -> QuerySet:
    return Application.objects.filter(
        cluster_id=s.cluster_id,
        submitted_at__gte=s.begin,
        submitted_at__lte=s.finish,
    ).select_related("call")


def applications_approved(s: ReportScope) -> QuerySet:
    return Application.objects.filter(
        cluster_id=s.cluster_id,
        status="approved",
        decided_at__gte=s.begin,
        decided_at__lte=s.finish,
    ).select_related("call")


def b2b_meetings(s: ReportScope) -> QuerySet:
    return Meeting.objects.filter(
        session__event__cluster_id=s.cluster_id,
        session__day__gte=s.start,
        session__day__lte=s.end,
        status=Meeting.Status.ACTIVE,
    ).select_related("session", "a__organisation", "b__organisation")


def surveys_sent(s: ReportScope) -> QuerySet:
    return Survey.objects.filter(
        cluster_id=s.cluster_id, sent_at__gte=s.begin, sent_at__lte=s.finish
    )


def survey_responses(s: ReportScope) -> QuerySet:
    return Response.objects.filter(
        survey__cluster_id=s.cluster_id,
        status="submitted",
        submitted_on__gte=s.start,
        submitted_on__lte=s.end,
    ).select_related("survey", "organisation")


# --- how a row is named on the rows page ------------------------------------------------------


def _organisation(row: Any) -> tuple[str, str]:
    org = row.organisation
    return (str(org), org.get_absolute_url()) if org else (str(row), "")


def _registration(row: Any) -> tuple[str, str]:
    who = row.organisation.name if row.organisation else row.organisation_name
    return f"{row.event.title} – {who or '–'}", row.event.get_absolute_url()


def _enrolment(row: Any) -> tuple[str, str]:
    who = row.organisation.name if row.organisation else "–"
    return f"{row.course.title} – {who}", row.course.get_absolute_url()


def _in_project(row: Any) -> tuple[str, str]:
    return f"{row.project.title} – {row}", row.project.get_absolute_url()


def _application(row: Any) -> tuple[str, str]:
    return str(row), reverse("programme:application", args=[row.pk])


def _meeting(row: Any) -> tuple[str, str]:
    a, b = row.a.organisation, row.b.organisation
    return f"{row.session.day:%Y-%m-%d} – {a} / {b}", row.session.get_absolute_url()


def _response(row: Any) -> tuple[str, str]:
    return f"{row.survey} – {row.organisation or '–'}", row.survey.get_absolute_url()


# --- the definition ---------------------------------------------------------------------------


def _filtered(rows: Any, q: Q) -> Any:
    return lambda s: rows(s).filter(q)


def _definition() -> list[FigureSource]:
    f = FigureSource
    members = [
        f(
            "members.total",
            "members",
            _("Members at the end of the year"),
            members_at_end,
            describe=_organisation,
        ),
        f("members.new", "members", _("New members"), members_joined, describe=_organisation),
        f("members.left", "members", _("Members who left"), members_left, describe=_organisation),
        f(
            "members.sme",
            "members",
            _("SMEs among members (estimated from headcount)"),
            _filtered(members_at_end, sme_q()),
            describe=_organisation,
        ),
        f(
            "members.international",
            "members",
            _("International members"),
            _filtered(members_at_end, ~Q(organisation__country="NO")),
            describe=_organisation,
        ),
    ]
    for kind_type, label in MEMBER_TYPES:
        kinds = [k for k, t in cls.MEMBER_TYPE_BY_KIND.items() if t == kind_type]
        members.append(
            f(
                f"members.type.{kind_type}",
                "members",
                label,
                _filtered(members_at_end, Q(organisation__kind__in=kinds)),
                describe=_organisation,
            )
        )
    events = [
        f("events.count", "events", _("Events held"), events_held),
        f(
            "events.participants",
            "events",
            _("Participants (registered or attended)"),
            participants,
            describe=_registration,
        ),
        *(
            f(f"events.kind.{kind}", "events", label, _filtered(events_held, Q(kind=kind)))
            for kind, label in Event.Kind.choices
        ),
    ]
    learning = [
        f("learning.courses", "learning", _("Courses with sessions in the year"), courses_run),
        f(
            "learning.participants",
            "learning",
            _("Course participants"),
            course_participants,
            describe=_enrolment,
        ),
        f("learning.completions", "learning", _("Completions"), completions, describe=_enrolment),
        f(
            "learning.credits",
            "learning",
            _("Credits earned (ECTS)"),
            completions,
            measure=SUM,
            column="credits_earned",
            describe=_enrolment,
        ),
    ]
    for size, label in SIZE_LABELS:
        learning.append(
            f(
                f"learning.completions.{size}",
                "learning",
                label_of_completions(label),
                _filtered(completions, size_q(size)),
                describe=_enrolment,
            )
        )
        learning.append(
            f(
                f"learning.credits.{size}",
                "learning",
                label_of_credits(label),
                _filtered(completions, size_q(size)),
                measure=SUM,
                column="credits_earned",
                describe=_enrolment,
            )
        )
    projects = [
        f("projects.active", "projects", _("Projects carried out in the year"), projects_active),
        f("projects.started", "projects", _("Projects started in the year"), projects_started),
        f(
            "projects.running",
            "projects",
            _("Projects running at the end of the year"),
            projects_running_at_end,
        ),
        f(
            "projects.completed",
            "projects",
            _("Projects completed in the year"),
            projects_completed,
        ),
        *(
            f(f"projects.kind.{kind}", "projects", label, _filtered(projects_active, Q(kind=kind)))
            for kind, label in Project.Kind.choices
            if kind != "idea"
        ),
        f(
            "projects.international_partners",
            "projects",
            _("Foreign partner organisations in projects"),
            foreign_partners,
            measure=DISTINCT,
            column="organisation_id",
            describe=_organisation,
        ),
        *(
            f(
                f"outcomes.{kind}",
                "outcomes",
                label,
                _filtered(outcomes, Q(kind=kind)),
                describe=_in_project,
            )
            for kind, label in Outcome.Kind.choices
        ),
    ]
    money = [
        f(
            "funding.public",
            "funding",
            _("Public funding of the year's projects (NOK)"),
            _filtered(funding, Q(kind="public")),
            measure=SUM,
            column="amount",
            describe=_in_project,
        ),
        f(
            "funding.private",
            "funding",
            _("Private funding of the year's projects (NOK)"),
            _filtered(funding, Q(kind="private")),
            measure=SUM,
            column="amount",
            describe=_in_project,
        ),
        f(
            "funding.private_cash",
            "funding",
            _("Partners' cash in the year's projects (NOK)"),
            projects_active,
            measure=SUM,
            column="private_cash",
        ),
        f(
            "funding.in_kind",
            "funding",
            _("Partners' in-kind in the year's projects (NOK)"),
            projects_active,
            measure=SUM,
            column="in_kind",
        ),
    ]
    programme = [
        f(
            "programme.applications",
            "programme",
            _("Applications submitted to the programme"),
            applications_submitted,
            describe=_application,
        ),
        f(
            "programme.approved",
            "programme",
            _("Applications approved"),
            applications_approved,
            describe=_application,
        ),
        f(
            "programme.granted",
            "programme",
            _("Granted by the programme (NOK)"),
            applications_approved,
            measure=SUM,
            column="granted_amount",
            describe=_application,
        ),
    ]
    reach = [
        f("b2b.meetings", "reach", _("B2B meetings held"), b2b_meetings, describe=_meeting),
        f(
            "b2b.organisations",
            "reach",
            _("Organisations that met in B2B meetings"),
            b2b_meetings,
            measure=DISTINCT,
            column="a__organisation_id",
            describe=_meeting,
        ),
        f("surveys.sent", "reach", _("Surveys sent"), surveys_sent),
        f(
            "surveys.responses",
            "reach",
            _("Survey answers received"),
            survey_responses,
            describe=_response,
        ),
    ]
    return [*members, *events, *learning, *projects, *money, *programme, *reach]


MEMBER_TYPES = (
    (cls.INDUSTRY, _("Members from industry")),
    (cls.RESEARCH, _("Members from research and academia")),
    (cls.PUBLIC, _("Members from the public sector")),
    (cls.FINANCE, _("Members from finance")),
    (cls.OTHER_TYPE, _("Other members")),
)

SIZE_LABELS = (
    *((key, label) for key, label, _lo, _hi in SIZE_CLASSES),
    (cls.UNKNOWN, _("enterprises of unknown size")),
    ("not_applicable", _("research, public and other organisations")),
)


def label_of_completions(size_label: Any) -> Any:
    return lazy(lambda: gettext("Completions by %(size)s") % {"size": size_label}, str)()


def label_of_credits(size_label: Any) -> Any:
    return lazy(lambda: gettext("Credits earned by %(size)s") % {"size": size_label}, str)()


SECTIONS = (
    ("members", _("Members")),
    ("events", _("Meeting places")),
    ("learning", _("Courses and participants")),
    ("projects", _("Projects")),
    ("outcomes", _("Outcomes recorded")),
    ("funding", _("Funding by source")),
    ("programme", _("The cluster programme")),
    ("reach", _("B2B meetings, surveys and news")),  # news: klynge.communication.figures
)


def definition() -> list[FigureSource]:
    """The report's figure sources, in display order."""
    return _definition()
