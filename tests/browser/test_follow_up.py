"""Follow-up of a funded pre-project in a browser: from its first progress report to acceptance.

The cluster manager finds the report due on the home page, writes outcomes against the objectives,
spending and partners' contributions and submits. The programme officer opens the desk from the
home page, finds the report waiting, asks for a change; the manager fixes it and submits again;
the officer accepts, and the outcome the report listed is now one of the project's outcomes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from klynge.programme.loaders import load_shipped
from klynge.programme.models import FollowUpReport
from klynge.programme.services.decisions import application_decide
from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.programme import ApplicationFactory, CallFactory, ready_project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_as(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts = []

    def login(email: str) -> Any:
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, email, PASSWORD)
        return page

    yield login
    for context in contexts:
        context.close()


def test_first_progress_report_to_the_officers_acceptance(open_as: Any) -> None:
    load_shipped()
    today = timezone.localdate()
    cluster = ClusterFactory(name="NCE Smart Energy Markets", short_name="NCE SEM", slug="nce-sem")
    manager = UserFactory(email="manager@nce-sem.test", full_name="Mari Manager")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    officer = UserFactory(
        email="officer@programme.test", full_name="Per Programmesen", is_programme_officer=True
    )
    project = ready_project(
        cluster,
        title="Flexibility for SMEs",
        status="applied",
        start_date=today - datetime.timedelta(days=175),
        end_date=today + datetime.timedelta(days=200),
    )
    application = ApplicationFactory(
        call=CallFactory(progress_report_months=6),
        cluster=cluster,
        project=project,
        status="in_review",
        submitted_at=timezone.now(),
    )
    application_decide(actor=officer, application=application, approve=True, granted_amount=300_000)
    first = application.follow_up_reports.order_by("due_on").first()
    assert today < first.due_on <= today + datetime.timedelta(days=14)

    # 1. The manager finds the report on the home page, writes it and submits.
    team = open_as("manager@nce-sem.test")
    team.goto("/")
    team.get_by_role("link", name="Progress report 1: Flexibility for SMEs").click()
    expect(team.get_by_test_id("follow-up-status")).to_have_text("To be written")
    team.get_by_role("link", name="Write the report").click()
    team.get_by_label("Outcomes against the project's objectives").fill(
        "Eight SME partners tested flexibility trading; two now sell it."
    )
    team.get_by_label("Spent so far (NOK)").fill("120000")
    team.get_by_label("Partners' contributions").fill("620 hours and NOK 150,000 in cash.")
    team.get_by_label("Outcome 1 to record").select_option(label="Technology adopted")
    team.locator("#id_outcome_1_description").fill("Flexibility trading adopted by two SMEs")
    team.locator("#id_outcome_1_quantity").fill("2")
    team.get_by_role("button", name="Save").click()
    expect(team.get_by_test_id("spent")).to_have_text("120000")
    team.get_by_role("button", name="Submit", exact=True).click()
    expect(team.get_by_test_id("follow-up-status")).to_have_text("Submitted")

    # 2. The officer opens the desk from the home page and asks for a change.
    desk = open_as("officer@programme.test")
    desk.goto("/")
    desk.get_by_role("link", name="The officer's desk").click()
    waiting = desk.get_by_test_id("desk-follow-ups-review")
    expect(waiting).to_contain_text("Flexibility for SMEs")
    waiting.get_by_role("link").first.click()
    desk.get_by_label("Comment to the cluster").fill("Say how the budget was spent.")
    desk.get_by_role("button", name="Ask for changes").click()
    expect(desk.get_by_test_id("follow-up-status")).to_have_text("Changes requested")

    # 3. The manager adds the spending and submits again.
    team.reload()
    expect(team.get_by_text("Say how the budget was spent.")).to_be_visible()
    team.get_by_role("link", name="Write the report").click()
    team.get_by_label("Spending against the budget").fill("Workshops and the pilot's metering.")
    team.get_by_role("button", name="Save").click()
    team.get_by_role("button", name="Submit again").click()
    expect(team.get_by_test_id("follow-up-status")).to_have_text("Submitted")

    # 4. The officer accepts: the outcome is now the project's.
    desk.reload()
    desk.get_by_role("button", name="Accept").click()
    expect(desk.get_by_test_id("follow-up-status")).to_have_text("Accepted")
    assert FollowUpReport.objects.get(pk=first.pk).status == "accepted"
    outcome = project.outcomes.get()
    assert (outcome.kind, outcome.quantity) == ("technology", 2)
    team.goto(f"/projects/{project.pk}/")
    expect(team.get_by_text("Flexibility trading adopted by two SMEs")).to_be_visible()
