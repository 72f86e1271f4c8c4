"""Annual reports pre-filled from Klynge's data, their workflow, pages by role; the portfolio."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from klynge.core.errors import ConflictError, DomainError
from klynge.programme.models import AnnualReport
from klynge.programme.services.reports import report_create, report_transition, report_update
from tests.factories.clusters import ClusterFactory
from tests.factories.members import MembershipFactory
from tests.factories.programme import ApplicationFactory, ClusterStatusFactory
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")
D = datetime.date


def test_report_is_prefilled_from_klynges_data(year_2021: Any) -> None:
    report = report_create(actor=year_2021.manager_a, cluster=year_2021.cluster_a, year=2021)
    f = report.figures
    assert f["as_of"] == "2021-12-31"
    assert (f["members"]["total"], f["members"]["new"], f["members"]["left"]) == (4, 1, 1)
    assert (f["members"]["sme"], f["members"]["sme_share"], f["members"]["international"]) == (
        2,
        0.5,
        1,
    )
    assert {r["key"]: r["count"] for r in f["members"]["by_type"]} == {
        "industry": 3,
        "research": 1,
        "public": 0,
        "finance": 0,
        "other": 0,
    }
    assert (f["events"]["count"], f["events"]["participants"]) == (2, 3)
    assert (f["projects"]["active"], f["projects"]["started"]) == (1, 1)
    assert f["projects"]["outcomes"] == [{"key": "competence", "count": 1}]
    assert f["projects"]["international_partner_names"] == ["Dansk Energi ApS (fictional)"]
    assert f["programme"]["level"] == "mature"
    assert f["learning"] is None
    with pytest.raises(ConflictError):
        report_create(actor=year_2021.manager_a, cluster=year_2021.cluster_a, year=2021)
    with pytest.raises(DomainError):
        report_create(
            actor=year_2021.manager_a,
            cluster=year_2021.cluster_a,
            year=timezone.localdate().year + 1,
        )


def test_submit_return_resubmit_accept(year_2021: Any) -> None:
    cast = year_2021
    report = report_create(actor=cast.manager_a, cluster=cast.cluster_a, year=2021)
    with pytest.raises(DomainError) as error:
        report_transition(actor=cast.manager_a, report=report, action="submit")
    assert "highlights" in error.value.message
    report = report_update(actor=cast.manager_a, report=report, highlights="A strong year.")
    report_transition(actor=cast.manager_a, report=report, action="submit")
    with pytest.raises(ConflictError):
        report_update(actor=cast.manager_a, report=report, highlights="Changed")
    with pytest.raises(DomainError) as error:
        report_transition(actor=cast.officer, report=report, action="return")
    assert error.value.field == "comment"
    report_transition(
        actor=cast.officer, report=report, action="return", comment="Add the SME numbers."
    )
    report_update(actor=cast.manager_a, report=report, members_text="12 SMEs took part.")
    report_transition(actor=cast.manager_a, report=report, action="submit")
    report_transition(actor=cast.officer, report=report, action="accept")
    report.refresh_from_db()
    assert (report.status, report.review_comment) == ("accepted", "")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("officer", 200),
        ("manager_a", 200),
        ("staff_a", 200),
        ("staff_b", 404),
        ("contact_a", 404),
        ("anonymous", 302),
    ],
)
def test_report_pages_by_role(member_cast: Any, role: str, expected: int) -> None:
    report = report_create(actor=member_cast.manager_a, cluster=member_cast.cluster_a, year=2021)
    client = client_for(member_cast.user(role))
    assert client.get(f"/programme/reports/{report.pk}/").status_code == expected
    if expected != 302:
        listed = client.get("/programme/reports/").context["page"].object_list
        assert (report in listed) is (expected == 200)
        csv = client.get("/programme/reports/?export=csv").content.decode()
        assert ("Cluster A" in csv) is (expected == 200)


def test_report_page_shows_figures_with_their_sources(year_2021: Any) -> None:
    client = client_for(year_2021.manager_a)
    response = client.post(
        "/programme/reports/new/", {"cluster": year_2021.cluster_a.pk, "year": 2021}
    )
    report = AnnualReport.objects.get()
    assert response.status_code == 302
    page = client.get(f"/programme/reports/{report.pk}/").content.decode()
    assert "Foreign partner organisations in projects" in page
    assert "Courses with sessions in the year" in page
    assert "Competence lift" in page


def test_portfolio_figures_and_bounded_queries(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(8):
        cluster = ClusterFactory()
        ClusterStatusFactory(cluster=cluster)
        MembershipFactory(cluster=cluster)
        ApplicationFactory(cluster=cluster, status="submitted")
    client = client_for(cast.officer)
    with django_assert_max_num_queries(20):
        response = client.get("/programme/portfolio/")
    rows = response.context["page"].object_list
    busy = [r for r in rows if r.figures["open_applications"]]
    assert len(busy) == 8 and all(r.figures["members"] == 1 for r in busy)
    assert all(r.figures["quota"] == "1/2" for r in busy)
    csv = client.get("/programme/portfolio/?export=csv").content.decode()
    assert "Open applications" in csv.splitlines()[0]


def test_report_list_csv_has_a_column_per_figure_of_the_definition(
    year_2021: Any, django_assert_max_num_queries: Any
) -> None:
    """The export reads the report definition's figures (corrections count), not old keys."""
    import csv
    import io

    from klynge.programme.selectors.reports import report_figure_list, report_sources

    report = report_create(actor=year_2021.manager_a, cluster=year_2021.cluster_a, year=2021)
    first = report_sources()[0]
    report.corrections.create(key=first.key, value=1234, computed=0, reason="Counted by hand")
    client = client_for(year_2021.manager_a)
    client.get("/programme/reports/")  # the session and the user are loaded once
    with django_assert_max_num_queries(8):  # a query for the reports, one for the corrections
        response = client.get("/programme/reports/?export=csv")
    table = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    labels = [str(source.label) for source in report_sources()]
    assert table[0] == ["Cluster", "Year", "Status", *labels]
    (row,) = table[1:]
    assert row[:2] == [year_2021.cluster_a.name, "2021"]
    figures = {f.key: f.value for f in report_figure_list(report)}
    expected = ["" if v is None else str(v) for v in (figures[s.key] for s in report_sources())]
    assert row[3:] == expected
    assert row[3] == "1234"
