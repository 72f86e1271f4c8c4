"""A participant's published B2B agenda as iCalendar (.ics)."""

from __future__ import annotations

from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as ICalEvent

from klynge.core.links import absolute_url

from .models import Participant
from .selectors.agendas import Agenda, agenda_for

PRODID = "-//Klynge//B2B meetings//EN"


def agenda_components(agenda: Agenda) -> list[ICalEvent]:
    participant = agenda.participant
    session = participant.session
    venue = session.event.venue
    components = []
    for item in agenda.items:
        assert item.slot is not None
        component = ICalEvent()
        component.add("uid", f"b2b-{item.meeting.pk}-{participant.pk}@klynge")
        component.add("dtstamp", timezone.now().astimezone(UTC))
        component.add("dtstart", item.slot.starts_at.astimezone(UTC))
        component.add("dtend", item.slot.ends_at.astimezone(UTC))
        who = item.other.person.full_name
        if item.organisation:
            who = f"{who} ({item.organisation})"
        component.add("summary", _("B2B meeting: %(who)s") % {"who": who})
        component.add(
            "description",
            f"{session.title} · {session.event.title}\n{item.table}\n"
            f"{absolute_url(participant.get_absolute_url())}",
        )
        component.add("location", f"{item.table}, {venue}" if venue else item.table)
        components.append(component)
    return components


def agenda_ics(participant: Participant) -> bytes:
    session = participant.session
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{session.title} – {session.event.title}")
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for component in agenda_components(agenda_for(participant, published=True)):
        calendar.add_component(component)
    return calendar.to_ical()
