"""A manager builds a survey with a condition and sends it; a member contact answers half, comes
back with the same link, finishes and submits; the manager sees the chart and exports XLSX."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from openpyxl import load_workbook
from playwright.sync_api import expect

from klynge.insight.models import Response
from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = None  # set to a folder path to keep screenshots while developing


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_build_send_answer_resume_submit_and_export(page: Any, live_server: Any) -> None:
    cluster = ClusterFactory(name="NCE Smart Energy Markets", short_name="NCE SEM", slug="nce-sem")
    manager = UserFactory(email="manager@nce-sem.test", full_name="Mona Manager")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    gridlytics = OrganisationFactory(name="Gridlytics AS", employees=18)
    MembershipFactory(cluster=cluster, organisation=gridlytics)
    contact = UserFactory(email="kari@gridlytics.test", full_name="Kari Kontakt")
    PersonFactory(
        full_name="Kari Kontakt", email=contact.email, organisation=gridlytics, user=contact
    )

    # The manager builds a two-page survey with a condition.
    log_in(page, manager.email, PASSWORD)
    page.get_by_role("link", name="Surveys").first.click()
    page.get_by_test_id("new-survey").click()
    page.get_by_label("Title (English)").fill("Partner pulse")
    page.get_by_label("Title (Norwegian)").fill("Partnerpuls")
    page.get_by_label("Anonymous").uncheck()  # one respondent: an anonymous survey would hide it
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Partner pulse")).to_be_visible()
    page.get_by_test_id("add-question").click()
    page.get_by_label("Kind of question").select_option(label="Single choice")
    page.get_by_label("Question (English)").fill("Have you collaborated with other members?")
    page.get_by_label("Answers to choose from").fill("Yes | Ja\nNo | Nei")
    page.get_by_label("An answer is required").check()
    page.get_by_role("button", name="Save question").click()
    page.get_by_test_id("add-question").click()
    page.get_by_label("Kind of question").select_option(label="Long text")
    page.get_by_label("Question (English)").fill("With whom, and on what?")
    page.get_by_label("Show only if").select_option(
        label="“Have you collaborated with other members?” is “Yes”"
    )
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_test_id("condition")).to_contain_text("Shown only if question 1 is “Yes”")
    page.get_by_role("button", name="Add page").click()
    page.get_by_test_id("add-question").last.click()
    page.get_by_label("Kind of question").select_option(label="Recommend 0–10 (NPS)")
    page.get_by_label("Question (English)").fill("Would you recommend the cluster?")
    page.get_by_label("An answer is required").check()
    page.get_by_role("button", name="Save question").click()
    shot(page, "builder")

    # Audience: the count comes before sending.
    page.get_by_test_id("audience").click()
    page.get_by_label("Contact people of member organisations").check()
    page.get_by_role("button", name="Save audience").click()
    expect(page.get_by_test_id("audience-count")).to_contain_text("The audience is 1 person.")
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("rate")).to_contain_text("0 of 1 invited have answered")
    link = re.search(r"https?://\S+/s/\S+/", mail.outbox[-1].body).group(0)
    path = link[link.index("/s/") :]

    # The member contact answers half (page 1), leaves, and comes back with the same link.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    expect(page.get_by_test_id("q-with-whom-and-on-what")).to_be_hidden()
    page.get_by_label("Yes").check()
    expect(page.get_by_test_id("q-with-whom-and-on-what")).to_be_visible()
    page.get_by_test_id("q-with-whom-and-on-what").locator("textarea").fill(
        "Grid data with Måleriet"
    )
    page.get_by_test_id("q-with-whom-and-on-what").locator("textarea").blur()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    shot(page, "answer-mobile")
    page.get_by_test_id("next").click()
    shot(page, "after-next")
    expect(page.get_by_test_id("page-count")).to_have_text("Page 2 of 2")
    page.goto("/")
    page.goto(path)
    expect(page.get_by_test_id("page-count")).to_have_text("Page 2 of 2")
    page.get_by_label("9", exact=True).check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("answer-done")).to_contain_text("Thank you")
    response = Response.objects.get()
    assert response.status == "submitted" and response.person.user == contact

    # The manager sees the rate and the chart, and exports the responses as XLSX.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, manager.email, PASSWORD)
    page.goto(f"/surveys/{response.survey_id}/responses/")
    expect(page.get_by_test_id("rate")).to_contain_text("1 of 1 invited have answered (100 %)")
    page.goto(f"/surveys/{response.survey_id}/")
    page.get_by_test_id("results").click()
    chart = page.get_by_test_id("result-would-you-recommend-the-cluster").locator(
        "svg.klynge-chart"
    )
    expect(chart).to_be_visible()
    expect(page.get_by_test_id("result-would-you-recommend-the-cluster")).to_contain_text("NPS 100")
    shot(page, "results")
    with page.expect_download() as download_info:
        page.get_by_test_id("xlsx").click()
    workbook = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[1][1] == "Kari Kontakt"
    assert "Grid data with Måleriet" in rows[1] and 9 in rows[1]
