"""iCalendar (.ics) for one event, a cluster's public feed and a person's personal feed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from typing import Any

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as ICalEvent

from klynge.core.links import absolute_url

from .models import Event

PRODID = "-//Klynge//Events//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    return calendar


def _component(event: Event, method_cancelled: bool = False) -> ICalEvent:
    item = ICalEvent()
    item.add("uid", f"event-{event.pk}@klynge")
    item.add("dtstamp", timezone.now().astimezone(UTC))
    item.add("dtstart", event.starts_at.astimezone(UTC))
    item.add("dtend", event.ends_at.astimezone(UTC))
    item.add("summary", event.title)
    url = absolute_url(event.get_absolute_url())
    item.add("url", url)
    description = event.description
    if event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    item.add("description", f"{description}\n\n{url}".strip())
    location = event.venue or event.online_url
    if location:
        item.add("location", location)
    cancelled = method_cancelled or event.status == Event.Status.CANCELLED
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def event_ics(event: Event) -> bytes:
    calendar = _calendar(event.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_component(event))
    return calendar.to_ical()


def feed_ics(name: str, events: Iterable[Event], extra: Iterable[Any] = ()) -> bytes:
    """A calendar of events, plus `extra` components other apps contribute (course sessions, B2B
    meetings) through the "personal_calendar" extension slot."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(event))
    for component in extra:
        calendar.add_component(component)
    return calendar.to_ical()
