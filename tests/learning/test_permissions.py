"""Course permissions as a role-by-action table (cluster A offers the courses; B is the other).

Roles come from `member_cast`: contact_a and contact_b speak for org_a and org_b (members of A).
"""

from __future__ import annotations

from typing import Any

import pytest

from klynge.learning import permissions as p
from klynge.learning.models import Course
from tests.factories.learning import CourseFactory, EnrolmentFactory
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
TEAM = {"staff_a", "manager_a", "superuser"}
OVERSIGHT = TEAM | {"officer"}
CONTACTS = {"contact_a", "contact_b"}
EVERYONE = set(ROLES)

# (predicate, which object, roles allowed)
TABLE = [
    (p.can_view_course, "published", EVERYONE),
    (p.can_view_course, "cancelled", EVERYONE),
    (p.can_view_course, "draft", OVERSIGHT),
    (p.can_view_course, "draft_of_b", {"staff_b", "officer", "superuser"}),
    (p.can_enrol_self, "published", CONTACTS),
    (p.can_enrol_self, "open_to_everyone", CONTACTS),
    (p.can_enrol_self, "of_b_members_only", set()),
    (p.can_enrol_self, "draft", set()),
    (p.can_enrol_self, "cancelled", set()),
    (p.can_enrol_colleagues, "published", CONTACTS),
    (p.can_enrol_colleagues, "of_b_members_only", set()),
    (p.can_enrol_colleagues, "open_to_everyone", CONTACTS),
    (p.can_enrol_colleagues, "draft", set()),
    (p.can_view_enrolments, "published", OVERSIGHT),
    (p.can_view_enrolments, "draft_of_b", {"staff_b", "officer", "superuser"}),
    (p.can_manage_course, "published", TEAM),
    (p.can_manage_course, "draft", TEAM),
    (p.can_manage_course, "draft_of_b", {"staff_b", "superuser"}),
    (p.can_cancel_course, "published", {"manager_a", "superuser"}),
    (p.can_create_course, "cluster_a", TEAM),
    (p.can_create_course, "cluster_b", {"staff_b", "superuser"}),
    (p.can_view_competence_kpis, "cluster_a", OVERSIGHT),
    (p.can_view_competence_kpis, "cluster_b", {"staff_b", "officer", "superuser"}),
    (p.can_view_enrolment, "enrolment_of_org_a", TEAM | {"contact_a"}),
    (p.can_drop_enrolment, "enrolment_of_org_a", TEAM | {"contact_a"}),
    (p.can_drop_enrolment, "completion_of_org_a", set()),
    (p.can_download_certificate, "completion_of_org_a", TEAM | {"contact_a"}),
    (p.can_download_certificate, "enrolment_of_org_a", set()),
    (p.can_view_organisation_courses, "org_a", TEAM | {"contact_a"}),
    (p.can_view_learning_history, "person_of_org_a", TEAM | {"contact_a"}),
    (p.can_view_own_courses, "cluster_a", CONTACTS),  # a login with a Person; obj is not used
]


@pytest.fixture
def objects(member_cast: Any) -> dict[str, Any]:
    a, b = member_cast.cluster_a, member_cast.cluster_b
    published = CourseFactory(cluster=a, open_to=Course.OpenTo.MEMBERS)
    person = PersonFactory(organisation=member_cast.org_a)
    return {
        "published": published,
        "cancelled": CourseFactory(cluster=a, status=Course.Status.CANCELLED),
        "draft": CourseFactory(cluster=a, status=Course.Status.DRAFT),
        "draft_of_b": CourseFactory(cluster=b, status=Course.Status.DRAFT),
        "open_to_everyone": CourseFactory(cluster=a, open_to=Course.OpenTo.EVERYONE),
        "of_b_members_only": CourseFactory(cluster=b, open_to=Course.OpenTo.MEMBERS),
        "cluster_a": a,
        "cluster_b": b,
        "enrolment_of_org_a": EnrolmentFactory(course=published, person=person),
        "completion_of_org_a": EnrolmentFactory(
            course=published,
            person=PersonFactory(organisation=member_cast.org_a),
            status="completed",
            completed_on="2025-05-02",
            certificate_code="2025-AAAA0001",
        ),
        "org_a": member_cast.org_a,
        "person_of_org_a": person,
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


def test_a_person_may_see_and_drop_their_own_enrolment(member_cast: Any) -> None:
    from tests.factories.accounts import UserFactory

    user = UserFactory()
    person = PersonFactory(user=user, organisation=None)
    enrolment = EnrolmentFactory(person=person, organisation=None)
    assert p.can_view_enrolment(user, enrolment)
    assert p.can_drop_enrolment(user, enrolment)
    assert p.can_enrol_self(user, CourseFactory(open_to=Course.OpenTo.EVERYONE))
    assert not p.can_enrol_self(user, CourseFactory(open_to=Course.OpenTo.MEMBERS))
    assert not p.can_enrol_colleagues(user, CourseFactory(open_to=Course.OpenTo.EVERYONE))
    assert not p.can_view_enrolment(user, EnrolmentFactory())


def test_an_anonymised_person_cannot_enrol_themselves(member_cast: Any) -> None:
    from django.utils import timezone

    person = member_cast.contact_a.person
    person.anonymised_at = timezone.now()
    person.save()
    fresh = type(member_cast.contact_a).objects.get(pk=member_cast.contact_a.pk)
    assert not p.can_enrol_self(fresh, CourseFactory(cluster=member_cast.cluster_a))
