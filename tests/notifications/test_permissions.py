"""Who may see and change what in notifications: predicates, pages and API, role by role."""

from __future__ import annotations

import json
from typing import Any

import pytest

from klynge.clusters.permissions import can_view_cluster_deliveries
from klynge.members.permissions import can_view_person_deliveries
from klynge.notifications.models import Delivery, MutedKind
from klynge.notifications.permissions import (
    can_edit_notification_settings,
    can_view_all_deliveries,
)
from tests.factories.members import PersonFactory
from tests.http import client_as

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contact_a", "staff_a", "staff_b", "manager_a", "officer", "superuser"]
LOGGED_IN = set(ROLES) - {"anonymous"}
TEAM_A = {"staff_a", "manager_a", "superuser"}

# predicate -> (the object it is asked about, the roles that may)
TABLE: dict[Any, tuple[str, set[str]]] = {
    can_edit_notification_settings: ("none", LOGGED_IN),
    can_view_all_deliveries: ("none", {"superuser"}),
    can_view_cluster_deliveries: ("cluster_a", TEAM_A),
    can_view_person_deliveries: ("person_a", TEAM_A),
}

# (method, path) -> roles answered 200; anonymous gets a login redirect (pages) or 401 (API)
PAGES: dict[str, set[str]] = {
    "/notifications/settings/": LOGGED_IN,
    "/notifications/deliveries/": {"superuser"},
    "/clusters/cluster-a/mail/": TEAM_A,
}
API: dict[tuple[str, str], set[str]] = {
    ("get", "/api/v1/me/notification-settings"): LOGGED_IN,
    ("put", "/api/v1/me/notification-settings"): LOGGED_IN,
    ("get", "/api/v1/clusters/cluster-a/deliveries"): TEAM_A,
    ("get", "/api/v1/deliveries"): {"superuser"},
}


def subject(cast: Any, name: str) -> Any:
    if name == "cluster_a":
        return cast.cluster_a
    if name == "person_a":
        return PersonFactory(organisation=cast.org_a)
    return None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", list(TABLE), ids=lambda f: f.__name__)
def test_permission_table(member_cast: Any, predicate: Any, role: str) -> None:
    obj_name, allowed = TABLE[predicate]
    obj = subject(member_cast, obj_name)
    assert predicate(member_cast.user(role), obj) is (role in allowed)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(PAGES))
def test_pages_by_role(member_cast: Any, path: str, role: str) -> None:
    response = client_as(member_cast, role).get(path)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (200 if role in PAGES[path] else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(API), ids=" ".join)
def test_api_by_role(member_cast: Any, operation: tuple[str, str], role: str) -> None:
    method, path = operation
    client = client_as(member_cast, role)
    if method == "put":
        response = client.put(path, json.dumps({"enabled": []}), content_type="application/json")
    else:
        response = client.get(path)
    if role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == (200 if role in API[operation] else 403)


def _row(cluster_id: int | None, email: str, kind: str = "events.confirmation") -> Delivery:
    return Delivery.objects.create(
        kind=kind,
        key=f"{kind}:{email}:{cluster_id}",
        to_email=email,
        cluster_id=cluster_id,
        subject=f"About {kind}",
        status="sent",
    )


def test_a_cluster_log_shows_only_its_own_rows_and_filters_by_kind_and_person(
    member_cast: Any,
) -> None:
    _row(member_cast.cluster_a.pk, "kari@example.org")
    _row(member_cast.cluster_a.pk, "ola@example.org", kind="events.reminder")
    _row(member_cast.cluster_b.pk, "kari@example.org")
    _row(None, "kari@example.org", kind="accounts.password_reset")
    client = client_as(member_cast, "staff_a")
    url = "/api/v1/clusters/cluster-a/deliveries"
    assert client.get(url).json()["count"] == 2
    by_person = client.get(url, {"to": "KARI@example.org"}).json()["items"]
    assert [(r["to_email"], r["kind"]) for r in by_person] == [
        ("kari@example.org", "events.confirmation")
    ]
    assert client.get(url, {"kind": "events.reminder"}).json()["count"] == 1
    page = client.get("/clusters/cluster-a/mail/", {"to": "ola@example.org"})
    assert b"ola@example.org" in page.content and b"kari@example.org" not in page.content
    everything = client_as(member_cast, "superuser").get("/api/v1/deliveries").json()
    assert everything["count"] == 4


def test_the_person_page_lists_their_mails_for_the_team(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a, email="kari@example.org")
    _row(member_cast.cluster_a.pk, "kari@example.org")
    _row(member_cast.cluster_b.pk, "kari@example.org", kind="events.reminder")
    page = client_as(member_cast, "staff_a").get(f"/people/{person.pk}/")
    assert page.status_code == 200
    assert b'data-testid="person-mails"' in page.content
    assert b"events.confirmation" in page.content and b"events.reminder" not in page.content
    contact = client_as(member_cast, "contact_a").get(f"/people/{person.pk}/")
    assert b'data-testid="person-mails"' not in contact.content


def test_settings_page_switches_optional_kinds_and_lists_the_fixed_ones(
    member_cast: Any,
) -> None:
    client = client_as(member_cast, "contact_a")
    page = client.get("/notifications/settings/")
    assert b"Event reminders" in page.content  # optional: a checkbox
    assert b"Event registration confirmed" in page.content  # always sent: listed
    response = client.post("/notifications/settings/", {"enabled": ["learning.reminder"]})
    assert response.status_code == 302
    muted = set(
        MutedKind.objects.filter(email="contact-a@example.org").values_list("kind", flat=True)
    )
    assert "events.reminder" in muted and "learning.reminder" not in muted
    assert not any(kind.startswith("events.confirmation") for kind in muted)
    api = client.get("/api/v1/me/notification-settings").json()
    states = {k["key"]: k["enabled"] for k in api["kinds"]}
    assert states["events.reminder"] is False and states["events.confirmation"] is True
    bad = client.put(
        "/api/v1/me/notification-settings",
        json.dumps({"enabled": ["nope.nope"]}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "enabled"
