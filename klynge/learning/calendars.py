"""iCalendar for course sessions: one course's .ics and the entries for a person's personal feed."""

from __future__ import annotations

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as ICalEvent

from klynge.core.links import absolute_url
from klynge.members.models import Person

from .models import PLACE_STATUSES, Course, CourseSession

PRODID = "-//Klynge//Learning//EN"


def session_component(session: CourseSession, course: Course) -> ICalEvent:
    """One session as a VEVENT; the UID is stable, so calendars update it in place."""
    item = ICalEvent()
    item.add("uid", f"course-session-{session.pk}@klynge")
    item.add("dtstamp", timezone.now().astimezone(UTC))
    item.add("dtstart", session.starts_at.astimezone(UTC))
    item.add("dtend", session.ends_at.astimezone(UTC))
    item.add("summary", f"{course.title}: {session.title}" if session.title else course.title)
    url = absolute_url(course.get_absolute_url())
    item.add("url", url)
    item.add("description", "\n\n".join(p for p in (session.online_url, url) if p))
    location = session.venue or session.online_url
    if location:
        item.add("location", location)
    item.add("status", "CANCELLED" if course.status == Course.Status.CANCELLED else "CONFIRMED")
    return item


def course_ics(course: Course) -> bytes:
    """Every session of a course in one calendar file (attached to the confirmation mails)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", course.title)
    for session in course.sessions.all():
        calendar.add_component(session_component(session, course))
    return calendar.to_ical()


def course_sessions_for_person(person: Person) -> list[ICalEvent]:
    """Calendar entries for the sessions of every course the person has (or had) a place on.

    Meant for the person's personal iCal feed (`events:personal_feed`): add each entry to that
    feed's calendar. Drafts are left out; cancelled courses come with STATUS:CANCELLED so
    subscribed calendars remove them. Two queries.
    """
    sessions = (
        CourseSession.objects.filter(
            course__enrolments__person=person,
            course__enrolments__status__in=PLACE_STATUSES,
        )
        .exclude(course__status=Course.Status.DRAFT)
        .select_related("course")
        .distinct()
        .order_by("starts_at", "pk")
    )
    return [session_component(session, session.course) for session in sessions]
