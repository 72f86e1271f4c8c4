"""KPI selectors on hand-built portfolios, and the KPI page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.projects.selectors.kpis import project_kpis
from tests.factories.members import OrganisationFactory
from tests.factories.projects import (
    FundingSourceFactory,
    OutcomeFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

# Fixed years (2030) stay in the future: the clock is frozen at tests/clock.NOW.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

Y2021 = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))


def build(cast: Any) -> dict[str, Any]:
    sme = OrganisationFactory(employees=12)
    large = OrganisationFactory(employees=800)
    foreign = OrganisationFactory(employees=None, country="DK", org_number=None)
    a = cast.cluster_a
    pre1 = ProjectFactory(
        lead_cluster=a, kind="pre_project", status="completed", private_cash=100, in_kind=50
    )
    pre2 = ProjectFactory(lead_cluster=a, kind="pre_project", status="completed")
    main = ProjectFactory(lead_cluster=a, kind="main_project", status="running", predecessor=pre1)
    collab = ProjectFactory(lead_cluster=cast.cluster_b, kind="collaboration", status="running")
    collab.clusters.add(a)  # cluster A takes part
    idea = ProjectFactory(lead_cluster=a, kind="idea", status="idea")
    cancelled = ProjectFactory(lead_cluster=a, status="cancelled")
    old = ProjectFactory(
        lead_cluster=a, start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2016, 1, 1)
    )
    ProjectFactory(lead_cluster=cast.cluster_b)  # not cluster A's at all
    ProjectPartnerFactory(project=pre1, organisation=sme)
    ProjectPartnerFactory(project=pre2, organisation=large)
    ProjectPartnerFactory(
        project=pre2, organisation=sme, status="candidate"
    )  # candidates do not count
    ProjectPartnerFactory(project=main, organisation=foreign)
    ProjectPartnerFactory(project=cancelled, organisation=sme)
    FundingSourceFactory(project=pre1, kind="public", amount=150)
    FundingSourceFactory(project=main, kind="private", amount=25)
    FundingSourceFactory(project=cancelled, kind="public", amount=10_000)
    OutcomeFactory(project=pre1, kind="competence", quantity=20, date=datetime.date(2021, 6, 1))
    OutcomeFactory(project=old, kind="competence", quantity=5, date=datetime.date(2021, 2, 1))
    OutcomeFactory(project=main, kind="patent", date=datetime.date(2022, 1, 5))
    return {"pre1": pre1, "main": main, "idea": idea}


def test_kpis_on_a_hand_built_portfolio(cast: Any, django_assert_max_num_queries: Any) -> None:
    build(cast)
    with django_assert_max_num_queries(7):
        kpis = project_kpis(cluster=cast.cluster_a, start=Y2021[0], end=Y2021[1])
    assert kpis.total == 6  # pre1, pre2, main, collab, idea, cancelled (not old, not B's own)
    kinds = {r.key: r.count for r in kpis.by_kind}
    assert kinds == {
        "idea": 1,
        "collaboration": 2,
        "feasibility": 0,
        "pre_project": 2,
        "main_project": 1,
        "international": 0,
        "other": 0,
    }
    statuses = {r.key: r.count for r in kpis.by_status if r.count}
    assert statuses == {"idea": 1, "completed": 2, "running": 2, "cancelled": 1}
    assert kpis.portfolio == 4
    assert (kpis.with_sme, kpis.with_international) == (1, 1)
    assert kpis.sme_share == 0.25 and kpis.international_share == 0.25
    assert (kpis.pre_projects, kpis.converted, kpis.conversion_rate) == (2, 1, 0.5)
    assert kpis.public_funding == 150
    assert kpis.private_funding == 100 + 50 + 25
    assert kpis.public_share == 150 / 325
    assert kpis.outcomes == 2 and kpis.people_trained == 25


def test_kpis_for_an_empty_period(cast: Any) -> None:
    build(cast)
    kpis = project_kpis(
        cluster=cast.cluster_a, start=datetime.date(2030, 1, 1), end=datetime.date(2030, 12, 31)
    )
    assert kpis.total == 0 and kpis.portfolio == 0
    assert kpis.sme_share is None and kpis.conversion_rate is None and kpis.public_share is None


def test_kpi_page(cast: Any) -> None:
    build(cast)
    client = Client()
    client.force_login(cast.officer)
    url = reverse("projects:kpis", args=["cluster-a"])
    page = client.get(url, {"start": "2021-01-01", "end": "2021-12-31"}).content.decode()
    assert 'data-testid="kpi-summary"' in page
    assert page.count("<svg") >= 4
    bad = client.get(url, {"start": "2021-12-31", "end": "2021-01-01"})
    assert "end" in bad.context["form"].errors
    staff_b = Client()
    staff_b.force_login(cast.staff_b)
    assert staff_b.get(url).status_code == 403
