"""Issue 12, item 1: who may act on a guest (a person without an organisation) and on the people of
an organisation a cluster has left.

A guest belongs to the clusters whose events, courses or B2B sessions they registered for; a
cluster whose membership has ended keeps only the people who were at the organisation while it
was a member. On the old rules any cluster's manager could export and anonymise a guest and any
team member edit and move them; these tables fail there.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from klynge.members import permissions as p
from klynge.members.guests import guest_cluster_ids, registered_sources
from klynge.members.models import Person
from klynge.members.roles import person_cluster_ids
from klynge.members.services.people import person_move
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.matchmaking import ParticipantFactory
from tests.factories.matchmaking import SessionFactory as B2BSessionFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.http import client_as as client_for

TODAY = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)

ROLES = [
    "anonymous",
    "contact_a",
    "contact_b",
    "staff_a",
    "staff_b",
    "manager_a",
    "manager_b",
    "officer",
    "superuser",
]

# A guest registered in cluster A: predicate -> roles allowed.
GUEST_OF_A: dict[Any, set[str]] = {
    p.can_view_person: {"staff_a", "manager_a", "officer", "superuser"},
    p.can_edit_person: {"staff_a", "manager_a", "superuser"},
    p.can_move_person: {"staff_a", "manager_a", "superuser"},
    p.can_view_person_deliveries: {"staff_a", "manager_a", "superuser"},
    p.can_manage_personal_data: {"manager_a", "superuser"},
}

# A guest registered nowhere belongs to no cluster.
GUEST_OF_NONE: dict[Any, set[str]] = {
    p.can_view_person: {"officer", "superuser"},
    p.can_edit_person: {"superuser"},
    p.can_move_person: {"superuser"},
    p.can_view_person_deliveries: {"superuser"},
    p.can_manage_personal_data: {"superuser"},
}


@pytest.fixture(autouse=True)
def _fixed_day() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def guest_cast(member_cast: Any) -> Any:
    """The member cast plus a manager of cluster B."""
    member_cast.manager_b = UserFactory(email="manager-b@example.org")
    ClusterRoleFactory(user=member_cast.manager_b, cluster=member_cast.cluster_b, role="manager")
    return member_cast


def _register(source: str, person: Person, cluster: Any) -> None:
    if source == "event":
        RegistrationFactory(event=EventFactory(cluster=cluster), person=person, organisation=None)
    elif source == "course":
        EnrolmentFactory(course=CourseFactory(cluster=cluster), person=person, organisation=None)
    else:
        session = B2BSessionFactory(event=EventFactory(cluster=cluster))
        ParticipantFactory(session=session, person=person, organisation=None)


def guest_of(cluster: Any, source: str = "event") -> Person:
    person = PersonFactory(organisation=None, full_name="Gina Guest", email="gina@example.org")
    _register(source, person, cluster)
    return Person.objects.get(pk=person.pk)


def test_events_courses_and_b2b_sessions_register_their_selectors() -> None:
    assert {"events", "learning", "matchmaking"} <= set(registered_sources())


@pytest.mark.parametrize("source", ["event", "course", "b2b"])
def test_a_guest_belongs_to_the_clusters_they_registered_in(
    guest_cast: Any, source: str, django_assert_num_queries: Any
) -> None:
    person = guest_of(guest_cast.cluster_a, source)
    with django_assert_num_queries(1):  # every app's selector in one query
        assert guest_cluster_ids(person) == {guest_cast.cluster_a.pk}
        assert person_cluster_ids(person) == {guest_cast.cluster_a.pk}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("source", ["event", "course", "b2b"])
@pytest.mark.parametrize("predicate", list(GUEST_OF_A), ids=lambda f: f.__name__)
def test_guest_of_cluster_a_table(guest_cast: Any, predicate: Any, source: str, role: str) -> None:
    person = guest_of(guest_cast.cluster_a, source)
    assert predicate(guest_cast.user(role), person) is (role in GUEST_OF_A[predicate])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", list(GUEST_OF_NONE), ids=lambda f: f.__name__)
def test_guest_registered_nowhere_table(guest_cast: Any, predicate: Any, role: str) -> None:
    person = PersonFactory(organisation=None)
    assert predicate(guest_cast.user(role), person) is (role in GUEST_OF_NONE[predicate])


def test_a_guest_of_both_clusters_is_reachable_by_both(guest_cast: Any) -> None:
    person = guest_of(guest_cast.cluster_a)
    _register("course", person, guest_cast.cluster_b)
    person = Person.objects.get(pk=person.pk)
    assert p.can_manage_personal_data(guest_cast.manager_b, person)
    assert p.can_edit_person(guest_cast.staff_b, person)


# --- web and API: another cluster's manager cannot take over cluster A's guest -------------------


def _api(client: Client, action: str, person: Person, target: int) -> Any:
    base = f"/api/v1/people/{person.pk}"
    body = "application/json"
    if action == "export":
        return client.get(f"{base}/export")
    if action == "patch":
        return client.patch(base, json.dumps({"email": "taken@evil.example"}), content_type=body)
    if action == "move":
        return client.post(f"{base}/move", json.dumps({"organisation": target}), content_type=body)
    return client.post(f"{base}/anonymise")


API_ALLOWED = {
    "export": {"manager_a", "superuser"},
    "patch": {"staff_a", "manager_a", "superuser"},
    "move": {"staff_a", "manager_a", "superuser"},
    "anonymise": {"manager_a", "superuser"},
}


@pytest.mark.parametrize("role", ["staff_a", "manager_a", "staff_b", "manager_b", "contact_b"])
@pytest.mark.parametrize("action", list(API_ALLOWED))
def test_guest_api_table(
    guest_cast: Any, action: str, role: str, django_capture_on_commit_callbacks: Any
) -> None:
    person = guest_of(guest_cast.cluster_a)
    # A target every team may add people to: a member of both clusters.
    target = OrganisationFactory(name="Shared AS")
    MembershipFactory(cluster=guest_cast.cluster_a, organisation=target)
    MembershipFactory(cluster=guest_cast.cluster_b, organisation=target)
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(client_for(guest_cast, role), action, person, target.pk)
    allowed = role in API_ALLOWED[action]
    if allowed:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code in {403, 404}, response.content
    person.refresh_from_db()
    changed = {
        "patch": person.email == "taken@evil.example",
        "move": person.organisation_id == target.pk,
        "anonymise": person.anonymised_at is not None,
    }
    if action in changed:
        assert changed[action] is allowed


WEB = {
    "person": {"staff_a", "manager_a", "officer", "superuser"},
    "person_edit": {"staff_a", "manager_a", "superuser"},
    "person_move": {"staff_a", "manager_a", "superuser"},
    "person_export": {"manager_a", "superuser"},
    "person_anonymise": {"manager_a", "superuser"},
}


@pytest.mark.parametrize("role", ["staff_a", "manager_a", "staff_b", "manager_b", "officer"])
@pytest.mark.parametrize("name", list(WEB))
def test_guest_web_table(guest_cast: Any, name: str, role: str) -> None:
    person = guest_of(guest_cast.cluster_a)
    response = client_for(guest_cast, role).get(reverse(f"members:{name}", args=[person.pk]))
    if role in WEB[name]:
        assert response.status_code == 200
    else:
        assert response.status_code in {403, 404}


def test_anonymising_by_another_clusters_manager_changes_nothing(guest_cast: Any) -> None:
    person = guest_of(guest_cast.cluster_a)
    url = reverse("members:person_anonymise", args=[person.pk])
    response = client_for(guest_cast, "manager_b").post(url, {"confirm": "1"})
    assert response.status_code in {403, 404}
    person.refresh_from_db()
    assert person.anonymised_at is None and person.full_name == "Gina Guest"


# --- a cluster whose membership has ended ---------------------------------------------------------


@pytest.fixture
def left_b(guest_cast: Any) -> Any:
    """Org A was a member of cluster B until 1 January 2025 and is still a member of cluster A."""
    MembershipFactory(
        cluster=guest_cast.cluster_b,
        organisation=guest_cast.org_a,
        joined_on=datetime.date(2018, 1, 1),
        left_on=datetime.date(2025, 1, 1),
    )
    return guest_cast


ENDED = {
    # predicate -> (allowed for staff_b/manager_b on a person there before, on one added after)
    p.can_view_person: (True, False),
    p.can_edit_person: (True, False),
    p.can_move_person: (True, False),
    p.can_view_person_deliveries: (True, False),
    p.can_manage_personal_data: (True, False),
}


@pytest.mark.parametrize("predicate", list(ENDED), ids=lambda f: f.__name__)
def test_an_ended_cluster_keeps_only_the_people_from_its_time(left_b: Any, predicate: Any) -> None:
    before = PersonFactory(organisation=left_b.org_a, organisation_since=datetime.date(2020, 5, 1))
    after = PersonFactory(organisation=left_b.org_a, organisation_since=datetime.date(2025, 6, 1))
    user = left_b.manager_b if predicate is p.can_manage_personal_data else left_b.staff_b
    assert (predicate(user, before), predicate(user, after)) == ENDED[predicate]
    # Cluster A, a member now, reaches both.
    assert predicate(left_b.manager_a, before) and predicate(left_b.manager_a, after)


def test_people_added_today_are_out_of_reach_of_an_ended_cluster(left_b: Any) -> None:
    added = PersonFactory(organisation=left_b.org_a)
    assert added.organisation_since == TODAY.date()
    assert not p.can_edit_person(left_b.staff_b, added)


def test_an_ended_cluster_may_no_longer_edit_the_organisation_or_add_people(left_b: Any) -> None:
    assert not p.can_edit_organisation(left_b.staff_b, left_b.org_a)
    assert not p.can_add_person(left_b.staff_b, left_b.org_a)
    assert p.can_view_organisation(left_b.staff_b, left_b.org_a)  # its history stays readable
    assert p.can_edit_organisation(left_b.staff_a, left_b.org_a)


def test_a_membership_starting_later_already_lets_the_team_prepare(guest_cast: Any) -> None:
    joining = OrganisationFactory(name="Joining AS")
    MembershipFactory(
        cluster=guest_cast.cluster_b, organisation=joining, joined_on=datetime.date(2026, 9, 1)
    )
    assert p.can_add_person(guest_cast.staff_b, joining)


def test_the_people_list_agrees_with_can_view_person_for_an_ended_cluster(left_b: Any) -> None:
    PersonFactory(organisation=left_b.org_a, organisation_since=datetime.date(2020, 5, 1))
    PersonFactory(organisation=left_b.org_a, organisation_since=datetime.date(2025, 6, 1))
    PersonFactory(organisation=left_b.org_a, organisation_since=None)
    people = Person.objects.filter(organisation=left_b.org_a)
    for role in ROLES:
        user = left_b.user(role)
        expected = {x.pk for x in people if p.can_view_person(user, x)}
        found = set(
            people.filter(p.people_visible_q(user, left_b.org_a)).values_list("pk", flat=True)
        )
        assert found == expected, role


def test_moving_a_person_restarts_their_time_at_the_organisation(left_b: Any) -> None:
    person = PersonFactory(organisation=left_b.org_b, organisation_since=datetime.date(2019, 1, 1))
    person_move(actor=left_b.staff_a, person=person, organisation=left_b.org_a)
    person = Person.objects.select_related("organisation").get(pk=person.pk)
    assert person.organisation_since == TODAY.date()
    assert not p.can_edit_person(left_b.staff_b, person)


@pytest.mark.parametrize(("role", "allowed"), [("manager_b", False), ("manager_a", True)])
def test_api_export_of_a_person_added_after_the_cluster_left(
    left_b: Any, role: str, allowed: bool
) -> None:
    person = PersonFactory(organisation=left_b.org_a, organisation_since=datetime.date(2025, 6, 1))
    response = client_for(left_b, role).get(f"/api/v1/people/{person.pk}/export")
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code in {403, 404}


def test_the_data_migration_dates_people_from_their_creation_or_last_move(
    guest_cast: Any,
) -> None:
    import importlib

    from django.apps import apps

    from klynge.core.audit import log_action

    migration = importlib.import_module("klynge.members.migrations.0004_person_organisation_since")
    stayed = PersonFactory(organisation=guest_cast.org_a)
    moved = PersonFactory(organisation=guest_cast.org_a)
    Person.objects.filter(pk__in=[stayed.pk, moved.pk]).update(
        created_at=datetime.datetime(2019, 4, 5, 10, 0, tzinfo=datetime.UTC),
        organisation_since=None,
    )
    with time_machine.travel(datetime.datetime(2023, 8, 9, 10, 0, tzinfo=datetime.UTC)):
        log_action(actor=None, action="klynge.members.person.moved", target=moved, data={})
    migration.set_from_history(apps, None)
    since = dict(Person.objects.values_list("pk", "organisation_since"))
    assert since[stayed.pk] == datetime.date(2019, 4, 5)
    assert since[moved.pk] == datetime.date(2023, 8, 9)
