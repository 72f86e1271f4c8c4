"""The manager opens the collaboration network, filters it to shared projects, downloads GEXF,
opens an organisation's own network (on a phone the drawing fits the screen), then the dashboard
and its PDF; the programme officer opens peer benchmarking and sorts by a figure."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.projects import ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def world() -> Any:
    cluster = ClusterFactory(name="NCE Smart Energy Markets", short_name="NCE SEM", slug="nce-sem")
    manager = UserFactory(email="manager@nce-sem.test", full_name="Mona Manager")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    orgs = {
        name: OrganisationFactory(name=name, kind=kind)
        for name, kind in [
            ("Gridlytics AS", "sme"),
            ("Fjordkraft Data AS", "large"),
            ("Østfold Research", "research_institute"),
            ("Halden kommune", "public_sector"),
        ]
    }
    for org in orgs.values():
        MembershipFactory(cluster=cluster, organisation=org)
    today = datetime.date.today()
    project = ProjectFactory(
        lead_cluster=cluster,
        start_date=today - datetime.timedelta(days=200),
        end_date=today + datetime.timedelta(days=300),
        status="running",
    )
    for name in ("Gridlytics AS", "Østfold Research"):
        ProjectPartnerFactory(project=project, organisation=orgs[name])
    event = EventFactory(cluster=cluster, starts_at=EventFactory.starts_at.function())
    event.starts_at = event.starts_at - datetime.timedelta(days=60)
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.save()
    for name in ("Fjordkraft Data AS", "Halden kommune"):
        org = orgs[name]
        RegistrationFactory(
            event=event, person=PersonFactory(organisation=org), organisation=org, status="attended"
        )
    other = ClusterFactory(name="Arena Grønn Logistikk", short_name="Grønn Logistikk", slug="gl")
    MembershipFactory(cluster=other, organisation=OrganisationFactory(name="Havnelogistikk AS"))
    return manager, orgs


def test_manager_filters_the_network_and_downloads_gexf(page: Any, tmp_path: Path) -> None:
    manager, orgs = world()
    log_in(page, manager.email, PASSWORD)
    page.get_by_role("link", name="Network").first.click()
    expect(
        page.get_by_role("heading", name="Collaboration network of NCE Smart Energy Markets")
    ).to_be_visible()
    expect(page.get_by_test_id("network-drawing").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("network-figures")).to_contain_text("Density")
    edges = page.get_by_test_id("network-figures").locator('tr[data-key="edges"] td.num')
    expect(edges).to_have_text("2")

    page.get_by_label("Shared projects (strong)").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("network-scope")).to_contain_text("Shared projects")
    expect(edges).to_have_text("1")
    assert page.locator('line[data-kind="event"]').count() == 0

    with page.expect_download() as info:
        page.get_by_test_id("export-gexf").click()
    download = info.value
    assert download.suggested_filename.endswith(".gexf")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert "<gexf" in text and "Gridlytics AS" in text and "Halden kommune" in text

    page.goto(f"/organisations/{orgs['Gridlytics AS'].pk}/?tab=network")
    expect(page.get_by_test_id("network-tab")).to_contain_text("Østfold Research")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/clusters/nce-sem/network/")
    box = page.get_by_test_id("network-drawing").locator("svg").bounding_box()
    assert box is not None and box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/clusters/nce-sem/dashboard/")
    expect(page.get_by_test_id("dashboard-tiles").locator("li")).to_have_count(16)
    expect(page.locator('li[data-key="events"] .tile-value')).to_have_text("1")
    with page.expect_download() as pdf_info:
        page.get_by_test_id("dashboard-pdf").click()
    pdf = tmp_path / "report.pdf"
    pdf_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_officer_sorts_the_peer_benchmark(page: Any) -> None:
    world()
    officer = UserFactory(email="officer@programme.test", is_programme_officer=True)
    log_in(page, officer.email, PASSWORD)
    page.goto("/programme/benchmark/")
    table = page.get_by_test_id("benchmark-table")
    expect(table).to_contain_text("NCE Smart Energy Markets")
    table.locator('a[data-key="events"]').click()
    expect(page.get_by_test_id("benchmark-sort")).to_contain_text("Events held, highest first")
    first = page.get_by_test_id("benchmark-table").locator("tbody tr").first
    expect(first).to_contain_text("NCE Smart Energy Markets")
    page.get_by_test_id("benchmark-table").locator('a[data-key="events"]').click()
    expect(page.get_by_test_id("benchmark-sort")).to_contain_text("lowest first")
    expect(page.get_by_test_id("benchmark-table").locator("tbody tr").first).to_contain_text(
        "Arena Grønn Logistikk"
    )
