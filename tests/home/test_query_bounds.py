"""Issue 15: each role's home page reads at most 8 queries, whatever the amount of data (the cluster
manager's page still reads more: its widgets and the cluster's sections, one selector each)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.insight import SurveyFactory
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.matchmaking import MeetingRequestFactory, build_world
from tests.factories.members import PersonFactory
from tests.factories.programme import ApplicationFactory

pytestmark = pytest.mark.django_db

BOUNDS = {"manager_a": 15, "officer": 8, "contact_a": 8}


def _grow(cast: Any, world: Any, start: int, n: int) -> None:
    """`n` more of everything the three home pages list or count."""
    cluster = cast.cluster_a
    for requester in world.extra[start : start + n]:
        MeetingRequestFactory(requester=requester, invitee=world.me)
    for _ in range(n):
        event = EventFactory(cluster=cluster)
        RegistrationFactory(event=event, person=cast.contact_a.person)
        RegistrationFactory.create_batch(2, event=event)
        SurveyFactory(cluster=cluster, sent_at=timezone.now())
        course = CourseFactory(cluster=cluster)
        EnrolmentFactory(course=course, person=cast.contact_a.person)
        PersonFactory(organisation=cast.org_a)
        ApplicationFactory(cluster=cluster, status="submitted")
        ApplicationFactory(cluster=cluster, status="in_review")


def _queries(user: Any) -> int:
    client = Client()
    client.force_login(user)
    client.get("/")  # the session's first page
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", sorted(BOUNDS))
def test_home_queries_do_not_grow_with_data(member_cast: Any, role: str) -> None:
    world = build_world(member_cast, extra=6)
    user = getattr(member_cast, role)
    _grow(member_cast, world, 0, 1)
    few = _queries(user)
    _grow(member_cast, world, 1, 5)
    many = _queries(user)
    assert few <= BOUNDS[role] and many <= BOUNDS[role], (few, many)
    assert many == few
