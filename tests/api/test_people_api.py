"""People API: role-by-action table, the consent rule, whole bodies, validation, pagination."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from klynge.core.models import AuditEntry
from klynge.members.models import Invitation, Person
from tests.factories.members import PersonFactory
from tests.http import client_as as api

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
VIEW = {"contact_a", "staff_a", "manager_a", "officer", "superuser"}
EDIT = {"contact_a", "staff_a", "manager_a", "superuser"}
MANAGE = {"manager_a", "superuser"}
TEAM = {"staff_a", "manager_a", "superuser"}

# action -> (consent of the org A person, allowed roles, success status)
TABLE: dict[str, tuple[bool, set[str], int]] = {
    "get_consented": (True, VIEW | {"contact_b"}, 200),
    "get": (False, VIEW, 200),
    "patch": (False, EDIT, 200),
    "export": (False, MANAGE, 200),
    "anonymise": (False, MANAGE, 200),
    "invite": (True, MANAGE, 201),
    "list": (False, VIEW | {"contact_b"}, 200),
    "create": (False, EDIT, 201),
    "move": (False, TEAM, 200),
}


def _call(client: Client, action: str, person: Person) -> Any:
    base = f"/api/v1/people/{person.pk}"
    org = f"/api/v1/organisations/{person.organisation_id}/people"
    body = "application/json"
    if action in {"get", "get_consented"}:
        return client.get(base)
    if action == "patch":
        return client.patch(base, json.dumps({"title": "Chief"}), content_type=body)
    if action == "export":
        return client.get(f"{base}/export")
    if action == "anonymise":
        return client.post(f"{base}/anonymise")
    if action == "invite":
        return client.post(
            f"{base}/invitations", json.dumps({"cluster": "cluster-a"}), content_type=body
        )
    if action == "list":
        return client.get(org)
    if action == "move":
        target = Person.objects.get(full_name="Contact B").organisation_id
        return client.post(f"{base}/move", json.dumps({"organisation": target}), content_type=body)
    return client.post(org, json.dumps({"full_name": "New Person"}), content_type=body)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(TABLE))
def test_people_api_role_table(
    member_cast: Any, action: str, role: str, django_capture_on_commit_callbacks: Any
) -> None:
    consent, allowed, success = TABLE[action]
    person = PersonFactory(organisation=member_cast.org_a, consent_directory=consent)
    with django_capture_on_commit_callbacks(execute=True):
        response = _call(api(member_cast, role), action, person)
    if role == "anonymous":
        assert response.status_code == 401
    elif role in allowed:
        assert response.status_code == success, response.content
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    person.refresh_from_db()
    changed = {
        "patch": person.title == "Chief",
        "anonymise": person.anonymised_at is not None,
        "invite": Invitation.objects.filter(person=person).exists(),
        "create": Person.objects.filter(full_name="New Person").exists(),
        "move": person.organisation_id == member_cast.org_b.pk,
    }
    if action in changed:
        assert changed[action] is (role in allowed)
    if action == "invite":
        assert len(mail.outbox) == (1 if role in allowed else 0)


def test_whole_body_for_the_team_and_for_another_member_contact(member_cast: Any) -> None:
    person = PersonFactory(
        organisation=member_cast.org_a,
        full_name="Kari Nordmann",
        email="kari@example.org",
        phone="+47 900 00 000",
        title="CTO",
        consent_directory=True,
    )
    public = {
        "id": person.pk,
        "full_name": "Kari Nordmann",
        "title": "CTO",
        "email": "kari@example.org",
        "phone": "+47 900 00 000",
        "organisation": {"id": member_cast.org_a.pk, "name": "Org A AS"},
        "url": f"/people/{person.pk}/",
        "anonymised": False,
        "anonymised_at": None,
    }
    assert api(member_cast, "staff_a").get(f"/api/v1/people/{person.pk}").json() == {
        **public,
        "language": "en",
        "consent_directory": True,
        "consent_directory_at": None,
        "consent_newsletter": False,
        "consent_newsletter_at": None,
        "has_login": False,
    }
    assert api(member_cast, "contact_b").get(f"/api/v1/people/{person.pk}").json() == {
        **public,
        "language": None,
        "consent_directory": None,
        "consent_directory_at": None,
        "consent_newsletter": None,
        "consent_newsletter_at": None,
        "has_login": None,
    }


def test_consent_rule_in_the_list(member_cast: Any) -> None:
    visible = PersonFactory(organisation=member_cast.org_a, consent_directory=True)
    PersonFactory(organisation=member_cast.org_a, consent_directory=False)
    body = api(member_cast, "contact_b").get(f"/api/v1/organisations/{member_cast.org_a.pk}/people")
    assert body.json()["count"] == 1
    assert [p["id"] for p in body.json()["items"]] == [visible.pk]
    assert body.json()["items"][0]["consent_directory"] is None
    own = api(member_cast, "contact_a").get(f"/api/v1/organisations/{member_cast.org_a.pk}/people")
    assert own.json()["count"] == 3  # contact_a's own person and both colleagues


def test_list_is_paginated_with_bounded_queries(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    for index in range(30):
        PersonFactory(organisation=member_cast.org_a, full_name=f"Person {index:02d}")
    client = api(member_cast, "staff_a")
    url = f"/api/v1/organisations/{member_cast.org_a.pk}/people?page=2&page_size=10"
    with django_assert_max_num_queries(8):
        body = client.get(url).json()
    assert (body["count"], body["page"], body["pages"]) == (31, 2, 4)
    assert [p["full_name"] for p in body["items"]][:2] == ["Person 09", "Person 10"]


def test_create_and_patch_validate_with_field_errors(member_cast: Any) -> None:
    client = api(member_cast, "contact_a")
    url = f"/api/v1/organisations/{member_cast.org_a.pk}/people"
    bad = client.post(
        url, json.dumps({"full_name": "X", "email": "nope"}), content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json() == {
        "detail": "Enter a valid email address.",
        "code": "invalid",
        "field": "email",
    }
    created = client.post(
        url,
        json.dumps({"full_name": "Ny Person", "consent_newsletter": True, "language": "en"}),
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["consent_newsletter"] is True and body["consent_newsletter_at"] is not None
    patched = client.patch(
        f"/api/v1/people/{body['id']}",
        json.dumps({"consent_newsletter": False}),
        content_type="application/json",
    )
    assert patched.json()["consent_newsletter_at"] is None
    assert patched.json()["language"] == "en"  # untouched fields stay
    blank = client.patch(
        f"/api/v1/people/{body['id']}",
        json.dumps({"full_name": " "}),
        content_type="application/json",
    )
    assert blank.status_code == 400 and blank.json()["field"] == "full_name"


def test_missing_objects_are_404(member_cast: Any) -> None:
    client = api(member_cast, "superuser")
    assert client.get("/api/v1/people/999999").status_code == 404
    assert client.get("/api/v1/organisations/999999/people").status_code == 404
    person = PersonFactory(organisation=member_cast.org_a)
    response = client.post(
        f"/api/v1/people/{person.pk}/invitations",
        json.dumps({"cluster": "no-such-cluster"}),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_export_and_anonymise_over_the_api(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a, full_name="Kari Nordmann")
    client = api(member_cast, "manager_a")
    export = client.get(f"/api/v1/people/{person.pk}/export").json()
    assert export["profile"]["full_name"] == "Kari Nordmann"
    assert export["organisation"]["name"] == "Org A AS"
    first = client.post(f"/api/v1/people/{person.pk}/anonymise").json()
    second = client.post(f"/api/v1/people/{person.pk}/anonymise").json()
    assert first == second
    assert first["full_name"] == f"Anonymised person #{person.pk}" and first["anonymised"]
    assert AuditEntry.objects.filter(action="klynge.members.person.anonymised").count() == 1
    # an anonymised person can no longer be changed
    refused = client.patch(
        f"/api/v1/people/{person.pk}", json.dumps({"title": "x"}), content_type="application/json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "anonymised"


def test_invite_over_the_api(member_cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a, email="kari@example.org")
    client = api(member_cast, "manager_a")
    url = f"/api/v1/people/{person.pk}/invitations"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, json.dumps({"cluster": "cluster-a"}), content_type="application/json"
        )
    assert response.status_code == 201
    body = response.json()
    assert (body["person"], body["cluster"], body["state"]) == (person.pk, "cluster-a", "open")
    assert body["invited_by"] == "manager-a@example.org"
    assert f"{settings.KLYNGE_BASE_URL}/invitations/" in mail.outbox[-1].body
    listed = client.get(url).json()
    assert [i["id"] for i in listed["items"]] == [body["id"]]
    assert api(member_cast, "contact_b").get(url).status_code == 403
    linked = member_cast.contact_a.person
    conflict = client.post(
        f"/api/v1/people/{linked.pk}/invitations",
        json.dumps({"cluster": "cluster-a"}),
        content_type="application/json",
    )
    assert conflict.status_code == 409 and conflict.json()["code"] == "has_login"


def test_move_refusals(member_cast: Any) -> None:
    from tests.factories.members import MembershipFactory, OrganisationFactory

    person = PersonFactory(organisation=member_cast.org_a, email="kari@a.no")
    client = api(member_cast, "staff_a")
    url = f"/api/v1/people/{person.pk}/move"
    other = OrganisationFactory(name="Bergen AS")
    MembershipFactory(cluster=member_cast.cluster_b, organisation=other)
    refused = client.post(
        url, json.dumps({"organisation": other.pk}), content_type="application/json"
    )
    assert refused.status_code == 403
    same = client.post(
        url, json.dumps({"organisation": member_cast.org_a.pk}), content_type="application/json"
    )
    assert same.status_code == 409 and same.json()["field"] == "organisation"
    missing = client.post(url, json.dumps({"organisation": 10**9}), content_type="application/json")
    assert missing.status_code == 404
    invalid = client.post(url, json.dumps({"organisation": "x"}), content_type="application/json")
    assert invalid.status_code == 422
    person.refresh_from_db()
    assert person.organisation_id == member_cast.org_a.pk
    assert not AuditEntry.objects.filter(action="klynge.members.person.moved").exists()
