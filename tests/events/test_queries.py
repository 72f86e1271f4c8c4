"""Query counts stay flat with 2,000 registrations (event list, participants, exports, check-in)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from klynge.events.models import Event, Registration
from klynge.members.models import Organisation, Person
from tests.factories.clusters import TopicFactory
from tests.factories.events import EventFactory
from tests.http import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(cast: Any) -> Event:
    """20 events with topics and co-hosts; the first holds 2,000 registrations (1,900 + 100 waiting)."""
    topics = [TopicFactory() for _ in range(3)]
    events = [EventFactory(cluster=cast.cluster_a, capacity=1900) for _ in range(20)]
    for event in events:
        event.topics.set(topics)
        event.co_hosts.add(cast.cluster_b)
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Member {i} AS") for i in range(40)]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                full_name=f"Person {i}",
                email=f"p{i}@example.org",
                organisation=organisations[i % 40],
            )
            for i in range(2000)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                event=events[0],
                person=person,
                organisation=person.organisation,
                status="confirmed" if i < 1900 else "waitlisted",
                waitlist_position=None if i < 1900 else i - 1899,
                token=f"token-{i}",
            )
            for i, person in enumerate(people)
        ]
    )
    return events[0]


def test_event_list_queries_are_bounded(
    busy: Event, cast: Any, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(cast.staff_a)
    client.get("/events/")  # warm the session and caches
    with django_assert_max_num_queries(8):
        response = client.get("/events/?period=all")
    assert response.status_code == 200
    first = next(e for e in response.context["page"].object_list if e.pk == busy.pk)
    assert (first.seats_taken, first.waiting_count) == (1900, 100)
    with django_assert_max_num_queries(8):
        assert client.get("/events/").status_code == 200


def test_upcoming_events_are_those_not_over_in_start_order(cast: Any) -> None:
    """An event that began before the others and is not over leads the upcoming list (the list
    starts at the first start of the events not over); events over are left out."""
    import datetime

    from django.utils import timezone

    now = timezone.now()

    def event(title: str, start_days: float, hours: float) -> Event:
        starts = now + datetime.timedelta(days=start_days)
        return EventFactory(
            cluster=cast.cluster_a,
            title=title,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
        )

    event("Over", -3, 2)
    event("Running", -2, 24 * 3)
    event("Later", 5, 2)
    event("Soon", 1, 2)
    event("Just over", -1, 23)
    client = Client()
    client.force_login(cast.staff_a)
    listed = client.get("/events/").context["page"].object_list
    assert [e.title for e in listed] == ["Running", "Soon", "Later"]


def test_participant_list_and_exports_are_bounded(
    busy: Event, cast: Any, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(cast.staff_a)
    with django_assert_max_num_queries(8):
        response = client.get(f"/events/{busy.pk}/participants/?page=3")
    assert response.status_code == 200 and len(response.context["page"].object_list) == 50
    with django_assert_max_num_queries(10):
        csv_response = client.get(f"/events/{busy.pk}/participants/?export=csv")
    assert len(body(csv_response).decode("utf-8-sig").splitlines()) == 2001
    with django_assert_max_num_queries(14):
        checkin = client.get(f"/events/{busy.pk}/check-in/?q=Person 1")
    assert checkin.status_code == 200


def test_event_detail_is_bounded(
    busy: Event, cast: Any, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(cast.manager_a)
    with django_assert_max_num_queries(16):
        assert client.get(f"/events/{busy.pk}/").status_code == 200
