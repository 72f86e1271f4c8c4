"""Portfolio pages and selectors run a bounded number of queries with 1,000 projects."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.projects.models import FundingSource, Project, ProjectObjective, ProjectPartner
from klynge.projects.selectors.kpis import project_kpis
from klynge.projects.selectors.organisations import projects_for_organisation
from tests.factories.clusters import TopicFactory
from tests.factories.members import OrganisationFactory
from tests.http import body, client_for

pytestmark = pytest.mark.django_db

N = 1000


@pytest.fixture
def big_portfolio(member_cast: Any) -> list[Project]:
    topics = [TopicFactory() for _ in range(3)]
    orgs = [
        member_cast.org_a,
        member_cast.org_b,
        OrganisationFactory(country="FI", org_number=None),
    ]
    kinds, statuses = Project.Kind.values, Project.Status.values
    projects = Project.objects.bulk_create(
        Project(
            lead_cluster=member_cast.cluster_a,
            title=f"Project {i:04d}",
            kind=kinds[i % len(kinds)],
            status=statuses[i % len(statuses)],
            start_date=datetime.date(2016 + i % 8, 1 + i % 12, 1),
            total_eligible_cost=1_000_000,
            private_cash=400_000,
        )
        for i in range(N)
    )
    Project.topics.through.objects.bulk_create(
        Project.topics.through(project_id=p.pk, topic_id=topics[i % 3].pk)
        for i, p in enumerate(projects)
    )
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=p, organisation=orgs[j], role="partner")
        for i, p in enumerate(projects)
        for j in range(1 + i % 3)
    )
    FundingSource.objects.bulk_create(
        FundingSource(project=p, name="Innovation Norway", amount=500_000 + i)
        for i, p in enumerate(projects)
    )
    ProjectObjective.objects.bulk_create(
        ProjectObjective(project=p, kind="sme_competence") for p in projects[::2]
    )
    return projects


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sme": "on", "international": "on", "year": "2020"},
        {"objective": "sme_competence", "page": "3"},
    ],
)
def test_portfolio_page_bounded(
    member_cast: Any, big_portfolio: Any, params: dict, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member_cast.staff_a)
    url = reverse("projects:portfolio", args=["cluster-a"])
    client.get(url)  # warm up sessions and content types
    with django_assert_max_num_queries(8):
        response = client.get(url, params)
    assert response.status_code == 200
    assert response.context["total"] > 0


def test_portfolio_marks_partners_of_the_page(member_cast: Any, big_portfolio: Any) -> None:
    """SME and international marks come for the page's rows (a column per row, not a hashed scan
    of every partner): project i has partners A, B and the Finnish organisation up to 1 + i % 3."""
    from klynge.projects.selectors.portfolio import project_list_portfolio

    ProjectPartner.objects.update(status=ProjectPartner.Status.CONFIRMED)
    rows = project_list_portfolio(cluster=member_cast.cluster_a, viewer=member_cast.staff_a)
    by_title = {p.title: p for p in rows.filter(title__in=["Project 0000", "Project 0002"])}
    assert by_title["Project 0000"].has_international is False
    assert by_title["Project 0002"].has_international is True
    assert rows.count() == N


def test_contact_portfolio_bounded(
    member_cast: Any, big_portfolio: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member_cast.contact_b)
    url = reverse("projects:portfolio", args=["cluster-a"])
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.context["total"] == sum(
        1 for i in range(N) if i % 3
    )  # org B is partner 2 and 3


def test_export_bounded(
    member_cast: Any, big_portfolio: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member_cast.officer)
    url = reverse("projects:portfolio", args=["cluster-a"])
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url, {"export": "csv"})
    assert len(body(response).decode("utf-8-sig").strip().splitlines()) == N + 1
    counts = []
    for search in ("Project 0001", "Project"):  # 1 row, then all 1,000: the same queries
        with CaptureQueriesContext(connection) as queries:
            body(client.get(url, {"export": "csv", "q": search}))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_pipeline_and_kpis_bounded(
    member_cast: Any, big_portfolio: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member_cast.staff_a)
    url = reverse("projects:pipeline", args=["cluster-a"])
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.context["total"] == N
    with django_assert_max_num_queries(7):
        kpis = project_kpis(
            cluster=member_cast.cluster_a,
            start=datetime.date(2016, 1, 1),
            end=datetime.date(2023, 12, 31),
        )
    assert kpis.total == N


def test_project_page_and_org_tab_bounded(
    member_cast: Any, big_portfolio: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member_cast.staff_a)
    project = big_portfolio[500]
    client.get(project.get_absolute_url())
    with django_assert_max_num_queries(30):
        assert client.get(project.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(3):
        rows = list(projects_for_organisation(member_cast.org_a, member_cast.staff_a)[:50])
    assert len(rows) == 50
