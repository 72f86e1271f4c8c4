"""Event permissions as a role-by-action table (cluster A hosts; B is the other cluster)."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.events import permissions as p
from klynge.events.models import Event
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contact_a", "staff_b", "staff_a", "manager_a", "officer", "superuser"]
TEAM = {"staff_a", "manager_a", "superuser"}
OVERSIGHT = TEAM | {"officer"}
EVERYONE = set(ROLES)

# (predicate, which object, roles allowed)
TABLE = [
    (p.can_view_event, "public", EVERYONE),
    (p.can_view_event, "members", OVERSIGHT | {"contact_a"}),
    (p.can_view_event, "invited", OVERSIGHT),
    (p.can_view_event, "draft", OVERSIGHT),
    (p.can_register_for_event, "public", EVERYONE),
    (p.can_register_for_event, "members", {"contact_a", "staff_a", "manager_a"}),
    (p.can_register_for_event, "invited", set()),
    (p.can_register_for_event, "draft", set()),
    (p.can_register_colleagues, "public", {"contact_a"}),
    (p.can_register_colleagues, "members", {"contact_a"}),
    (p.can_register_colleagues, "invited", set()),
    (p.can_view_participants, "public", OVERSIGHT),
    (p.can_view_participants, "draft", OVERSIGHT),
    (p.can_view_feedback_summary, "public", OVERSIGHT | {"contact_a"}),
    (p.can_manage_event, "public", TEAM),
    (p.can_manage_event, "draft", TEAM),
    (p.can_manage_event, "cohosted_by_a", TEAM | {"staff_b"}),
    (p.can_cancel_event, "public", {"manager_a", "superuser"}),
    (p.can_cancel_event, "cohosted_by_a", {"manager_a", "superuser"}),
    (p.can_create_event, "cluster_a", TEAM),
    (p.can_cancel_registration, "registration_of_org_a", TEAM | {"contact_a"}),
]


@pytest.fixture
def objects(member_cast: Any) -> dict[str, Any]:
    a = member_cast.cluster_a
    public = EventFactory(cluster=a)
    cohosted = EventFactory(cluster=member_cast.cluster_b)
    cohosted.co_hosts.add(a)
    return {
        "public": public,
        "members": EventFactory(cluster=a, audience=Event.Audience.MEMBERS),
        "invited": EventFactory(cluster=a, audience=Event.Audience.INVITED),
        "draft": EventFactory(cluster=a, status=Event.Status.DRAFT),
        "cohosted_by_a": cohosted,
        "cluster_a": a,
        "registration_of_org_a": RegistrationFactory(
            event=public, person=PersonFactory(organisation=member_cast.org_a)
        ),
    }


@pytest.mark.parametrize(
    ("predicate", "target", "allowed"),
    TABLE,
    ids=[f"{row[0].__name__}-{row[1]}" for row in TABLE],
)
def test_permission_table(
    member_cast: Any, objects: dict[str, Any], predicate: Any, target: str, allowed: set[str]
) -> None:
    result = {role for role in ROLES if predicate(member_cast.user(role), objects[target])}
    assert result == allowed


def test_a_person_may_cancel_their_own_registration_and_see_their_invitation(
    member_cast: Any,
) -> None:
    invited = EventFactory(cluster=member_cast.cluster_a, audience=Event.Audience.INVITED)
    own = RegistrationFactory(event=invited, person=member_cast.contact_b.person)
    assert p.can_view_event(member_cast.contact_b, invited)
    assert p.can_cancel_registration(member_cast.contact_b, own)
    assert not p.can_cancel_registration(member_cast.contact_a, own)


def test_cancelled_event_takes_no_registrations(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a, status=Event.Status.CANCELLED)
    assert p.can_view_event(member_cast.anonymous, event)
    assert not p.can_register_for_event(member_cast.anonymous, event)
    assert not p.can_register_colleagues(member_cast.contact_a, event)


ROLES_FOR_PERSON_EVENTS = ("anonymous", "contact_a", "contact_b", "staff_a", "staff_b")
ROLES_FOR_PERSON_EVENTS += ("manager_a", "officer", "superuser")


def test_person_events_section_is_for_who_may_edit_the_person_and_officers(
    member_cast: Any,
) -> None:
    from klynge.events.permissions import can_view_person_events

    person = member_cast.contact_b.person
    granted = {
        role
        for role in ROLES_FOR_PERSON_EVENTS
        if can_view_person_events(member_cast.user(role), person)
    }
    assert {"officer", "superuser", "staff_a", "manager_a"} <= granted
    assert {"anonymous", "staff_b"}.isdisjoint(granted)
