"""Organisations, memberships and the directory over the API: whole bodies, status codes per role."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.core.models import AuditEntry
from klynge.members.models import Membership
from tests.factories.clusters import TopicFactory
from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db

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
TEAM_A = {"staff_a", "manager_a", "superuser"}
# (method, path template, body) -> roles that get the success status; others 403, anonymous 401
TABLE: list[tuple[str, str, dict | None, int, set[str]]] = [
    (
        "get",
        "/api/v1/clusters/cluster-a/members",
        None,
        200,
        {"contact_a", "contact_b", "staff_a", "manager_a", "officer", "superuser"},
    ),
    (
        "get",
        "/api/v1/organisations/{org_a}",
        None,
        200,
        {"contact_a", "contact_b", "staff_a", "manager_a", "officer", "superuser"},
    ),
    (
        "patch",
        "/api/v1/organisations/{org_a}",
        {"city": "Halden"},
        200,
        {"contact_a", "staff_a", "manager_a", "superuser"},
    ),
    (
        "get",
        "/api/v1/organisations/{org_a}/memberships",
        None,
        200,
        {"contact_a", "contact_b", "staff_a", "manager_a", "officer", "superuser"},
    ),
    (
        "post",
        "/api/v1/organisations",
        {"name": "Fresh AS"},
        201,
        {"staff_a", "staff_b", "manager_a", "superuser"},
    ),
    (
        "post",
        "/api/v1/clusters/cluster-a/memberships",
        {"organisation_id": "{outsider}", "joined_on": "2024-01-01"},
        201,
        TEAM_A,
    ),
    ("patch", "/api/v1/memberships/{membership_a}", {"notes": "checked"}, 200, TEAM_A),
    ("post", "/api/v1/memberships/{membership_a}/end", {"left_on": "2024-06-30"}, 200, TEAM_A),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "body", "success", "allowed"),
    TABLE,
    ids=[f"{row[0]} {row[1]}" for row in TABLE],
)
def test_status_per_role(
    member_cast: Any,
    role: str,
    method: str,
    path: str,
    body: dict | None,
    success: int,
    allowed: set[str],
) -> None:
    ids = {
        "org_a": member_cast.org_a.pk,
        "membership_a": member_cast.org_a.memberships.get().pk,
        "outsider": OrganisationFactory(name="Outsider AS").pk,
    }
    url = path.format(**ids)
    if body and body.get("organisation_id") == "{outsider}":
        body = body | {"organisation_id": ids["outsider"]}
    client = client_for(member_cast.user(role))
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, body, content_type="application/json")
    expected = 401 if role == "anonymous" else success if role in allowed else 403
    assert response.status_code == expected, response.content


def test_organisation_whole_body(member_cast: Any) -> None:
    organisation = OrganisationFactory(
        name="eSmart Systems AS",
        org_number="988077917",
        employees=120,
        county="Østfold",
        nace_codes=["62.010"],
        nace_primary="62.010",
        municipality="Halden",
        municipality_number="3101",
        city="Halden",
        website="https://esmartsystems.com",
    )
    organisation.topics.add(TopicFactory(slug="grids", name_en="Smart grids"))
    MembershipFactory(cluster=member_cast.cluster_a, organisation=organisation)
    response = client_for(member_cast.staff_a).get(f"/api/v1/organisations/{organisation.pk}")
    assert response.json() == {
        "id": organisation.pk,
        "name": "eSmart Systems AS",
        "org_number": "988077917",
        "org_number_display": "988 077 917",
        "country": "NO",
        "vat_id": "",
        "kind": "sme",
        "org_form": "",
        "employees": 120,
        "size_class": "medium",
        "is_sme_estimated": True,
        "nace_codes": ["62.010"],
        "nace_primary": "62.010",
        "nace_version": "SN2007",
        "municipality": "Halden",
        "municipality_number": "3101",
        "county": "Østfold",
        "city": "Halden",
        "website": "https://esmartsystems.com",
        "description": "",
        "topics": [{"slug": "grids", "name": "Smart grids"}],
        "founded_on": None,
        "is_bankrupt": False,
        "is_being_dissolved": False,
        "deleted_on": None,
        "url": f"/organisations/{organisation.pk}/",
    }


def directory_entry(organisation: Any, membership: Any, private: bool) -> dict:
    return {
        "organisation": {
            "id": organisation.pk,
            "name": organisation.name,
            "org_number": organisation.org_number,
            "country": "NO",
            "kind": "sme",
            "size_class": "small",
            "employees": 20,
            "county": "Østfold",
            "municipality": "",
            "website": "",
            "topics": [],
            "url": f"/organisations/{organisation.pk}/",
        },
        "membership": {
            "id": membership.pk,
            "cluster": "cluster-a",
            "organisation": {"id": organisation.pk, "name": organisation.name},
            "category": "member",
            "joined_on": "2015-01-01",
            "left_on": None,
            "is_active": True,
            "fee_tier": "Tier 1" if private else None,
            "annual_fee": 9000 if private else None,
            "notes": "secret" if private else None,
        },
    }


@pytest.mark.parametrize(("role", "private"), [("staff_a", True), ("contact_b", False)])
def test_directory_whole_body_hides_fees_from_member_contacts(
    member_cast: Any, role: str, private: bool
) -> None:
    Membership.objects.filter(cluster=member_cast.cluster_a).update(
        fee_tier="Tier 1", annual_fee=9000, notes="secret"
    )
    membership = member_cast.org_a.memberships.get()
    response = client_for(member_cast.user(role)).get(
        "/api/v1/clusters/cluster-a/members", {"search": "org a", "page_size": 10}
    )
    assert response.json() == {
        "items": [directory_entry(member_cast.org_a, membership, private)],
        "count": 1,
        "page": 1,
        "pages": 1,
    }


def test_directory_filters_and_contacts_see_active_only(member_cast: Any) -> None:
    gone = OrganisationFactory(name="Gone AS", kind="university")
    MembershipFactory(cluster=member_cast.cluster_a, organisation=gone, left_on="2020-01-01")
    url = "/api/v1/clusters/cluster-a/members"
    staff = client_for(member_cast.staff_a)
    names = [e["organisation"]["name"] for e in staff.get(url, {"status": "all"}).json()["items"]]
    assert names == ["Gone AS", "Org A AS", "Org B AS"]
    former = staff.get(url, {"status": "former", "kind": "university"}).json()
    assert [e["organisation"]["name"] for e in former["items"]] == ["Gone AS"]
    ordered = staff.get(url, {"status": "all", "sort": "-name"}).json()["items"]
    assert [e["organisation"]["name"] for e in ordered] == ["Org B AS", "Org A AS", "Gone AS"]
    contact = client_for(member_cast.contact_a).get(url, {"status": "all"}).json()
    assert contact["count"] == 2
    assert staff.get(url, {"status": "nope"}).status_code == 422
    assert staff.get(url, {"as_of": "2020-13-01"}).status_code == 422
    assert staff.get(url, {"sort": "email"}).status_code == 422


def test_organisation_list_is_what_the_caller_may_see(member_cast: Any) -> None:
    OrganisationFactory(name="Unrelated AS")
    MembershipFactory(cluster=member_cast.cluster_b, organisation=OrganisationFactory(name="B AS"))

    def names(role: str, **params: Any) -> list[str]:
        body = client_for(member_cast.user(role)).get("/api/v1/organisations", params).json()
        return [item["name"] for item in body["items"]]

    assert names("staff_a") == ["Org A AS", "Org B AS"]
    assert names("staff_b") == ["B AS"]
    assert names("contact_b") == ["Org A AS", "Org B AS"]
    assert names("officer") == ["B AS", "Org A AS", "Org B AS", "Unrelated AS"]
    assert names("officer", search="unrel") == ["Unrelated AS"]


def test_create_organisation_errors(member_cast: Any) -> None:
    client = client_for(member_cast.staff_a)
    url = "/api/v1/organisations"
    OrganisationFactory(name="Holder AS", org_number="988077917")
    duplicate = client.post(
        url, {"name": "Copy", "org_number": "988 077 917"}, content_type="application/json"
    )
    assert duplicate.status_code == 409
    assert duplicate.json() == {
        "detail": "Organisation number 988 077 917 is already registered for Holder AS.",
        "code": "duplicate_org_number",
        "field": "org_number",
    }
    invalid = client.post(
        url, {"name": "Bad", "org_number": "988077918"}, content_type="application/json"
    )
    assert invalid.status_code == 400
    assert invalid.json()["field"] == "org_number"
    assert invalid.json()["code"] == "invalid_org_number"
    unknown_topic = client.post(
        url, {"name": "T", "topics": ["nope"]}, content_type="application/json"
    )
    assert (unknown_topic.status_code, unknown_topic.json()["field"]) == (400, "topics")
    assert client.post(url, {"name": ""}, content_type="application/json").status_code == 422
    assert (
        client.post(url, {"name": "K", "kind": "alien"}, content_type="application/json")
    ).status_code == 422
    assert (
        client.post(url, {"name": "E", "employees": -1}, content_type="application/json")
    ).status_code == 422


def test_membership_lifecycle_over_the_api(member_cast: Any) -> None:
    client = client_for(member_cast.manager_a)
    organisation = OrganisationFactory(name="Cycle AS")
    created = client.post(
        "/api/v1/clusters/cluster-a/memberships",
        {
            "organisation_id": organisation.pk,
            "joined_on": "2020-01-01",
            "category": "partner",
            "annual_fee": 5000,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    membership_id = created.json()["id"]
    overlap = client.post(
        "/api/v1/clusters/cluster-a/memberships",
        {"organisation_id": organisation.pk, "joined_on": "2021-01-01"},
        content_type="application/json",
    )
    assert overlap.status_code == 409
    assert overlap.json()["code"] == "membership_overlap"
    early = client.post(
        f"/api/v1/memberships/{membership_id}/end",
        {"left_on": "2019-01-01"},
        content_type="application/json",
    )
    assert (early.status_code, early.json()["field"]) == (400, "left_on")
    ended = client.post(
        f"/api/v1/memberships/{membership_id}/end",
        {"left_on": "2023-01-01"},
        content_type="application/json",
    )
    assert ended.json()["left_on"] == "2023-01-01" and ended.json()["is_active"] is False
    reopened = client.patch(
        f"/api/v1/memberships/{membership_id}", {"left_on": None}, content_type="application/json"
    )
    assert reopened.json()["is_active"] is True
    bad_category = client.patch(
        f"/api/v1/memberships/{membership_id}",
        {"category": "boss"},
        content_type="application/json",
    )
    assert bad_category.status_code == 422
    listed = client.get(f"/api/v1/organisations/{organisation.pk}/memberships").json()
    assert [item["id"] for item in listed["items"]] == [membership_id]
    assert list(
        AuditEntry.objects.filter(action__startswith="klynge.members.membership")
        .values_list("action", flat=True)
        .order_by("id")
    ) == [
        "klynge.members.membership.started",
        "klynge.members.membership.ended",
        "klynge.members.membership.updated",
    ]


def test_patch_organisation_changes_only_sent_fields(member_cast: Any) -> None:
    client = client_for(member_cast.contact_a)
    url = f"/api/v1/organisations/{member_cast.org_a.pk}"
    response = client.patch(
        url, {"employees": None, "nace_codes": ["62.010"]}, content_type="application/json"
    )
    body = response.json()
    assert (body["employees"], body["size_class"], body["name"]) == (None, "unknown", "Org A AS")
    assert body["nace_primary"] == "62.010"
    bad = client.patch(url, {"nace_codes": ["6201"]}, content_type="application/json")
    assert (bad.status_code, bad.json()["field"]) == (400, "nace_codes")
    entry = AuditEntry.objects.get(action="klynge.members.organisation.updated")
    assert entry.data == {"changed": ["employees", "nace_codes", "nace_primary"]}
    assert entry.actor == member_cast.contact_a
