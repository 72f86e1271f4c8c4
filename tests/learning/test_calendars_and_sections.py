"""Course sessions in calendars, and the sections learning adds to the organisation and person pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from icalendar import Calendar

from klynge.core import extensions
from klynge.learning.calendars import course_ics, course_sessions_for_person
from klynge.learning.models import Course
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db


def test_course_ics_has_every_session_with_stable_uids() -> None:
    course = CourseFactory(title="AI for energy", sessions=3)
    calendar = Calendar.from_ical(course_ics(course))
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert uids == [f"course-session-{s.pk}@klynge" for s in course.sessions.all()]
    assert str(events[0]["SUMMARY"]) == "AI for energy: Day 1"
    assert str(events[0]["LOCATION"]) == "Halden"


def test_personal_entries_cover_places_only_and_mark_cancelled_courses() -> None:
    person = PersonFactory()
    enrolled = CourseFactory(sessions=2)
    done = CourseFactory(sessions=1)
    cancelled = CourseFactory(sessions=1, status=Course.Status.CANCELLED)
    EnrolmentFactory(course=enrolled, person=person)
    EnrolmentFactory(course=done, person=person, status="completed", completed_on="2025-01-01")
    EnrolmentFactory(course=cancelled, person=person)
    EnrolmentFactory(
        course=CourseFactory(), person=person, status="waitlisted", waitlist_position=1
    )
    EnrolmentFactory(course=CourseFactory(), person=person, status="dropped")
    EnrolmentFactory(course=CourseFactory(status=Course.Status.DRAFT), person=person)
    EnrolmentFactory(course=enrolled)  # someone else on the same course
    entries = course_sessions_for_person(person)
    assert len(entries) == 4
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in entries}
    cancelled_uid = f"course-session-{cancelled.sessions.get().pk}@klynge"
    assert statuses.pop(cancelled_uid) == "CANCELLED"
    assert set(statuses.values()) == {"CONFIRMED"}


def test_the_personal_calendar_slot_hands_out_the_entries() -> None:
    person = PersonFactory()
    EnrolmentFactory(course=CourseFactory(sessions=2), person=person)
    found = extensions.sections("personal_calendar", None, person)
    learning = next(s for s in found if s["key"] == "learning")
    assert len(learning["context"]["components"]) == 2


def test_organisation_tab_shows_courses_to_its_contact_and_hides_them_from_others(
    member_cast: Any,
) -> None:
    person = PersonFactory(organisation=member_cast.org_a, full_name="Nora Dahl")
    course = CourseFactory(cluster=member_cast.cluster_a, title="Cybersecurity for grid companies")
    EnrolmentFactory(course=course, person=person, status="completed", completed_on="2025-04-01")
    tabs = extensions.sections("organisation_tabs", member_cast.contact_a, member_cast.org_a)
    tab = next(t for t in tabs if t["key"] == "courses")
    html = render_to_string(tab["template"], tab["context"])
    assert "Cybersecurity for grid companies" in html and "Nora Dahl" in html
    assert "1 completed course · 0 enrolments under way" in html
    others = extensions.sections("organisation_tabs", member_cast.contact_b, member_cast.org_a)
    assert "courses" not in {t["key"] for t in others}
    staff_b = extensions.sections("organisation_tabs", member_cast.staff_b, member_cast.org_a)
    assert "courses" not in {t["key"] for t in staff_b}


def test_team_of_another_cluster_sees_only_their_own_courses(member_cast: Any) -> None:
    """An organisation in two clusters: each team sees its own cluster's courses in the tab."""
    from tests.factories.members import MembershipFactory

    MembershipFactory(cluster=member_cast.cluster_b, organisation=member_cast.org_a)
    person = PersonFactory(organisation=member_cast.org_a)
    EnrolmentFactory(
        course=CourseFactory(cluster=member_cast.cluster_a, title="Course of A"), person=person
    )
    EnrolmentFactory(
        course=CourseFactory(cluster=member_cast.cluster_b, title="Course of B"), person=person
    )
    tab = next(
        t
        for t in extensions.sections("organisation_tabs", member_cast.staff_b, member_cast.org_a)
        if t["key"] == "courses"
    )
    titles = [e.course.title for e in tab["context"]["learning_enrolments"]]
    assert titles == ["Course of B"]
    own = next(
        t
        for t in extensions.sections("organisation_tabs", member_cast.contact_a, member_cast.org_a)
        if t["key"] == "courses"
    )
    assert {e.course.title for e in own["context"]["learning_enrolments"]} == {
        "Course of A",
        "Course of B",
    }


def test_person_section_lists_the_learning_history_with_credits(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a)
    course = CourseFactory(cluster=member_cast.cluster_a, further=True, title="Flexibility markets")
    EnrolmentFactory(
        course=course,
        person=person,
        status="completed",
        completed_on="2025-01-10",
        credits_earned="7.5",
    )
    EnrolmentFactory(
        course=CourseFactory(cluster=member_cast.cluster_a), person=person, status="dropped"
    )
    sections = extensions.sections("person_sections", member_cast.staff_a, person)
    section = next(s for s in sections if s["key"] == "learning")
    assert [e.course.title for e in section["context"]["learning_enrolments"]] == [
        "Flexibility markets"
    ]
    html = render_to_string(section["template"], section["context"])
    assert "1 course completed, 7.5 ECTS credits." in html
    assert "learning" not in {
        s["key"] for s in extensions.sections("person_sections", member_cast.contact_b, person)
    }


def test_sections_cost_no_query_until_rendered(
    member_cast: Any, django_assert_num_queries: Any
) -> None:
    """The organisation page computes every tab's context; ours loads rows only when shown."""
    EnrolmentFactory(
        course=CourseFactory(cluster=member_cast.cluster_a),
        person=PersonFactory(organisation=member_cast.org_a),
    )
    tabs = extensions.sections("organisation_tabs", member_cast.contact_a, member_cast.org_a)
    tab = next(t for t in tabs if t["key"] == "courses")
    with django_assert_num_queries(1):
        html = render_to_string(tab["template"], tab["context"])
    assert "0 completed courses · 1 enrolment under way" in html


def test_the_organisation_page_shows_the_courses_tab(member_cast: Any) -> None:
    from django.test import Client

    person = PersonFactory(organisation=member_cast.org_a, full_name="Maja Strand")
    course = CourseFactory(cluster=member_cast.cluster_a, title="Energy data in practice")
    EnrolmentFactory(course=course, person=person, status="completed", completed_on="2025-02-11")
    client = Client()
    client.force_login(member_cast.contact_a)
    response = client.get(member_cast.org_a.get_absolute_url(), {"tab": "courses"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="organisation-courses"' in body and "Maja Strand" in body


def test_the_cluster_page_lists_courses_open_for_enrolment(member_cast: Any) -> None:
    from django.test import Client

    CourseFactory(cluster=member_cast.cluster_a, title="AI for energy", capacity=1)
    CourseFactory(cluster=member_cast.cluster_a, title="Old course", status=Course.Status.CANCELLED)
    body = Client().get(member_cast.cluster_a.get_absolute_url()).content.decode()
    assert 'data-testid="open-courses"' in body
    assert "AI for energy" in body and "Old course" not in body
    kpis = reverse("learning:kpis", args=[member_cast.cluster_a.slug])
    assert kpis not in body
    staff = Client()
    staff.force_login(member_cast.staff_a)
    assert kpis in staff.get(member_cast.cluster_a.get_absolute_url()).content.decode()
