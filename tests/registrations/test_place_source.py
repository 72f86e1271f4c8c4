"""Who registers whom as what, as a role-by-action table: events and courses share the one rule.

Cluster A hosts the events and offers the courses; contact_a speaks for org_a, contact_b for org_b
(both members of A). Each row: (resource, whose place, role -> source; a role left out is refused).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from klynge.events import permissions as events
from klynge.events.models import Event
from klynge.learning import permissions as learning
from klynge.learning.models import Course
from klynge.members.models import Person
from tests.factories.events import EventFactory
from tests.factories.learning import CourseFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "contact_a",
    "contact_b",
    "staff_b",
    "staff_a",
    "manager_a",
    "officer",
    "superuser",
]
TEAM_A = {"staff_a": "staff", "manager_a": "staff", "superuser": "staff"}
TEAM_B = {"staff_b": "staff", "superuser": "staff"}

# (resource, whose place, {role: source}); "guest" is someone given by name and email.
EVENT_TABLE = [
    (
        "public",
        "guest",
        {
            **TEAM_A,
            **dict.fromkeys(["anonymous", "contact_a", "contact_b"], "self"),
            "staff_b": "self",
            "officer": "self",
        },
    ),
    ("public", "own_a", {**TEAM_A, "contact_a": "self"}),
    ("public", "colleague_a", {**TEAM_A, "contact_a": "colleague"}),
    ("public", "colleague_b", {**TEAM_A, "contact_b": "colleague"}),
    ("members", "guest", {**TEAM_A, "contact_a": "self", "contact_b": "self"}),
    ("members", "colleague_a", {**TEAM_A, "contact_a": "colleague"}),
    ("invited", "guest", TEAM_A),
    ("invited", "own_a", TEAM_A),  # a member contact's own place needs self-service
    ("invited", "colleague_a", TEAM_A),
    ("draft", "guest", TEAM_A),
    ("draft", "colleague_a", TEAM_A),
]

COURSE_TABLE = [
    ("members_only", "guest", TEAM_A),  # a course takes guests from its team only
    ("members_only", "own_a", {**TEAM_A, "contact_a": "self"}),
    ("members_only", "colleague_a", {**TEAM_A, "contact_a": "colleague"}),
    ("members_only", "colleague_b", {**TEAM_A, "contact_b": "colleague"}),
    ("of_b", "own_a", TEAM_B),  # not a member of B: neither self nor colleague
    ("of_b", "colleague_a", TEAM_B),
    ("draft", "own_a", TEAM_A),
    ("draft", "colleague_a", TEAM_A),
]


@pytest.fixture
def people(member_cast: Any) -> dict[str, Person | None]:
    return {
        "guest": None,
        "own_a": Person.objects.get(user=member_cast.contact_a),
        "colleague_a": PersonFactory(organisation=member_cast.org_a),
        "colleague_b": PersonFactory(organisation=member_cast.org_b),
    }


def sources(cast: Any, source_of: Any, resource: Any, person: Person | None) -> dict[str, str]:
    found = {}
    for role in ROLES:
        try:
            found[role] = source_of(cast.user(role), resource, person)
        except PermissionDenied:
            continue
    return found


@pytest.mark.parametrize(
    ("resource", "whose", "expected"), EVENT_TABLE, ids=[f"{r}-{w}" for r, w, _e in EVENT_TABLE]
)
def test_who_registers_whom_for_an_event(
    member_cast: Any, people: dict[str, Any], resource: str, whose: str, expected: dict[str, str]
) -> None:
    a = member_cast.cluster_a
    event = {
        "public": lambda: EventFactory(cluster=a),
        "members": lambda: EventFactory(cluster=a, audience=Event.Audience.MEMBERS),
        "invited": lambda: EventFactory(cluster=a, audience=Event.Audience.INVITED),
        "draft": lambda: EventFactory(cluster=a, status=Event.Status.DRAFT),
    }[resource]()
    found = sources(member_cast, events.registration_source, event, people[whose])
    assert found == expected


@pytest.mark.parametrize(
    ("resource", "whose", "expected"), COURSE_TABLE, ids=[f"{r}-{w}" for r, w, _e in COURSE_TABLE]
)
def test_who_enrols_whom_in_a_course(
    member_cast: Any, people: dict[str, Any], resource: str, whose: str, expected: dict[str, str]
) -> None:
    a, b = member_cast.cluster_a, member_cast.cluster_b
    course = {
        "members_only": lambda: CourseFactory(cluster=a, open_to=Course.OpenTo.MEMBERS),
        "of_b": lambda: CourseFactory(cluster=b, open_to=Course.OpenTo.MEMBERS),
        "draft": lambda: CourseFactory(cluster=a, status=Course.Status.DRAFT),
    }[resource]()
    found = sources(member_cast, learning.enrolment_source, course, people[whose])
    assert found == expected


def test_a_refusal_names_the_rule(member_cast: Any, people: dict[str, Any]) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a)
    with pytest.raises(PermissionDenied, match="can_enrol_person"):
        learning.enrolment_source(member_cast.contact_b, course, people["colleague_a"])
    event = EventFactory(cluster=member_cast.cluster_a, audience=Event.Audience.INVITED)
    with pytest.raises(PermissionDenied, match="can_register_for_event"):
        events.registration_source(member_cast.contact_a, event, None)
