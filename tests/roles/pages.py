"""The main pages of each role in the demo, for the layout, screenshot and accessibility checks."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

SEM = "nce-smart-energy-markets"


@dataclass(frozen=True)
class MainPage:
    role: str | None  # None: an anonymous visitor
    name: str
    url: str
    key_action: str = ""  # a selector whose first match must lie inside the viewport
    wide_action: str = ""  # the same, on a laptop screen only


def main_pages() -> list[MainPage]:
    from klynge.events.models import Event
    from klynge.insight.models import Survey
    from klynge.learning.models import Course
    from klynge.matchmaking.models import MatchmakingSession, Participant
    from klynge.members.models import Organisation
    from klynge.programme.models import Application, Call, ReviewAssignment
    from klynge.projects.models import Project

    event = (
        Event.objects.filter(cluster__slug=SEM, matchmaking_sessions__isnull=False)
        .filter(starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    session = MatchmakingSession.objects.filter(event=event).first()
    participant = Participant.objects.filter(
        session=session, person__user__email="contact@member.demo"
    ).first()
    project = Project.objects.filter(lead_cluster__slug=SEM, kind="main_project").first()
    course = Course.objects.filter(cluster__slug=SEM).exclude(status="draft").first()
    organisation = Organisation.objects.get(name="Gridlytics AS")
    application = Application.objects.filter(status="in_review").first()
    review = ReviewAssignment.objects.filter(
        evaluator__email="evaluator1@programme.demo", status="assigned"
    ).first()
    survey = Survey.objects.filter(cluster__slug=SEM, previous_wave__isnull=False).first()
    call = Call.objects.filter(is_published=True).order_by("-closes_at").first()
    return [
        MainPage("manager", "home", "/"),
        MainPage("manager", "members", reverse("members:directory", args=[SEM])),
        MainPage("manager", "composition", reverse("members:composition", args=[SEM])),
        MainPage(
            "manager", "organisation", reverse("members:organisation", args=[organisation.pk])
        ),
        MainPage("manager", "events", reverse("events:list") + f"?cluster={SEM}"),
        MainPage("manager", "event", reverse("events:detail", args=[event.pk])),
        MainPage("manager", "participants", reverse("events:participants", args=[event.pk])),
        MainPage(
            "manager",
            "checkin",
            reverse("events:checkin", args=[event.pk]),
            "[data-testid=checkin-list] button",
        ),
        MainPage("manager", "b2b-dashboard", reverse("matchmaking:dashboard", args=[session.pk])),
        MainPage(
            "manager",
            "b2b-grid",
            reverse("matchmaking:grid", args=[session.pk]),
            wide_action="table.b2b-grid thead th:last-child",
        ),
        MainPage("manager", "projects", reverse("projects:portfolio", args=[SEM])),
        MainPage("manager", "pipeline", reverse("projects:pipeline", args=[SEM])),
        MainPage("manager", "project", reverse("projects:detail", args=[project.pk])),
        MainPage("manager", "competence", reverse("learning:kpis", args=[SEM])),
        MainPage("manager", "programme", reverse("programme:cluster", args=[SEM])),
        MainPage("manager", "audit", reverse("clusters:audit", args=[SEM])),
        MainPage("manager", "search", reverse("search") + "?q=energi"),
        MainPage(
            "manager",
            "imported-members",
            reverse("members:directory", args=[SEM]) + "?status=all&changed=2000-01-01T00:00",
        ),
        MainPage("manager", "apply", reverse("programme:application_new", args=[call.pk])),
        MainPage("manager", "surveys", reverse("insight:surveys", args=[SEM])),
        MainPage("manager", "survey", reverse("insight:survey", args=[survey.pk])),
        MainPage("manager", "survey-results", reverse("insight:results", args=[survey.pk])),
        MainPage("manager", "engagement", reverse("insight:engagement", args=[SEM])),
        MainPage("manager", "reach", reverse("insight:reach", args=[SEM])),
        MainPage("manager", "dormant", reverse("insight:dormant", args=[SEM])),
        MainPage("contact", "home", "/"),
        MainPage("contact", "my-organisation", reverse("members:my_organisation")),
        MainPage("contact", "search", reverse("search") + "?q=energi"),
        MainPage("contact", "colleagues", reverse("events:colleagues", args=[event.pk])),
        MainPage(
            "contact",
            "agenda",
            reverse("matchmaking:participant", args=[session.pk, participant.pk]),
            "[data-testid=agenda] td.organisation:not(:empty)",  # a free slot has none
        ),
        MainPage("contact", "course", reverse("learning:course", args=[course.pk])),
        MainPage("contact", "my-courses", reverse("learning:mine")),
        MainPage(
            "contact",
            "survey-answer",
            reverse("insight:answer", args=[survey.pk]),
            "[data-testid=next]",
        ),
        MainPage("officer", "home", "/"),
        MainPage("officer", "portfolio", reverse("programme:portfolio")),
        MainPage("officer", "labels", reverse("programme:labels")),
        MainPage("officer", "application", reverse("programme:application", args=[application.pk])),
        MainPage("evaluator", "home", "/"),
        MainPage("evaluator", "review", reverse("programme:review", args=[review.pk])),
        MainPage(None, "public-clusters", reverse("clusters:list")),
    ]
