"""A cluster manager filters the member directory, exports it as XLSX and opens the composition."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_filter_directory_export_xlsx_and_open_composition(page: Any) -> None:
    cluster = ClusterFactory(name="NCE Smart Energy Markets", short_name="NCE SEM", slug="sem")
    manager = UserFactory(email="manager@sem.test", full_name="Mari Manager")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    for i in range(12):
        kind = "university" if i % 4 == 0 else "sme"
        organisation = OrganisationFactory(name=f"Member {i:02d} AS", kind=kind)
        MembershipFactory(cluster=cluster, organisation=organisation)
    formula = OrganisationFactory(name='=HYPERLINK("x")', kind="sme")
    MembershipFactory(cluster=cluster, organisation=formula)

    log_in(page, "manager@sem.test", PASSWORD)
    page.goto("/clusters/sem/members/")
    expect(page.get_by_test_id("count")).to_have_text("13 organisations")

    page.get_by_label("Kind").select_option("university")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("count")).to_have_text("3 organisations")
    expect(page.get_by_test_id("directory")).to_contain_text("Member 00 AS")
    expect(page.get_by_test_id("directory")).not_to_contain_text("Member 01 AS")

    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Member 00 AS", "Member 04 AS", "Member 08 AS"]

    page.get_by_label("Kind").select_option("")
    page.locator("#id_q").fill("HYPERLINK")  # the directory's own search, not the header's
    page.get_by_role("button", name="Filter").click()
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes())).active
    assert sheet.cell(row=2, column=1).value == '=HYPERLINK("x")'
    assert sheet.cell(row=2, column=1).data_type == "s"  # text, never a formula

    page.goto("/clusters/sem/composition/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Composition")
    expect(page.locator("svg").first).to_be_visible()
    expect(page.get_by_text("13", exact=True).first).to_be_visible()
