"""The organisation page reads a bounded number of queries, however many people and memberships."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.clusters import ClusterFactory, TopicFactory
from tests.factories.members import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_organisation_page_queries_do_not_grow_with_people_or_memberships(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    organisation = member_cast.org_a
    url = reverse("members:organisation", args=[organisation.pk])
    for i in range(25):
        PersonFactory(organisation=organisation, consent_directory=i % 2 == 0)
    for i in range(8):
        MembershipFactory(
            cluster=ClusterFactory(slug=f"extra-{i}"),
            organisation=organisation,
            left_on=D(2020, 1, 1),
        )
    organisation.topics.add(TopicFactory(), TopicFactory())
    client = Client()
    client.force_login(member_cast.contact_b)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('<li><a href="/people/') == 13


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "staff_a",
        "staff_b",
        "manager_a",
        "officer",
        "superuser",
        "contact_a",
        "contact_b",
    ],
)
def test_people_visible_q_is_can_view_person_as_a_query(member_cast: Any, role: str) -> None:
    from klynge.members.models import Person
    from klynge.members.permissions import can_view_person, people_visible_q

    organisation = member_cast.org_a
    PersonFactory(organisation=organisation, consent_directory=True)
    PersonFactory(organisation=organisation, consent_directory=False)
    user = member_cast.user(role)
    people = Person.objects.filter(organisation=organisation)
    expected = {p.pk for p in people if can_view_person(user, p)}
    assert (
        set(people.filter(people_visible_q(user, organisation)).values_list("pk", flat=True))
        == expected
    )


def test_organisation_page_lists_people_a_page_at_a_time(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    organisation = member_cast.org_a
    for i in range(60):
        PersonFactory(organisation=organisation, full_name=f"Person {i:02d}")
    client = Client()
    client.force_login(member_cast.staff_a)
    url = reverse("members:organisation", args=[organisation.pk])
    client.get(url)
    with django_assert_max_num_queries(8):
        response = client.get(url, {"page": 2})
    html = response.content.decode()
    assert "Person 24" in html and "Person 23" not in html and "Page 2 of 3" in html
