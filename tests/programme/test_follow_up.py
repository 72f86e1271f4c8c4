"""Follow-up of funded projects: the plan an approval makes, writing, reminders, the officer's review
through the workflow table, outcomes into the project; the officer's desk."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from klynge.core.errors import ConflictError, DomainError
from klynge.programme.services.decisions import application_decide
from klynge.programme.services.follow_up import (
    follow_up_transition,
    follow_up_update,
    plan_dates,
)
from klynge.programme.tasks import send_follow_up_reminders
from tests.factories.programme import ApplicationFactory, CallFactory, ready_project
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")
D = datetime.date
NOW = datetime.datetime(2025, 3, 3, 10, tzinfo=datetime.UTC)


def approve(cast: Any, **project: Any) -> Any:  # an application in review, then approved
    application = ApplicationFactory(
        call=CallFactory(progress_report_months=6, final_report_days=60),
        cluster=cast.cluster_a,
        project=ready_project(cast.cluster_a, status="applied", **project),
        status="in_review",
        submitted_at=timezone.now(),
    )
    application_decide(
        actor=cast.officer, application=application, approve=True, granted_amount=300_000
    )
    return application


def test_plan_dates() -> None:
    plan = plan_dates(start=D(2025, 1, 31), end=D(2026, 1, 31), every_months=6, final_days=60)
    assert plan == [
        ("progress", 1, D(2025, 7, 31)),
        ("final", 1, D(2026, 4, 1)),
    ]
    short = plan_dates(start=D(2025, 1, 1), end=D(2025, 3, 1), every_months=6, final_days=0)
    assert short == [("final", 1, D(2025, 3, 1))]


@time_machine.travel(NOW, tick=False)
def test_an_approval_creates_the_reporting_plan(cast: Any) -> None:
    application = approve(cast, start_date=D(2025, 4, 1), end_date=D(2026, 9, 30))
    reports = list(application.follow_up_reports.order_by("due_on"))
    assert [(r.kind, r.number, r.due_on) for r in reports] == [
        ("progress", 1, D(2025, 10, 1)),
        ("progress", 2, D(2026, 4, 1)),
        ("final", 1, D(2026, 11, 29)),
    ]
    assert {r.budget for r in reports} == {1_000_000}
    assert {r.status for r in reports} == {"due"}


@time_machine.travel(NOW, tick=False)
def test_write_submit_ask_for_changes_accept_and_outcomes_flow_into_the_project(cast: Any) -> None:
    application = approve(cast, start_date=D(2025, 1, 1), end_date=D(2025, 12, 31))
    report = application.follow_up_reports.order_by("due_on").first()
    with pytest.raises(DomainError) as error:
        follow_up_transition(actor=cast.manager_a, report=report, action="submit")
    assert "outcomes" in error.value.message
    with pytest.raises(DomainError):
        follow_up_update(
            actor=cast.manager_a, report=report, outcomes=[{"kind": "nope", "description": "x"}]
        )
    report = follow_up_update(
        actor=cast.manager_a,
        report=report,
        outcomes_text="Two SMEs adopted flexibility trading.",
        spent=120_000,
        contributions_text="The partners gave 400 hours.",
        outcomes=[
            {"kind": "technology", "description": "Flexibility trading adopted", "quantity": 2}
        ],
    )
    with pytest.raises(PermissionDenied):
        follow_up_transition(actor=cast.staff_b, report=report, action="submit")
    follow_up_transition(actor=cast.manager_a, report=report, action="submit")
    with pytest.raises(ConflictError):
        follow_up_update(actor=cast.manager_a, report=report, spent=1)
    with pytest.raises(PermissionDenied):
        follow_up_transition(actor=cast.manager_a, report=report, action="accept")
    with pytest.raises(DomainError):
        follow_up_transition(actor=cast.officer, report=report, action="request_changes")
    follow_up_transition(
        actor=cast.officer, report=report, action="request_changes", comment="Add the budget."
    )
    report.refresh_from_db()
    assert report.status == "changes_requested"
    follow_up_update(actor=cast.manager_a, report=report, spending_text="On budget.")
    follow_up_transition(actor=cast.manager_a, report=report, action="submit")
    assert application.project.outcomes.count() == 0
    follow_up_transition(actor=cast.officer, report=report, action="accept")
    outcome = application.project.outcomes.get()
    assert (outcome.kind, outcome.quantity, outcome.date) == ("technology", 2, D(2025, 3, 3))


def test_reminders_before_the_due_date_and_when_overdue_once(
    cast: Any, run_on_commit: None
) -> None:
    with time_machine.travel(NOW, tick=False):
        application = approve(cast, start_date=D(2025, 1, 1), end_date=D(2025, 12, 31))
    first = application.follow_up_reports.order_by("due_on").first()
    assert first.due_on == D(2025, 7, 1)
    mail.outbox.clear()
    with override_settings(KLYNGE_FOLLOW_UP_REMINDER_DAYS=14):
        assert send_follow_up_reminders.call("2025-06-16") == 0
        assert send_follow_up_reminders.call("2025-06-17") == 1
        assert send_follow_up_reminders.call("2025-06-18") == 0
        assert send_follow_up_reminders.call("2025-07-02") == 1
        assert send_follow_up_reminders.call("2025-07-20") == 0
    assert len(mail.outbox) == 2
    assert "manager-a" in ",".join(mail.outbox[0].to) or mail.outbox[0].to
    assert application.project.title in mail.outbox[1].subject


@pytest.mark.parametrize(
    ("role", "view", "edit"),
    [
        ("officer", 200, 403),
        ("manager_a", 200, 200),
        ("staff_a", 200, 200),
        ("staff_b", 404, 404),
        ("contact_a", 404, 404),
    ],
)
def test_follow_up_pages_by_role(member_cast: Any, role: str, view: int, edit: int) -> None:
    application = approve(member_cast)
    report = application.follow_up_reports.first()
    client = client_for(member_cast.user(role))
    assert client.get(f"/programme/follow-up/{report.pk}/").status_code == view
    assert client.get(f"/programme/follow-up/{report.pk}/edit/").status_code == edit
    listed = client.get("/programme/follow-up/").context["page"].object_list
    assert (report in listed) is (view == 200)


@time_machine.travel(NOW, tick=False)
def test_the_officers_desk(cast: Any, django_assert_max_num_queries: Any) -> None:
    application = approve(cast, start_date=D(2024, 1, 1), end_date=D(2025, 12, 31))
    overdue = application.follow_up_reports.order_by("due_on").first()
    assert overdue.due_on < D(2025, 3, 3)
    client = client_for(cast.officer)
    ceiling = override_settings(
        KLYNGE_PUBLIC_FUNDING_CEILING=200_000, KLYNGE_PROGRAMME_PERIOD_YEARS=10
    )
    with ceiling, django_assert_max_num_queries(30):
        response = client.get("/programme/desk/")
    desk = response.context["desk"]
    assert overdue in desk.follow_ups_overdue.rows
    row = desk.funding[0]
    assert (row.cluster, row.granted, row.over) == (cast.cluster_a, 300_000, True)
    page = response.content.decode()
    assert overdue.get_absolute_url() in page
    assert "over the ceiling" in page
    assert client_for(cast.manager_a).get("/programme/desk/").status_code == 403
    home = client.get("/").content.decode()
    assert "/programme/desk/" in home
