"""The cluster dashboard (sixteen tiles with change and trend, PDF) and peer benchmarking (pure
percentile ranks and boxes; the officer's sortable table and XLSX; a team's anonymised view)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from klynge.insight import benchmark as b
from klynge.insight.selectors.dashboard import compute_dashboard
from klynge.members.models import Membership
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import OrganisationFactory, PersonFactory
from tests.factories.projects import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory
from tests.http import client_as

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def busy(member_cast: Any) -> Any:
    """Cluster A: a member who joined this year, two events last year and one this year, a
    project with funding, SME course completions this year."""
    cast = member_cast
    cast.org_c = OrganisationFactory(name="Org C AS", kind="university")
    Membership.objects.create(
        cluster=cast.cluster_a, organisation=cast.org_c, joined_on=datetime.date(YEAR, 1, 2)
    )
    last = datetime.date(YEAR - 1, 6, 1)
    this = min(datetime.date(YEAR, 1, 10), TODAY)
    for day in (last, last + datetime.timedelta(days=30), this):
        event = EventFactory(cluster=cast.cluster_a, starts_at=at(day), ends_at=at(day))
        for org in (cast.org_a, cast.org_b):
            RegistrationFactory(
                event=event,
                person=PersonFactory(organisation=org),
                organisation=org,
                status="attended",
            )
    project = ProjectFactory(
        lead_cluster=cast.cluster_a,
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR + 1, 12, 31),
        status="running",
    )
    for org in (cast.org_a, cast.org_c):
        ProjectPartnerFactory(project=project, organisation=org)
    FundingSourceFactory(project=project, amount=2_000_000)
    course = CourseFactory(cluster=cast.cluster_a)
    for org in (cast.org_a, cast.org_c):
        EnrolmentFactory(
            course=course,
            person=PersonFactory(organisation=org),
            organisation=org,
            status="completed",
            completed_on=this,
        )
    return cast


def test_dashboard_figures(busy: Any, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(45):
        dashboard = compute_dashboard(cluster=busy.cluster_a, year=YEAR)
    assert len(dashboard.tiles) == 16
    tile = dashboard.tile
    assert (tile("members").value, tile("members").previous) == (3, 2)
    assert tile("new_members").value == 1
    assert (tile("events").value, tile("events").previous) == (1, 2)
    assert (tile("participants").value, tile("participants").previous) == (2, 4)
    assert tile("participants").change == -2
    assert (tile("completions").value, tile("courses").value) == (2, 1)
    assert tile("sme_completions").value == 0.5  # org_a is an SME, org_c a university
    assert (tile("projects").value, tile("funding").value) == (1, 2_000_000)
    assert tile("density").value > 0 and tile("cross_helix").value is not None
    assert [y for y, _v in tile("events").trend] == list(range(YEAR - 4, YEAR + 1))
    assert tile("nps").value is None  # no survey


ROLES = ["anonymous", "contact_a", "staff_a", "manager_a", "staff_b", "officer"]
PAGES = {
    "/clusters/cluster-a/dashboard/": (302, 403, 200, 200, 403, 200),
    "/clusters/cluster-a/dashboard/report.pdf": (302, 403, 200, 200, 403, 200),
    "/programme/benchmark/": (302, 403, 403, 403, 403, 200),
    "/programme/clusters/cluster-a/benchmark/": (302, 403, 200, 200, 403, 200),
}


@pytest.mark.parametrize("url", list(PAGES))
def test_page_permissions(busy: Any, url: str) -> None:
    got = tuple(client_as(busy, role).get(url).status_code for role in ROLES)
    assert got == PAGES[url]


def test_dashboard_page_pdf_and_bad_years(busy: Any) -> None:
    client = client_as(busy, "manager_a")
    page = client.get("/clusters/cluster-a/dashboard/").content.decode()
    assert page.count('class="tile card"') == 16 and "sparkline" in page
    assert "NOK 2,000,000" in page and "on last year" in page
    pdf = client.get(f"/clusters/cluster-a/dashboard/report.pdf?year={YEAR}")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    for year in ("abc", "1999", str(YEAR + 1)):
        response = client.get(f"/clusters/cluster-a/dashboard/?year={year}")
        assert response.status_code == 200 and b'class="error"' in response.content


def test_percentile_ranks_and_boxes() -> None:
    assert b.percentile_rank(5, [1, 2, 3, 4, 5]) == 100
    assert b.percentile_rank(1, [1, 2, 3, 4, 5]) == 0
    assert b.percentile_rank(3, [1, 2, 3, 4, 5]) == 50
    assert b.percentile_rank(2, [2, 2, 2]) == 50
    assert b.percentile_rank(None, [1, 2]) is None and b.percentile_rank(1, [1, None]) is None
    found = b.box([1, 2, 3, 4, 5, None])
    assert found is not None and (found.low, found.median, found.high) == (1, 3, 5)
    peers = [
        b.Peer(1, "One", "mature", frozenset({"energy"}), {"x": 10}),
        b.Peer(2, "Two", "mature", frozenset({"health"}), {"x": 20}),
        b.Peer(3, "Three", "arena", frozenset({"energy"}), {"x": 30}),
        b.Peer(4, "Four", "arena", frozenset(), {"x": None}),
    ]
    (standing,) = b.standings(peers, 1, ["x"])
    assert (standing.rank_all, standing.rank_level, standing.rank_topic) == (0, 0, 0)
    assert (standing.peers_all, standing.peers_level, standing.peers_topic) == (3, 2, 2)
    assert [s.figure for s in b.holding_back([standing])] == ["x"]
    names = b.anonymous_names(peers, 1, salt="2025")
    assert sorted(names.values()) == ["A", "B", "C"] and 1 not in names
    assert [p.name for p in b.sort_peers(peers, "x")] == ["Three", "Two", "One", "Four"]
    assert [p.name for p in b.sort_peers(peers, "x", descending=False)][:3] == [
        "One",
        "Two",
        "Three",
    ]


def test_officer_table_sort_and_xlsx(busy: Any) -> None:
    client = client_as(busy, "officer")
    page = client.get(f"/programme/benchmark/?year={YEAR}&sort=events&order=asc").content.decode()
    assert 'data-testid="benchmark-table"' in page and "Cluster A" in page and "Cluster B" in page
    assert page.index(">Cluster B<") < page.index(">Cluster A<")  # B held no events
    response = client.get(f"/programme/benchmark/?year={YEAR}&export=xlsx&sort=nonsense")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[0] == "Cluster" and "Events held" in header
    assert sheet.max_row == 3


def test_a_team_sees_peers_anonymised_unless_the_setting_says_otherwise(busy: Any) -> None:
    client = client_as(busy, "manager_a")
    page = client.get("/programme/clusters/cluster-a/benchmark/").content.decode()
    assert 'data-testid="cluster-benchmark"' in page and "Cluster A" in page
    assert "Cluster B" not in page
    with override_settings(KLYNGE_BENCHMARK_SHOW_NAMES=True):
        named = client.get("/programme/clusters/cluster-a/benchmark/").content.decode()
    assert "Cluster B" in named


def test_dashboard_api(busy: Any) -> None:
    roles = tuple(
        client_as(busy, role).get("/api/v1/clusters/cluster-a/dashboard").status_code
        for role in ROLES
    )
    assert roles == (401, 403, 200, 200, 403, 200)
    body = (
        client_as(busy, "officer").get(f"/api/v1/clusters/cluster-a/dashboard?year={YEAR}").json()
    )
    tiles = {t["key"]: t for t in body["tiles"]}
    assert len(tiles) == 16 and tiles["events"]["value"] == 1 and tiles["events"]["change"] == -1
    assert len(tiles["events"]["trend"]) == 5
    bad = client_as(busy, "officer").get("/api/v1/clusters/cluster-a/dashboard?year=1800")
    assert bad.status_code == 422 and set(bad.json()) == {"detail", "code", "field"}


def test_cached_dashboard_shows_a_new_member_at_once(
    busy: Any, django_assert_max_num_queries: Any
) -> None:
    from klynge.insight.selectors.dashboard import cluster_dashboard

    assert cluster_dashboard(cluster=busy.cluster_a, year=YEAR).tile("members").value == 3
    with django_assert_max_num_queries(12):  # a cached read counts only the fingerprint
        cached = cluster_dashboard(cluster=busy.cluster_a, year=YEAR)
    assert cached.tile("members").value == 3
    Membership.objects.create(
        cluster=busy.cluster_a,
        organisation=OrganisationFactory(name="Org D AS"),
        joined_on=datetime.date(YEAR, 1, 3),
    )
    fresh = cluster_dashboard(cluster=busy.cluster_a, year=YEAR)
    assert (fresh.tile("members").value, fresh.tile("new_members").value) == (4, 2)
