"""The personal iCal feed carries events plus what other apps add (course sessions)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from klynge.events.models import CalendarFeed
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.learning import CourseFactory, EnrolmentFactory, SessionFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db


def test_personal_feed_has_events_and_course_sessions(db: Any) -> None:
    person = PersonFactory()
    RegistrationFactory(event=EventFactory(title="Partner conference"), person=person)
    course = CourseFactory(title="Flexibility markets", sessions=0)
    SessionFactory(course=course)
    SessionFactory(course=course)
    EnrolmentFactory(course=course, person=person)
    feed = CalendarFeed.objects.create(person=person)

    response = Client().get(f"/events/feeds/people/{feed.token}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(c["SUMMARY"]) for c in calendar.walk("VEVENT"))
    assert summaries.count("Partner conference") == 1
    assert sum("Flexibility markets" in s for s in summaries) == 2
