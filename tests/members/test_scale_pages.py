"""Member pages at a size that shows growth (issue 15): query bounds that hold whatever the size,
on SQLite and PostgreSQL, and the cached composition staying correct after writes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.members.models import Membership, Organisation
from klynge.members.services.memberships import membership_start
from tests.factories.members import OrganisationFactory, _valid_org_number
from tests.http import client_for

pytestmark = pytest.mark.django_db

SIZE = 600
D = datetime.date


@pytest.fixture
def many(cast: Any) -> Any:
    """SIZE organisations in cluster A, joined over 25 years, one in ten gone, some rejoined."""
    kinds = [choice for choice, _label in Organisation.Kind.choices]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Scale {i:04d} AS",
            org_number=_valid_org_number(i * 7 + 2_000_000),
            kind=kinds[i % len(kinds)],
            employees=i % 300,
            county=["Oslo", "Vestland", "Troms"][i % 3],
            municipality_number=["0301", "4601", "5501"][i % 3],
            nace_codes=["62.010"],
            nace_primary=["62.010", "35.140", ""][i % 3],
        )
        for i in range(SIZE)
    )
    periods = []
    for i, organisation in enumerate(organisations):
        joined = D(1995 + i % 25, 1 + i % 12, 1)
        if i % 10 == 0:
            periods.append((organisation, joined, D(2024, 1, 1)))
            periods.append((organisation, D(2024, 6, 1), None))
        else:
            periods.append((organisation, joined, D(2023, 3, 1) if i % 7 == 0 else None))
    Membership.objects.bulk_create(
        Membership(cluster=cast.cluster_a, organisation=o, joined_on=j, left_on=left)
        for o, j, left in periods
    )
    return cast


def _membership_reads(captured: Any) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "members_membership" in q["sql"]]


def test_composition_page_queries_do_not_grow(
    many: Any, django_assert_max_num_queries: Any
) -> None:
    """Layout (session user, scope, role clusters), cluster and its topics, then one read of the
    active members and one of the periods, however many members and years."""
    client = client_for(many.staff_a)
    url = reverse("members:composition", args=["cluster-a"])
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    today = datetime.date.today()
    active = Membership.objects.filter(cluster=many.cluster_a, joined_on__lte=today).exclude(
        left_on__lte=today
    )
    assert response.context["result"].total == active.count() > SIZE // 2


def test_composition_is_served_from_the_cache_until_a_membership_changes(
    many: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from klynge.members.selectors.composition import composition_get

    first = composition_get(cluster=many.cluster_a, as_of=D(2025, 6, 30))
    with CaptureQueriesContext(connection) as captured:
        again = composition_get(cluster=many.cluster_a, as_of=D(2025, 6, 30))
    assert again == first and _membership_reads(captured) == []

    newcomer = OrganisationFactory(name="Newcomer AS")
    with django_capture_on_commit_callbacks(execute=True):
        membership_start(
            actor=many.manager_a,
            cluster=many.cluster_a,
            organisation=newcomer,
            category="member",
            joined_on=D(2025, 1, 1),
        )
    after = composition_get(cluster=many.cluster_a, as_of=D(2025, 6, 30))
    assert after.total == first.total + 1
    assert after.years[-1].joined == first.years[-1].joined + 1


def test_composition_years_match_a_count_per_year(many: Any) -> None:
    """The year rows (counted from ranges of years) against the definition, day by day."""
    from klynge.members.selectors.composition import composition_get

    as_of = D(2025, 6, 30)
    periods = list(
        Membership.objects.filter(cluster=many.cluster_a).values_list("joined_on", "left_on")
    )

    def active(day: datetime.date) -> int:
        return sum(1 for j, left in periods if j <= day and (left is None or left > day))

    result = composition_get(cluster=many.cluster_a, as_of=as_of)
    assert result.years[0].year == 1995
    for row in result.years:
        start, end = D(row.year, 1, 1), min(D(row.year, 12, 31), as_of)
        assert row.members_at_start == active(start)
        assert row.members_at_end == active(end)
        assert row.joined == sum(1 for j, _left in periods if start <= j <= end)
        assert row.left == sum(1 for _j, left in periods if left and start <= left <= end)
        assert row.retained == sum(
            1
            for j, left in periods
            if j <= start and (left is None or left > start) and (left is None or left > end)
        )
    assert result.total == active(as_of)


def test_person_page_queries_do_not_grow_with_the_organisations_history(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    """Layout (session user, scope, role clusters, the last also the clusters to invite to), the
    person with their organisation's periods, invitations, and one query per section (events,
    mails, courses): 8, however many clusters and periods the organisation has."""
    from tests.factories.clusters import ClusterFactory
    from tests.factories.members import MembershipFactory, PersonFactory

    organisation = OrganisationFactory(name="Everywhere AS")
    MembershipFactory(cluster=cast.cluster_a, organisation=organisation, joined_on=D(2010, 1, 1))
    for i in range(25):
        cluster = ClusterFactory(slug=f"elsewhere-{i}")
        MembershipFactory(
            cluster=cluster,
            organisation=organisation,
            joined_on=D(2001, 1, 1),
            left_on=D(2005, 1, 1),
        )
        MembershipFactory(cluster=cluster, organisation=organisation, joined_on=D(2010, 1, 1))
    person = PersonFactory(organisation=organisation, user=None)
    client = client_for(cast.manager_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("members:person", args=[person.pk]))
    assert response.status_code == 200
    invite = response.context["invite_form"]  # to the manager's cluster, the one it may invite to
    assert invite.fields["cluster"].initial == cast.cluster_a.pk


@pytest.mark.parametrize(
    "role", ["manager_a", "staff_b", "contact_a", "contact_b", "officer", "superuser", "anonymous"]
)
def test_visible_organisation_count_is_the_count_of_the_list(member_cast: Any, role: str) -> None:
    from tests.factories.members import MembershipFactory

    gone = OrganisationFactory(name="Gone AS")
    MembershipFactory(
        cluster=member_cast.cluster_a,
        organisation=gone,
        joined_on=D(2001, 1, 1),
        left_on=D(2002, 1, 1),
    )
    MembershipFactory(cluster=member_cast.cluster_b, organisation=member_cast.org_a)
    user = member_cast.user(role)
    from klynge.members.selectors.organisations import (
        organisation_count_visible,
        organisation_list_visible,
    )

    for search in ("", "gone"):
        listed = organisation_list_visible(user=user, search=search).count()
        assert organisation_count_visible(user=user, search=search) == listed


def test_api_organisations_count_reads_no_organisation_rows(
    many: Any, django_assert_max_num_queries: Any
) -> None:
    """The API list counts from the memberships (an index), then reads one page and its topics."""
    client = client_for(many.manager_a)
    with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(6):
        body = client.get("/api/v1/organisations", {"page_size": 50}).json()
    assert body["count"] == SIZE and len(body["items"]) == 50
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all('FROM "members_organisation"' not in sql for sql in counts)
