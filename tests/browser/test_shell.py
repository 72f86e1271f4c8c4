"""A cluster manager logs in, switches to Norwegian and opens the cluster page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from klynge.accounts.models import User
from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_logs_in_switches_to_norwegian_and_opens_cluster(page: Any) -> None:
    cluster = ClusterFactory(
        name="NCE Smart Energy Markets",
        short_name="NCE SEM",
        slug="nce-smart-energy-markets",
        operator_name="Smart Innovation Norway AS",
        city="Halden",
        founded=2009,
        description_en="An energy and IT cluster.",
        description_nb="En energi- og IT-klynge.",
    )
    cluster.focus_topics.add(
        TopicFactory(slug="smart-grids", name_en="Smart grids", name_nb="Smarte nett")
    )
    other = ClusterFactory(name="Arena Havvind Vest", short_name="Havvind", slug="havvind")
    manager = UserFactory(email="manager@nce-sem.test", full_name="Mari Manager")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    ClusterRoleFactory(user=manager, cluster=other, role="staff")

    log_in(page, "manager@nce-sem.test", PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Mari")).to_be_visible()
    # The stylesheet is served (no CDN): the header has the brand colour.
    expect(page.locator("header.site-header")).to_have_css("background-color", "rgb(11, 93, 107)")
    expect(page.get_by_test_id("cluster-switcher")).to_be_visible()

    page.get_by_role("button", name="Norsk").click()
    expect(page.get_by_role("heading", name="Velkommen, Mari")).to_be_visible()
    assert User.objects.get(pk=manager.pk).language == "nb"

    page.get_by_role("link", name="Klyngesiden").click()
    expect(page.get_by_role("heading", name="NCE Smart Energy Markets")).to_be_visible()
    expect(page.get_by_text("En energi- og IT-klynge.")).to_be_visible()
    expect(page.get_by_text("Smarte nett")).to_be_visible()
    expect(page.get_by_test_id("my-role")).to_have_text("Du er leder i denne klyngen")
    expect(page.get_by_role("link", name="Rediger profil")).to_be_visible()
    expect(page.get_by_test_id("level-badge")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nb")

    page.get_by_label("Jobber i klynge").select_option("havvind")
    expect(page.get_by_test_id("cluster-nav").get_by_role("link", name="Havvind")).to_be_visible()
