"""A cluster manager turns an idea into a pre-project, adds partners, completes it and creates
its main project; the main project's page shows the lineage idea -> pre-project -> main project."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from klynge.projects.models import Project
from klynge.projects.services import idea_interest_set, idea_post
from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_idea_to_pre_project_to_main_project(page: Any) -> None:
    cluster = ClusterFactory(name="NCE Smart Energy Markets", short_name="NCE SEM", slug="nce-sem")
    manager = UserFactory(email="manager@nce-sem.test", full_name="Mari Manager")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    poster, interested, newcomer = (
        OrganisationFactory(name=name)
        for name in ("Gridlytics AS", "Flexwatt AS", "Voltaro Systems AS")
    )
    for organisation in (poster, interested, newcomer):
        MembershipFactory(cluster=cluster, organisation=organisation)
    idea = idea_post(
        actor=manager,
        cluster=cluster,
        organisation=poster,
        title="Flexibility for SMEs",
        description="Small firms sell flexibility.",
        partners_needed="A grid company.",
    )
    idea_interest_set(actor=manager, idea=idea, organisation=interested, interested=True)

    log_in(page, "manager@nce-sem.test", PASSWORD)
    page.goto("/clusters/nce-sem/ideas/")
    expect(page.get_by_test_id("interest-count")).to_have_text("1 interested")
    page.get_by_role("link", name="Flexibility for SMEs").click()
    page.get_by_role("link", name="Turn into a project").click()
    page.get_by_label("Project title").fill("Flexibility for SMEs – pre-project")
    page.get_by_label("Kind of project").select_option("pre_project")
    page.get_by_role("button", name="Create project").click()

    expect(page.get_by_role("heading", name="Flexibility for SMEs – pre-project")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Forming consortium")
    expect(page.get_by_test_id("partner-row")).to_have_count(2)
    page.get_by_role("button", name="Confirm Gridlytics AS").click()
    page.get_by_role("button", name="Confirm Flexwatt AS").click()
    expect(page.get_by_role("button", name="Confirm Flexwatt AS")).to_have_count(0)

    page.get_by_role("link", name="Add partner").click()
    page.get_by_label("Organisation", exact=False).and_(page.get_by_role("combobox")).select_option(
        label="Voltaro Systems AS"
    )
    page.get_by_role("combobox", name="Role").select_option("partner")
    page.get_by_role("button", name="Add partner", exact=True).click()
    expect(page.get_by_test_id("partner-row")).to_have_count(3)

    for button, status in [
        ("Mark as planned", "Planned"),
        ("Apply for funding", "Applied"),
        ("Approve", "Approved"),
        ("Start", "Running"),
        ("Complete", "Completed"),
    ]:
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.get_by_test_id("status")).to_have_text(status)

    page.get_by_role("link", name="Create main project from this pre-project").click()
    page.get_by_label("Title of the main project").fill("Flexibility for SMEs – main project")
    page.get_by_role("button", name="Create main project").click()

    expect(page.get_by_role("heading", name="Flexibility for SMEs – main project")).to_be_visible()
    expect(page.get_by_test_id("kind")).to_have_text("Main project")
    expect(page.get_by_test_id("partner-row")).to_have_count(3)
    lineage = page.get_by_test_id("lineage")
    expect(lineage.get_by_role("link", name="Flexibility for SMEs", exact=True)).to_be_visible()
    expect(lineage.get_by_role("link", name="Flexibility for SMEs – pre-project")).to_be_visible()
    expect(lineage).to_contain_text("this project")

    main = Project.objects.get(kind="main_project")
    assert main.predecessor.title == "Flexibility for SMEs – pre-project"
    assert main.predecessor.status == "completed"
    assert main.predecessor.origin_idea == idea
