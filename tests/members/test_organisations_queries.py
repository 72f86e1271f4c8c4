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
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count('<li><a href="/people/') == 13
