"""Parts of other apps' pages, registered in `MatchmakingConfig.ready()` (klynge.core.extensions).

* "event_sections" → "B2B meetings" on the event page: the event's sessions the viewer may see,
  whether they take part, and (for the organiser) a link to create one.
* "personal_calendar" → the person's published B2B meetings for the personal iCal feed (the
  context holds `components`: icalendar VEVENTs).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from klynge.accounts.typing import Viewer
from klynge.core.extensions import Section, register
from klynge.events.models import Event
from klynge.members.models import Person

from .models import MatchmakingSession, Participant
from .permissions import can_create_session, can_view_session


def event_section_context(viewer: Viewer, event: Event) -> dict[str, Any]:
    sessions = [
        s
        for s in MatchmakingSession.objects.filter(event=event).select_related("event")
        if can_view_session(viewer, s)
    ]
    mine: set[int] = set()
    if viewer.is_authenticated and sessions:
        mine = set(
            Participant.objects.filter(
                session__in=sessions, person__user=viewer, is_active=True
            ).values_list("session_id", flat=True)
        )
    return {
        "b2b_event": event,
        "b2b_sessions": [{"session": s, "taking_part": s.pk in mine} for s in sessions],
        "b2b_can_create": can_create_session(viewer, event),
    }


def event_section_visible(viewer: Viewer, event: Event) -> bool:
    if can_create_session(viewer, event):
        return True
    return any(can_view_session(viewer, s) for s in MatchmakingSession.objects.filter(event=event))


def personal_calendar_context(viewer: Viewer, person: Person) -> dict[str, Any]:
    from .calendars import agenda_components
    from .selectors.agendas import agenda_for

    components = []
    profiles = Participant.objects.filter(
        person=person, is_active=True, session__published_version__gt=0
    ).select_related("session__event", "person")
    for participant in profiles:
        components += agenda_components(agenda_for(participant, published=True))
    return {"components": components}


def register_sections() -> None:
    register(
        "event_sections",
        Section(
            key="b2b",
            label=_("B2B meetings"),
            template="matchmaking/_event_section.html",
            context=event_section_context,
            order=30,
            visible=event_section_visible,
        ),
    )
    register(
        "personal_calendar",
        Section(
            key="b2b",
            label=_("B2B meetings"),
            template="",
            context=personal_calendar_context,
            order=30,
        ),
    )
