"""The member-contact home (my/organisation/) and the people list selector's visibility rule."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.members.permissions import can_view_person
from klynge.members.selectors.people import person_list_for_organisation
from klynge.members.services.personal_data import person_anonymise
from tests.factories.clusters import ClusterFactory
from tests.factories.members import MembershipFactory, PersonFactory

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


def test_anonymous_is_sent_to_login(member_cast: Any) -> None:
    response = Client().get(reverse("members:my_organisation"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_non_contact_gets_a_helpful_empty_state(member_cast: Any) -> None:
    client = Client()
    client.force_login(member_cast.staff_a)
    response = client.get(reverse("members:my_organisation"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="not-a-contact"' in body
    assert "invitation" in body


def test_contact_sees_organisation_memberships_and_colleagues(member_cast: Any) -> None:
    older = ClusterFactory(name="Old Cluster")
    MembershipFactory(
        organisation=member_cast.org_a,
        cluster=older,
        joined_on=datetime.date(2010, 1, 1),
        left_on=datetime.date(2012, 6, 30),
    )
    colleague = PersonFactory(organisation=member_cast.org_a, full_name="Colleague Without Consent")
    gone = PersonFactory(organisation=member_cast.org_a, full_name="Soon Gone")
    person_anonymise(actor=member_cast.manager_a, person=gone)
    PersonFactory(organisation=member_cast.org_b, full_name="Someone Elsewhere")
    client = Client()
    client.force_login(member_cast.contact_a)
    response = client.get(reverse("members:my_organisation"))
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["organisation"] == member_cast.org_a
    clusters = [m.cluster.name for m in response.context["home"].memberships]
    assert clusters == ["Cluster A", "Old Cluster"]
    assert [m.is_current for m in response.context["home"].memberships] == [True, False]
    names = {p.full_name for p in response.context["page"].object_list}
    assert names == {member_cast.contact_a.person.full_name, "Colleague Without Consent"}
    assert "Someone Elsewhere" not in body and "Anonymised person" not in body
    assert reverse("members:person_edit", args=[colleague.pk]) in body
    assert reverse("members:person_create", args=[member_cast.org_a.pk]) in body
    assert "Member" in body  # category


def test_contact_home_links_to_organisation_edit(member_cast: Any) -> None:
    url = reverse("members:organisation_edit", args=[member_cast.org_a.pk])
    client = Client()
    client.force_login(member_cast.contact_a)
    assert url in client.get(reverse("members:my_organisation")).content.decode()


def test_contact_home_query_count_is_bounded(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    for index in range(40):
        PersonFactory(organisation=member_cast.org_a, full_name=f"Colleague {index:02d}")
    client = Client()
    client.force_login(member_cast.contact_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("members:my_organisation"))
    assert len(response.context["page"].object_list) == 25


@pytest.mark.parametrize("role", ROLES)
def test_people_list_agrees_with_can_view_person(member_cast: Any, role: str) -> None:
    """The list selector applies the same rule as the predicate, for every role."""
    people = [
        PersonFactory(organisation=member_cast.org_a, consent_directory=True),
        PersonFactory(organisation=member_cast.org_a, consent_directory=False),
        member_cast.contact_a.person,
    ]
    user = member_cast.user(role)
    listed = set(person_list_for_organisation(organisation=member_cast.org_a, viewer=user))
    expected = {person for person in people if can_view_person(user, person)}
    assert listed == expected
    if role == "contact_b":
        assert listed == {people[0]}


def test_people_list_search(member_cast: Any) -> None:
    PersonFactory(organisation=member_cast.org_a, full_name="Kari Nordmann", title="CTO")
    PersonFactory(organisation=member_cast.org_a, full_name="Ola Hansen", email="ola@firma.no")
    found = person_list_for_organisation(
        organisation=member_cast.org_a, viewer=member_cast.staff_a, search="firma"
    )
    assert [p.full_name for p in found] == ["Ola Hansen"]
    found = person_list_for_organisation(
        organisation=member_cast.org_a, viewer=member_cast.staff_a, search="cto"
    )
    assert [p.full_name for p in found] == ["Kari Nordmann"]
