"""The annual report's figures: every numeric field has a source, each figure links to the rows it
was counted from, corrections keep the computed value, last year beside this year, PDF."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import QuerySet

from klynge.core.errors import ConflictError, DomainError
from klynge.core.extensions import figures
from klynge.core.figures import COUNT, FigureSource
from klynge.programme.report_definition import NAME, SECTIONS, ReportScope
from klynge.programme.services.reports import (
    correction_delete,
    correction_set,
    report_create,
    report_transition,
    report_update,
)
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")


def test_every_numeric_field_of_the_report_has_a_source(year_2021: Any) -> None:
    sources = figures(NAME)
    assert len(sources) >= 60
    sections = {key for key, _title in SECTIONS}
    scope = ReportScope.of(year_2021.cluster_a, 2021)
    for source in sources:
        assert isinstance(source, FigureSource)
        assert source.section in sections, source.key
        assert str(source.label), source.key
        rows = source.rows(scope)
        assert isinstance(rows, QuerySet), source.key
        if source.measure == COUNT:
            assert source.value(scope) == rows.count(), source.key
    report = report_create(actor=year_2021.manager_a, cluster=year_2021.cluster_a, year=2021)
    values = report.figures["values"]
    assert set(values) == {s.key for s in sources}
    assert all(isinstance(v, int | float) for v in values.values())
    # every number the page shows sits in a row that links to its rows page
    page = client_for(year_2021.manager_a).get(f"/programme/reports/{report.pk}/").content.decode()
    shown = re.findall(r'<tr data-figure="([^"]+)"><td><a href="([^"]+)"', page)
    assert {key for key, _url in shown} == set(values)
    assert all(url == f"/programme/reports/{report.pk}/figures/{key}/" for key, url in shown)


def test_figures_are_taken_as_of_the_report_year(year_2021: Any) -> None:
    report = report_create(actor=year_2021.manager_a, cluster=year_2021.cluster_a, year=2021)
    v = report.figures["values"]
    assert (v["members.total"], v["members.new"], v["members.left"]) == (4, 1, 1)
    assert (v["members.international"], v["members.type.research"]) == (1, 1)
    assert (v["events.count"], v["events.participants"], v["events.kind.partner_conference"]) == (
        2,
        3,
        1,
    )
    assert (v["projects.active"], v["projects.started"], v["projects.running"]) == (1, 1, 1)
    assert (v["projects.completed"], v["projects.kind.pre_project"]) == (0, 1)
    assert (v["outcomes.competence"], v["outcomes.product"]) == (1, 0)
    assert v["projects.international_partners"] == 1
    # the university is never an SME, whatever its headcount
    assert v["members.sme"] == 2


def test_rows_page_lists_what_was_counted(year_2021: Any) -> None:
    report = report_create(actor=year_2021.manager_a, cluster=year_2021.cluster_a, year=2021)
    client = client_for(year_2021.manager_a)
    page = client.get(f"/programme/reports/{report.pk}/figures/projects.international_partners/")
    assert page.status_code == 200
    assert "Dansk Energi ApS (fictional)" in page.content.decode()
    members = client.get(f"/programme/reports/{report.pk}/figures/members.total/")
    assert members.context["page"].paginator.count == 4
    assert client.get(f"/programme/reports/{report.pk}/figures/nope/").status_code == 404
    officer = client_for(year_2021.officer)
    assert officer.get(f"/programme/reports/{report.pk}/figures/members.new/").status_code == 200


def test_a_correction_keeps_the_computed_value_beside_it(year_2021: Any) -> None:
    cast = year_2021
    report = report_create(actor=cast.manager_a, cluster=cast.cluster_a, year=2021)
    with pytest.raises(DomainError):
        correction_set(actor=cast.manager_a, report=report, key="events.count", value=5, reason="")
    with pytest.raises(DomainError):
        correction_set(actor=cast.manager_a, report=report, key="nope", value=5, reason="x")
    correction = correction_set(
        actor=cast.manager_a,
        report=report,
        key="events.count",
        value=5,
        reason="Three events were run with a partner outside Klynge.",
    )
    assert (correction.value, correction.computed) == (Decimal(5), Decimal(2))
    client = client_for(cast.manager_a)
    page = client.get(f"/programme/reports/{report.pk}/")
    events = next(s for s in page.context["sections"] if s["key"] == "events")
    figure = next(r["figure"] for r in events["rows"] if r["figure"].key == "events.count")
    assert (figure.value, figure.computed, figure.is_corrected) == (5, 2, True)
    assert "computed 2" in page.content.decode()
    # through the page
    response = client.post(
        f"/programme/reports/{report.pk}/figures/members.new/",
        {"value": "2", "reason": "One joined on paper in December."},
    )
    assert response.status_code == 302
    assert report.corrections.count() == 2
    correction_delete(actor=cast.manager_a, report=report, key="members.new")
    assert report.corrections.count() == 1
    # other cluster's staff and member contacts cannot correct
    staff_b = client_for(cast.staff_b)
    assert (
        staff_b.post(
            f"/programme/reports/{report.pk}/figures/members.new/", {"value": "9", "reason": "x"}
        ).status_code
        == 404
    )
    report = report_update(actor=cast.manager_a, report=report, highlights="A good year.")
    report_transition(actor=cast.manager_a, report=report, action="submit")
    with pytest.raises(ConflictError):
        correction_set(actor=cast.manager_a, report=report, key="events.count", value=1, reason="x")
    officer = client_for(cast.officer)
    assert (
        officer.post(
            f"/programme/reports/{report.pk}/figures/members.new/", {"value": "9", "reason": "x"}
        ).status_code
        == 403
    )


def test_last_year_beside_this_year_and_pdf(year_2021: Any) -> None:
    cast = year_2021
    earlier = report_create(actor=cast.manager_a, cluster=cast.cluster_a, year=2020)
    correction_set(actor=cast.manager_a, report=earlier, key="events.count", value=3, reason="x")
    report = report_create(actor=cast.manager_a, cluster=cast.cluster_a, year=2021)
    client = client_for(cast.manager_a)
    sections = client.get(f"/programme/reports/{report.pk}/").context["sections"]
    events = next(s for s in sections if s["key"] == "events")
    row = next(r for r in events["rows"] if r["figure"].key == "events.count")
    assert (events["previous_year"], row["figure"].value, row["previous"]) == (2020, 2, 3)
    # without a report the year before is counted for that year
    alone = report_create(actor=cast.manager_a, cluster=cast.cluster_a, year=2019)
    sections = client.get(f"/programme/reports/{alone.pk}/").context["sections"]
    members = next(s for s in sections if s["key"] == "members")
    row = next(r for r in members["rows"] if r["figure"].key == "members.total")
    assert row["previous"] == 0
    pdf = client.get(f"/programme/reports/{report.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client_for(cast.staff_b).get(f"/programme/reports/{report.pk}/pdf/").status_code == 404


def test_api_figures_and_corrections(year_2021: Any) -> None:
    cast = year_2021
    report = report_create(actor=cast.manager_a, cluster=cast.cluster_a, year=2021)
    client = client_for(cast.manager_a)
    base = f"/api/v1/programme/reports/{report.pk}"
    figures_out = client.get(f"{base}/figures").json()
    assert len(figures_out) == len(figures(NAME))
    events = next(f for f in figures_out if f["key"] == "events.count")
    assert (events["computed"], events["value"], events["previous_year"]) == (2, 2, 2020)
    assert events["rows_url"].endswith("/figures/events.count/")
    put = client.put(
        f"{base}/corrections/events.count",
        {"value": "4", "reason": "Two events outside Klynge."},
        content_type="application/json",
    )
    assert put.status_code == 200, put.content
    assert (put.json()["value"], put.json()["computed"]) == ("4.00", "2.00")
    events = next(f for f in client.get(f"{base}/figures").json() if f["key"] == "events.count")
    assert (events["computed"], events["corrected"], events["value"]) == (2, 4, 4)
    bad = client.put(
        f"{base}/corrections/nope", {"value": 1, "reason": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert client.delete(f"{base}/corrections/events.count").status_code == 204
    assert report.corrections.count() == 0
    officer = client_for(cast.officer)
    assert officer.get(f"{base}/figures").status_code == 200
    refused = officer.put(
        f"{base}/corrections/events.count",
        {"value": 1, "reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert client_for(cast.staff_b).get(f"{base}/figures").status_code == 404


def test_report_page_takes_last_year_from_the_report_in_bounded_queries(
    year_2021: Any, django_assert_max_num_queries: Any
) -> None:
    """Without a 2020 report, last year's column comes from the figures taken with this report
    (not one live count per figure on every view), and still shows 2020's numbers."""
    cast = year_2021
    report = report_create(actor=cast.manager_a, cluster=cast.cluster_a, year=2021)
    client = client_for(cast.manager_a)
    client.get(f"/programme/reports/{report.pk}/")  # warm the session and caches
    with django_assert_max_num_queries(12):
        page = client.get(f"/programme/reports/{report.pk}/")
    previous = {
        row["figure"].key: row["previous"]
        for section in page.context["sections"]
        for row in section["rows"]
    }
    assert {s["previous_year"] for s in page.context["sections"]} == {2020}
    # end of 2020: three members who joined in 2019 and one who left in 2021; one event in 2020
    assert (previous["members.total"], previous["members.new"], previous["members.left"]) == (
        4,
        0,
        0,
    )
    assert (previous["events.count"], previous["projects.active"]) == (1, 0)
    counted_now = {
        source.key: source.value(ReportScope.of(cast.cluster_a, 2020)) for source in figures(NAME)
    }
    assert previous == counted_now
