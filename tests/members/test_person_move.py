"""Moving a person to another organisation: who may, what can be chosen, errors that keep data."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.core.models import AuditEntry
from klynge.members.models import Person
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory


def as_user(user: Any) -> Client:
    client = Client()
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    return client


@pytest.fixture
def kari(member_cast: Any) -> Person:
    return PersonFactory(
        organisation=member_cast.org_a, full_name="Kari Nordmann", email="kari@a.no"
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff_a", 200),
        ("manager_a", 200),
        ("superuser", 200),
        ("officer", 403),
        ("contact_a", 403),
        ("contact_b", 403),
        ("staff_b", 403),
        ("anonymous", 302),
    ],
)
def test_who_may_open_the_move_page(member_cast: Any, kari: Person, role: str, status: int) -> None:
    url = reverse("members:person_move", args=[kari.pk])
    assert as_user(member_cast.user(role)).get(url).status_code == status
    page = as_user(member_cast.user(role)).get(kari.get_absolute_url())
    if page.status_code == 200:
        assert ('data-testid="move-link"' in page.content.decode()) == (status == 200)


def test_search_lists_only_organisations_one_may_add_people_to(
    member_cast: Any, kari: Person
) -> None:
    elsewhere = OrganisationFactory(name="Org Bergen AS")
    MembershipFactory(cluster=member_cast.cluster_b, organisation=elsewhere)
    url = reverse("members:person_move", args=[kari.pk])
    page = as_user(member_cast.staff_a).get(url, {"q": "Org"})
    names = [o.name for o in page.context["candidates"]]
    assert names == ["Org B AS"]  # not the current one, not cluster B's member
    empty = as_user(member_cast.staff_a).get(url, {"q": "Bergen"})
    assert 'data-testid="no-candidates"' in empty.content.decode()


def test_move_changes_the_employer_and_is_audited(member_cast: Any, kari: Person) -> None:
    url = reverse("members:person_move", args=[kari.pk])
    response = as_user(member_cast.staff_a).post(url, {"organisation": member_cast.org_b.pk})
    assert response.status_code == 302 and response.url == kari.get_absolute_url()
    kari.refresh_from_db()
    assert kari.organisation_id == member_cast.org_b.pk
    entry = AuditEntry.objects.get(action="klynge.members.person.moved")
    assert entry.data == {"from": member_cast.org_a.pk, "to": member_cast.org_b.pk}


@pytest.mark.parametrize("case", ["nothing chosen", "other cluster", "email taken"])
def test_refused_moves_say_why_and_change_nothing(
    member_cast: Any, kari: Person, case: str
) -> None:
    target: Any = member_cast.org_b
    if case == "other cluster":
        target = OrganisationFactory(name="Org Bergen AS")
        MembershipFactory(cluster=member_cast.cluster_b, organisation=target)
    if case == "email taken":
        PersonFactory(organisation=member_cast.org_b, email="KARI@a.no")
    data = {} if case == "nothing chosen" else {"organisation": target.pk}
    url = reverse("members:person_move", args=[kari.pk])
    response = as_user(member_cast.staff_a).post(url, data)
    assert response.status_code == 422
    assert response.context["error"]
    assert 'data-testid="move-error"' in response.content.decode()
    kari.refresh_from_db()
    assert kari.organisation_id == member_cast.org_a.pk
    assert not AuditEntry.objects.filter(action="klynge.members.person.moved").exists()


def test_anonymised_people_cannot_be_moved(member_cast: Any, kari: Person) -> None:
    Person.objects.filter(pk=kari.pk).update(anonymised_at=timezone.now())
    url = reverse("members:person_move", args=[kari.pk])
    response = as_user(member_cast.staff_a).post(url, {"organisation": member_cast.org_b.pk})
    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.organisation_id == member_cast.org_a.pk


def test_search_costs_the_same_for_many_candidates(
    member_cast: Any, kari: Person, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        MembershipFactory(
            cluster=member_cast.cluster_a, organisation=OrganisationFactory(name=f"Org {n:02} AS")
        )
    url = reverse("members:person_move", args=[kari.pk])
    client = as_user(member_cast.staff_a)
    with django_assert_max_num_queries(12):
        page = client.get(url, {"q": "Org"})
    assert len(page.context["candidates"]) == 20


def test_a_move_in_the_admin_is_the_same_move(
    member_cast: Any, kari: Person, frozen_clock: Any
) -> None:
    """The Django admin moves a person through person_move: the date restarts, the move is audited."""
    Person.objects.filter(pk=kari.pk).update(organisation_since=datetime.date(2020, 1, 1))
    target = OrganisationFactory(name="Org C AS")
    fields = {
        "full_name": kari.full_name,
        "email": kari.email,
        "phone": "",
        "title": "Engineer",
        "organisation": target.pk,
        "organisation_since": "2020-01-01",
        "language": kari.language,
        "user": "",
        "consent_directory_at_0": "",
        "consent_directory_at_1": "",
        "consent_newsletter_at_0": "",
        "consent_newsletter_at_1": "",
        "anonymised_at_0": "",
        "anonymised_at_1": "",
    }
    response = as_user(member_cast.superuser).post(
        reverse("admin:members_person_change", args=[kari.pk]), fields
    )
    assert response.status_code == 302, response.content[:2000]
    kari.refresh_from_db()
    assert (kari.organisation_id, kari.title) == (target.pk, "Engineer")
    assert kari.organisation_since == timezone.localdate()
    assert AuditEntry.objects.filter(
        action="klynge.members.person.moved", target_id=str(kari.pk)
    ).exists()
