"""The whole programme path in a browser, as the four roles.

Programme officer: creates and publishes a call. Cluster manager: applies with a planned
pre-project and submits. Officer: starts the review and assigns two evaluators (one is flagged: their
organisation is a partner). Evaluators: declare conflicts, score, submit. Officer: reads the summary
and approves; the project is approved and the manager sees the decision.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from klynge.programme.loaders import load_shipped
from klynge.programme.models import Application, Evaluator
from klynge.projects.models import Project
from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.members import PersonFactory
from tests.factories.programme import (
    CertificationLabelFactory,
    ClusterStatusFactory,
    ready_project,
    shipped_level,
)
from tests.factories.projects import ProjectPartnerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def as_role(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh logged-in page per role (separate browser contexts, so separate sessions)."""
    contexts = []

    def open_as(email: str) -> Any:
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, email, PASSWORD)
        return page

    yield open_as
    for context in contexts:
        context.close()


def local(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_call_application_review_decision_as_four_roles(as_role: Any) -> None:
    load_shipped()
    cluster = ClusterFactory(name="NCE Smart Energy Markets", short_name="NCE SEM", slug="nce-sem")
    ClusterStatusFactory(
        cluster=cluster, level=shipped_level("mature"), starts_on=datetime.date(2020, 11, 20)
    )
    CertificationLabelFactory(
        cluster=cluster, awarded_on=timezone.localdate() - datetime.timedelta(days=100)
    )
    manager = UserFactory(email="manager@nce-sem.test", full_name="Mari Manager")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    UserFactory(
        email="officer@programme.test", full_name="Per Programmesen", is_programme_officer=True
    )
    project = ready_project(cluster, title="Flexibility for SMEs")
    evaluators = []
    for email, name in (
        ("eva@programme.test", "Eva Evaluator"),
        ("even@programme.test", "Even Vurdering"),
    ):
        user = UserFactory(email=email, full_name=name)
        Evaluator.objects.create(user=user)
        evaluators.append(user)
    partner = ProjectPartnerFactory(project=project)
    PersonFactory(user=evaluators[1], organisation=partner.organisation)

    # 1. The programme officer creates and publishes the call.
    officer = as_role("officer@programme.test")
    officer.goto("/programme/calls/new/")
    officer.get_by_label("Title").fill("Pre-projects for mature clusters")
    officer.get_by_label("Opens").fill(local(timezone.now() - datetime.timedelta(days=1)))
    officer.locator("#id_closes_at").fill(local(timezone.now() + datetime.timedelta(days=30)))
    officer.get_by_label("Quota period").fill("2026")
    officer.get_by_label("Maximum grant (NOK)").fill("1000000")
    officer.get_by_label("Mature cluster").check()
    officer.get_by_label("Valid label required").select_option("gold")
    officer.get_by_label("Evaluation criteria").select_option(
        label="Pre-project evaluation (mature clusters)"
    )
    officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_role("heading", name="Pre-projects for mature clusters")).to_be_visible()
    officer.get_by_role("button", name="Publish").click()
    expect(officer.get_by_text("The call is published.")).to_be_visible()

    # 2. The cluster manager applies with the planned pre-project and submits.
    applicant = as_role("manager@nce-sem.test")
    applicant.goto("/programme/calls/")
    applicant.get_by_role("link", name="Pre-projects for mature clusters").click()
    expect(applicant.get_by_test_id("my-eligibility")).to_contain_text("0 / 2")
    applicant.get_by_role("link", name="Start an application").click()
    applicant.get_by_label("Project").select_option(label="Flexibility for SMEs (NCE SEM, Planned)")
    applicant.get_by_label("Amount requested (NOK)").fill("400000")
    applicant.get_by_label("Summary").fill("Twelve SMEs learn to sell flexibility.")
    applicant.get_by_role("button", name="Save").click()
    applicant.get_by_role("button", name="Submit", exact=True).click()
    expect(applicant.get_by_test_id("application-status")).to_have_text("Submitted")
    application = Application.objects.get()
    assert Project.objects.get(pk=project.pk).status == "applied"

    # 3. The officer starts the review and assigns two evaluators; one is flagged.
    officer.goto(f"/programme/applications/{application.pk}/")
    officer.get_by_role("button", name="Start review").click()
    expect(officer.get_by_test_id("application-status")).to_have_text("In review")
    for name in ("Eva Evaluator", "Even Vurdering"):
        officer.get_by_role("link", name="Assign an evaluator").click()
        option = officer.locator("#id_evaluator option", has_text=name).first.get_attribute("value")
        officer.get_by_label("Evaluator").select_option(option)
        officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_test_id("assignments")).to_contain_text(
        f"partner: {partner.organisation.name}"
    )

    # 4. Both evaluators declare, score and submit (the flagged one explains why it is no conflict).
    for email, points, note in (
        ("eva@programme.test", "6", ""),
        ("even@programme.test", "4", "Other department."),
    ):
        reviewer = as_role(email)
        reviewer.goto("/programme/reviews/")
        reviewer.get_by_role("link", name="Flexibility for SMEs").click()
        reviewer.get_by_label("I have no conflict of interest").check()
        if note:
            reviewer.get_by_label("Details").fill(note)
        reviewer.get_by_role("button", name="Declare").click()
        for field in reviewer.get_by_label("Points (0–7.0)").all():
            field.fill(points)
        reviewer.get_by_label("Recommendation").select_option("fund")
        reviewer.get_by_role("button", name="Submit review").click()
        expect(reviewer.get_by_text("Your review was submitted.")).to_be_visible()

    # 5. The officer reads the summary and approves; the project moves to approved.
    officer.goto(f"/programme/applications/{application.pk}/")
    expect(officer.get_by_test_id("review-summary")).to_contain_text("2 of 2 reviews submitted")
    expect(officer.get_by_test_id("review-summary")).to_contain_text("Average total 20 of 28")
    officer.get_by_role("link", name="Decide").click()
    officer.get_by_label("Approve").check()
    officer.get_by_label("Amount granted (NOK)").fill("350000")
    officer.get_by_label("Conditions").fill("Report on SME effects.")
    officer.get_by_role("button", name="Record the decision").click()
    expect(officer.get_by_test_id("application-status")).to_have_text("Approved")
    assert Project.objects.get(pk=project.pk).status == "approved"

    applicant.goto(f"/programme/applications/{application.pk}/")
    expect(applicant.get_by_test_id("decision")).to_contain_text("Approved: NOK\u00a0350")
    expect(applicant.get_by_test_id("decision")).to_contain_text("Report on SME effects.")
