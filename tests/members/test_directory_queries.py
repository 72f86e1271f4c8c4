"""Query bounds with 5,000 organisations in one cluster: the page and the exports stay constant."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.clusters.models import Topic
from klynge.members.models import Membership, Organisation
from tests.factories.members import _valid_org_number

pytestmark = pytest.mark.django_db

SIZE = 5000
# base.html and its context processors: session, user, cluster roles, the user's clusters and
# member-contact lookup. The directory itself: cluster, filter choices (2), count, status counts,
# rows, topics.
LAYOUT_QUERIES = 6  # + whether the user is an evaluator (the "My reviews" menu entry)
PAGE_QUERIES = LAYOUT_QUERIES + 7


@pytest.fixture
def big_cluster(cast: Any) -> Any:
    topics = Topic.objects.bulk_create(
        Topic(slug=f"topic-{i}", name_en=f"Topic {i}", name_nb=f"Tema {i}") for i in range(5)
    )
    kinds = [choice for choice, _label in Organisation.Kind.choices]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Member {i:05d} AS",
            org_number=_valid_org_number(i * 3 + 1_000_000),
            kind=kinds[i % len(kinds)],
            employees=None if i % 7 == 0 else i % 400,
            county=["Østfold", "Oslo", "Vestland"][i % 3],
            nace_codes=["62.010", "35.140"],
        )
        for i in range(SIZE)
    )
    links = Organisation.topics.through
    links.objects.bulk_create(
        links(organisation_id=organisation.pk, topic_id=topics[i % 5].pk)
        for i, organisation in enumerate(organisations)
    )
    start = datetime.date(2010, 1, 1)
    Membership.objects.bulk_create(
        Membership(
            cluster=cast.cluster_a,
            organisation=organisation,
            joined_on=start + datetime.timedelta(days=i % 3000),
            left_on=datetime.date(2023, 1, 1) if i % 10 == 0 else None,
            annual_fee=10_000 + i,
        )
        for i, organisation in enumerate(organisations)
    )
    return cast


def test_directory_page_queries_are_bounded(
    big_cluster: Any, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(big_cluster.staff_a)
    url = reverse("members:directory", args=["cluster-a"])
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(url, {"sort": "-joined", "page": 3})
    assert response.status_code == 200
    html = response.content.decode()
    assert "4500 organisations" in html
    assert html.count("<tr>") == 26  # header + one page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_queries_are_bounded(
    big_cluster: Any, django_assert_max_num_queries: Any, fmt: str
) -> None:
    client = Client()
    client.force_login(big_cluster.staff_a)
    url = reverse("members:directory_export", args=["cluster-a", fmt])
    with django_assert_max_num_queries(8):
        response = client.get(url, {"status": "all"})
    assert response.status_code == 200
    if fmt == "csv":
        assert response.content.decode("utf-8-sig").count("\n") == SIZE + 1


def test_member_contact_directory_queries_are_bounded(
    big_cluster: Any, django_assert_max_num_queries: Any
) -> None:
    from tests.factories.accounts import UserFactory
    from tests.factories.members import PersonFactory

    contact = UserFactory(email="contact@example.org")
    organisation = Organisation.objects.get(name="Member 00001 AS")
    PersonFactory(organisation=organisation, user=contact)
    client = Client()
    client.force_login(contact)
    url = reverse("members:directory", args=["cluster-a"])
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(url, {"q": "topic 1"})
    assert response.status_code == 200
    assert "1000 organisations" in response.content.decode()


def test_api_directory_queries_are_bounded(
    big_cluster: Any, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(big_cluster.officer)
    with django_assert_max_num_queries(7):
        response = client.get(
            "/api/v1/clusters/cluster-a/members",
            {"status": "all", "sort": "size", "page": 2, "page_size": 200},
        )
    body = response.json()
    assert (body["count"], body["pages"], len(body["items"])) == (SIZE, 25, 200)
    assert body["items"][0]["membership"]["annual_fee"] is not None
