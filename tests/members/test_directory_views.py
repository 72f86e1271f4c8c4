"""The member directory page and its exports: permissions per role, filters, search, sort, files."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories.clusters import TopicFactory
from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db
D = datetime.date

ROLES = [
    "anonymous",
    "contact_a",
    "contact_b",
    "staff_a",
    "staff_b",
    "manager_a",
    "officer",
    "superuser",
]
# role -> expected status for (directory page, CSV export); 302 = sent to the login page
TABLE = {
    "anonymous": (302, 302),
    "contact_a": (200, 403),
    "contact_b": (200, 403),
    "staff_a": (200, 200),
    "staff_b": (403, 403),
    "manager_a": (200, 200),
    "officer": (200, 200),
    "superuser": (200, 200),
}


def directory_url(slug: str = "cluster-a") -> str:
    return reverse("members:directory", args=[slug])


def export_url(fmt: str, slug: str = "cluster-a") -> str:
    return reverse("members:directory_export", args=[slug, fmt])


@pytest.mark.parametrize("role", ROLES)
def test_directory_and_export_permissions(member_cast: Any, role: str) -> None:
    page_status, export_status = TABLE[role]
    client = client_for(member_cast.user(role))
    assert client.get(directory_url()).status_code == page_status
    assert client.get(export_url("csv")).status_code == export_status
    assert client.get(export_url("xlsx")).status_code == export_status


def test_unknown_cluster_and_format_are_404(member_cast: Any) -> None:
    client = client_for(member_cast.superuser)
    assert client.get(directory_url("nope")).status_code == 404
    assert client.get(export_url("pdf")).status_code == 404


@pytest.mark.parametrize(
    ("role", "sees_fees", "sees_actions"),
    [
        ("contact_b", False, False),
        ("officer", True, False),
        ("staff_a", True, True),
    ],
)
def test_columns_and_actions_by_role(
    member_cast: Any, role: str, sees_fees: bool, sees_actions: bool
) -> None:
    membership = member_cast.org_a.memberships.get()
    membership.annual_fee, membership.fee_tier = 48213, "Large tier"
    membership.save()
    html = client_for(member_cast.user(role)).get(directory_url()).content.decode()
    assert "Org A AS" in html
    assert ("48213" in html) is sees_fees
    assert ("Large tier" in html) is sees_fees
    assert ('data-testid="add-member"' in html) is sees_actions
    assert ('data-testid="export-csv"' in html) is sees_fees
    assert (f"/organisations/{member_cast.org_a.pk}/edit/" in html) is sees_actions


def test_member_contacts_see_active_members_only(member_cast: Any) -> None:
    MembershipFactory(
        cluster=member_cast.cluster_a,
        organisation=OrganisationFactory(name="Gone AS"),
        left_on=D(2020, 1, 1),
    )
    contact = client_for(member_cast.contact_a)
    html = contact.get(directory_url(), {"status": "all"}).content.decode()
    assert "Gone AS" not in html
    assert 'name="status"' not in html
    staff = client_for(member_cast.staff_a)
    assert "Gone AS" in staff.get(directory_url(), {"status": "all"}).content.decode()


@pytest.fixture
def registry(cast: Any) -> dict[str, Any]:
    """A small cluster A with varied members; names say what is special about each."""
    grids = TopicFactory(slug="smart-grids", name_en="Smart grids", name_nb="Smarte nett")
    orgs = {
        "alpha": OrganisationFactory(
            name="Alpha Energi AS",
            org_number="988077917",
            kind="large",
            employees=400,
            county="Viken",
        ),
        "beta": OrganisationFactory(
            name="Beta Data AS", kind="startup", employees=3, county="Oslo"
        ),
        "gamma": OrganisationFactory(
            name="Gamma Universitet", kind="university", employees=None, county="Østfold"
        ),
        "delta": OrganisationFactory(
            name="Delta GmbH", org_number=None, country="DE", kind="sme", employees=60, county=""
        ),
        "former": OrganisationFactory(name="Former Kraft AS", county="Oslo"),
        "other": OrganisationFactory(name="Other Cluster AS"),
    }
    orgs["beta"].topics.add(grids)
    a = cast.cluster_a
    MembershipFactory(cluster=a, organisation=orgs["alpha"], joined_on=D(2012, 5, 1))
    MembershipFactory(
        cluster=a, organisation=orgs["beta"], joined_on=D(2021, 3, 1), category="partner"
    )
    MembershipFactory(cluster=a, organisation=orgs["gamma"], joined_on=D(2018, 1, 1))
    MembershipFactory(cluster=a, organisation=orgs["delta"], joined_on=D(2016, 1, 1))
    MembershipFactory(
        cluster=a, organisation=orgs["former"], joined_on=D(2010, 1, 1), left_on=D(2019, 1, 1)
    )
    MembershipFactory(cluster=cast.cluster_b, organisation=orgs["other"])
    return orgs


def names_in(html: str, orgs: dict[str, Any]) -> list[str]:
    """The registry organisations shown, in page order."""
    found = [(html.find(f">{o.name}</a>"), key) for key, o in orgs.items()]
    return [key for position, key in sorted(found) if position >= 0]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["alpha", "beta", "delta", "gamma"]),
        ({"q": "energi"}, ["alpha"]),
        ({"q": "988 077 917"}, ["alpha"]),
        ({"q": "988077"}, ["alpha"]),
        ({"q": "smart grid"}, ["beta"]),
        ({"kind": "university"}, ["gamma"]),
        ({"size_class": "na"}, ["gamma"]),  # a university is not an enterprise
        ({"size_class": "large"}, ["alpha"]),
        ({"category": "partner"}, ["beta"]),
        ({"county": "Oslo"}, ["beta"]),
        ({"country": "DE"}, ["delta"]),
        ({"topic": "smart-grids"}, ["beta"]),
        ({"status": "former"}, ["former"]),
        ({"status": "all"}, ["alpha", "beta", "delta", "former", "gamma"]),
        ({"status": "active", "as_of": "2015-06-01"}, ["alpha", "former"]),
        ({"status": "former", "as_of": "2015-06-01"}, []),
        ({"sort": "-joined"}, ["beta", "gamma", "delta", "alpha"]),
        ({"sort": "size"}, ["beta", "delta", "alpha", "gamma"]),
        ({"sort": "-name"}, ["gamma", "delta", "beta", "alpha"]),
        ({"sort": "kind"}, ["alpha", "delta", "beta", "gamma"]),
    ],
)
def test_filters_search_and_sort(
    registry: dict[str, Any], cast: Any, params: dict, expected: list[str]
) -> None:
    response = client_for(cast.staff_a).get(directory_url(), params)
    assert response.status_code == 200
    assert names_in(response.content.decode(), registry) == expected


def test_counts_and_sort_headers(registry: dict[str, Any], cast: Any) -> None:
    html = client_for(cast.staff_a).get(directory_url(), {"sort": "joined"}).content.decode()
    assert "4 organisations" in html
    assert "4 active" in html and "1 former" in html and "5 in all" in html
    assert '<th aria-sort="ascending"><a href="?sort=-joined">' in html
    assert '<a href="?sort=name">' in html


def test_invalid_filter_shows_an_error_not_a_500(registry: dict[str, Any], cast: Any) -> None:
    response = client_for(cast.staff_a).get(
        directory_url(), {"as_of": "31.02.2020", "kind": "university"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert names_in(html, registry) == ["gamma"]  # the valid filter still applies


def test_pagination(cast: Any) -> None:
    for i in range(30):
        MembershipFactory(
            cluster=cast.cluster_a, organisation=OrganisationFactory(name=f"Paged {i:02d} AS")
        )
    client = client_for(cast.staff_a)
    first = client.get(directory_url()).content.decode()
    assert "30 organisations" in first and "Page 1 of 2" in first
    assert "Paged 24 AS" in first and "Paged 25 AS" not in first
    second = client.get(directory_url(), {"page": 2}).content.decode()
    assert "Paged 25 AS" in second and "Paged 24 AS" not in second


def test_empty_states(cast: Any, registry: dict[str, Any]) -> None:
    staff = client_for(cast.staff_b)
    html = staff.get(directory_url("cluster-b"), {"kind": "finance"}).content.decode()
    assert "No organisations match these filters." in html
    empty_cluster = client_for(cast.superuser)
    from tests.factories.clusters import ClusterFactory

    ClusterFactory(slug="empty")
    html = empty_cluster.get(directory_url("empty")).content.decode()
    assert "No members yet" in html and "Add the first member" in html


def read_csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_holds_exactly_the_filtered_rows(registry: dict[str, Any], cast: Any) -> None:
    registry["alpha"].nace_codes = ["35.140", "62.010"]
    registry["alpha"].municipality = "Halden"
    registry["alpha"].save()
    membership = registry["alpha"].memberships.get()
    membership.fee_tier, membership.annual_fee = "Large", 60000
    membership.save()
    for i in range(30):  # more than a page: the export is not paginated
        MembershipFactory(
            cluster=cast.cluster_a,
            organisation=OrganisationFactory(name=f"Bulk {i:02d} AS", kind="large"),
        )
    response = client_for(cast.officer).get(export_url("csv"), {"kind": "large", "page": 2})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="cluster-a-members-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "Name",
        "Organisation number",
        "Country",
        "Kind",
        "Size class (estimated)",
        "Employees",
        "Industry codes (NACE)",
        "County / region",
        "Municipality",
        "Website",
        "Category",
        "Joined",
        "Left",
        "Fee tier",
        "Annual fee (NOK)",
        "Topics",
    ]
    assert len(rows) == 1 + 31
    assert rows[1] == [
        "Alpha Energi AS",
        "988 077 917",
        "NO",
        "Large company",
        "Large (250+)",
        "400",
        "35.140, 62.010",
        "Viken",
        "Halden",
        "",
        "Member",
        "2012-05-01",
        "",
        "Large",
        "60000",
        "",
    ]


def test_exports_neutralise_formulas(cast: Any) -> None:
    evil = OrganisationFactory(name='=HYPERLINK("http://evil.example","click")', county="+1")
    MembershipFactory(cluster=cast.cluster_a, organisation=evil, fee_tier="@SUM(A1)")
    client = client_for(cast.staff_a)
    rows = read_csv(client.get(export_url("csv")))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[1][7] == "'+1"
    assert rows[1][13] == "'@SUM(A1)"
    workbook = load_workbook(io.BytesIO(client.get(export_url("xlsx")).content))
    sheet = workbook.active
    assert sheet.max_row == 2
    assert sheet.cell(row=2, column=1).value == '=HYPERLINK("http://evil.example","click")'
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert sheet.cell(row=2, column=12).value == datetime.datetime(2015, 1, 1)


def test_xlsx_export_applies_the_filters(registry: dict[str, Any], cast: Any) -> None:
    response = client_for(cast.staff_a).get(export_url("xlsx"), {"status": "former"})
    assert response.content[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [row[0] for row in values] == ["Former Kraft AS"]
    assert values[0][12] == datetime.datetime(2019, 1, 1)


def test_next_page_link_keeps_the_filters(cast: Any) -> None:
    import re

    for i in range(30):
        for prefix in ("Alpha", "Beta"):
            MembershipFactory(
                cluster=cast.cluster_a,
                organisation=OrganisationFactory(name=f"{prefix} {i:02d} AS"),
            )
    client = client_for(cast.staff_a)
    html = client.get(directory_url(), {"kind": "sme", "q": "alpha"}).content.decode()
    href = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    second = client.get(directory_url() + href).content.decode()
    assert "Page 2 of 2" in second and "Alpha 29 AS" in second
    assert "Beta" not in second
