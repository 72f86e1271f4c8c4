"""Every PATCH endpoint follows the one rule for null (klynge/api/v1/patching.patch_changes).

Null on a text field leaves it as it is (200, unchanged) on every partial update; it never reaches
the database as NULL (a 500 before the rule was shared).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.factories.events import EventFactory
from tests.factories.learning import CourseFactory
from tests.factories.matchmaking import SessionFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.projects import ProjectFactory, ProjectPartnerFactory
from tests.http import client_for, send_json

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _organisation(cast: Any) -> tuple[Any, str, str]:
    organisation = OrganisationFactory(name="Fjord AS", city="Bergen")
    MembershipFactory(cluster=cast.cluster_a, organisation=organisation)
    return organisation, f"{API}/organisations/{organisation.pk}", "city"


def _membership(cast: Any) -> tuple[Any, str, str]:
    membership = MembershipFactory(cluster=cast.cluster_a, notes="Founding member")
    return membership, f"{API}/memberships/{membership.pk}", "notes"


def _person(cast: Any) -> tuple[Any, str, str]:
    organisation = OrganisationFactory()
    MembershipFactory(cluster=cast.cluster_a, organisation=organisation)
    person = PersonFactory(organisation=organisation, title="CTO")
    return person, f"{API}/people/{person.pk}", "title"


def _b2b_session(cast: Any) -> tuple[Any, str, str]:
    session = SessionFactory(event=EventFactory(cluster=cast.cluster_a), description="Meet")
    return session, f"{API}/b2b-sessions/{session.pk}", "description"


def _project(cast: Any) -> tuple[Any, str, str]:
    project = ProjectFactory(lead_cluster=cast.cluster_a, summary="Batteries")
    return project, f"{API}/projects/{project.pk}", "summary"


def _partner(cast: Any) -> tuple[Any, str, str]:
    partner = ProjectPartnerFactory(
        project=ProjectFactory(lead_cluster=cast.cluster_a), notes="Signed"
    )
    return partner, f"{API}/projects/{partner.project_id}/partners/{partner.pk}", "notes"


def _course_session(cast: Any) -> tuple[Any, str, str]:
    course = CourseFactory(cluster=cast.cluster_a, sessions=1)
    session = course.sessions.get()
    session.venue = "Room 1"
    session.save()
    return session, f"{API}/courses/{course.pk}/sessions/{session.pk}", "venue"


@pytest.mark.parametrize(
    "make",
    [_organisation, _membership, _person, _b2b_session, _project, _partner, _course_session],
    ids=lambda make: make.__name__.strip("_"),
)
def test_null_leaves_a_text_field_as_it_is(
    cast: Any, make: Callable[[Any], tuple[Any, str, str]]
) -> None:
    row, url, field = make(cast)
    before = getattr(row, field)
    response = send_json(client_for(cast.superuser), "patch", url, {field: None})
    assert response.status_code == 200, response.content
    row.refresh_from_db()
    assert getattr(row, field) == before


def test_null_clears_only_what_the_route_names(cast: Any) -> None:
    session = SessionFactory(event=EventFactory(cluster=cast.cluster_a), title="Energy B2B")
    body = {"afternoon_slots": 0, "afternoon_start": None, "title": None}
    response = send_json(
        client_for(cast.superuser), "patch", f"{API}/b2b-sessions/{session.pk}", body
    )
    assert response.status_code == 200, response.content
    session.refresh_from_db()
    assert (session.afternoon_start, session.title) == (None, "Energy B2B")


def test_null_on_a_b2b_profile_keeps_texts_and_clears_the_limit(member_cast: Any) -> None:
    from tests.factories.matchmaking import build_world

    world = build_world(member_cast)
    world.me.offers, world.me.max_meetings = "Batteries", 3
    world.me.save()
    response = send_json(
        client_for(member_cast.contact_a),
        "patch",
        f"{API}/b2b-sessions/{world.session.pk}/me",
        {"offers": None, "max_meetings": None},
    )
    assert response.status_code == 200, response.content
    world.me.refresh_from_db()
    assert (world.me.offers, world.me.max_meetings) == ("Batteries", None)
