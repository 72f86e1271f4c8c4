"""Role-by-action tables for the member registry."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.members import permissions as p
from tests.factories.members import PersonFactory

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

CLUSTER_TABLE: dict[Any, set[str]] = {
    p.can_view_member_directory: {
        "contact_a",
        "contact_b",
        "staff_a",
        "manager_a",
        "officer",
        "superuser",
    },
    p.can_manage_members: {"staff_a", "manager_a", "superuser"},
    p.can_export_members: {"staff_a", "manager_a", "officer", "superuser"},
    p.can_view_composition: {"staff_a", "manager_a", "officer", "superuser"},
    p.can_invite_member_contact: {"manager_a", "superuser"},
}

ORG_A_TABLE: dict[Any, set[str]] = {
    p.can_view_organisation: {
        "contact_a",
        "contact_b",
        "staff_a",
        "manager_a",
        "officer",
        "superuser",
    },
    p.can_edit_organisation: {"contact_a", "staff_a", "manager_a", "superuser"},
    p.can_add_person: {"contact_a", "staff_a", "manager_a", "superuser"},
}

# person of org A: (consented to directory visibility, predicate) -> allowed roles
PERSON_TABLE: dict[tuple[bool, Any], set[str]] = {
    (True, p.can_view_person): {
        "contact_a",
        "contact_b",
        "staff_a",
        "manager_a",
        "officer",
        "superuser",
    },
    (False, p.can_view_person): {"contact_a", "staff_a", "manager_a", "officer", "superuser"},
    (False, p.can_edit_person): {"contact_a", "staff_a", "manager_a", "superuser"},
    (False, p.can_manage_personal_data): {"manager_a", "superuser"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", list(CLUSTER_TABLE), ids=lambda f: f.__name__)
def test_cluster_level_table(member_cast: Any, predicate: Any, role: str) -> None:
    expected = role in CLUSTER_TABLE[predicate]
    assert predicate(member_cast.user(role), member_cast.cluster_a) is expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", list(ORG_A_TABLE), ids=lambda f: f.__name__)
def test_organisation_table(member_cast: Any, predicate: Any, role: str) -> None:
    expected = role in ORG_A_TABLE[predicate]
    assert predicate(member_cast.user(role), member_cast.org_a) is expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("consent", "predicate"), list(PERSON_TABLE), ids=lambda v: getattr(v, "__name__", str(v))
)
def test_person_table(member_cast: Any, consent: bool, predicate: Any, role: str) -> None:
    person = PersonFactory(organisation=member_cast.org_a, consent_directory=consent)
    expected = role in PERSON_TABLE[(consent, predicate)]
    assert predicate(member_cast.user(role), person) is expected


def test_former_member_contact_loses_directory_access(member_cast: Any) -> None:
    import datetime

    membership = member_cast.org_b.memberships.get()
    membership.left_on = datetime.date(2020, 1, 1)
    membership.save()

    contact_b = type(member_cast.contact_b).objects.get(pk=member_cast.contact_b.pk)
    assert not p.can_view_member_directory(contact_b, member_cast.cluster_a)


def test_only_the_owner_links_a_login_to_an_invitation(member_cast: Any) -> None:
    from klynge.members.permissions import can_link_login

    login = member_cast.contact_a
    granted = {
        role
        for role in ("anonymous", "contact_a", "contact_b", "manager_a", "superuser")
        if can_link_login(member_cast.user(role), login)
    }
    assert granted == {"contact_a"}
