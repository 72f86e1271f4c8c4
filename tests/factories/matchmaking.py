"""Factories for B2B matchmaking, and `build_world`: a session with the standard cast in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from klynge.matchmaking.models import MatchmakingSession, Meeting, MeetingRequest, Participant

from .events import EventFactory, RegistrationFactory
from .members import PersonFactory


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = MatchmakingSession

    event = factory.SubFactory(EventFactory)
    title = "B2B meetings"
    day = factory.LazyAttribute(lambda o: timezone.localtime(o.event.starts_at).date())
    morning_start = time(9, 0)
    morning_slots = 4
    afternoon_start = time(13, 0)
    afternoon_slots = 2
    meeting_minutes = 20
    break_minutes = 5
    table_count = 3
    status = MatchmakingSession.Status.OPEN
    fairness = 2


class ParticipantFactory(DjangoModelFactory):
    """A participant with a confirmed registration for the session's event."""

    class Meta:
        model = Participant

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory, language="en")  # mails in English in tests
    registration = factory.LazyAttribute(
        lambda o: RegistrationFactory(event=o.session.event, person=o.person)
    )
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    offers = ""
    needs = ""


class MeetingRequestFactory(DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    session = factory.LazyAttribute(lambda o: o.requester.session)
    requester = factory.SubFactory(ParticipantFactory)
    invitee = factory.SubFactory(
        ParticipantFactory, session=factory.SelfAttribute("..requester.session")
    )
    message = "Let us talk about flexibility markets."


def make_meeting(p: Participant, q: Participant, **fields: Any) -> Meeting:
    """An active meeting between two participants (ordered as the model wants)."""
    a, b = (p, q) if p.pk < q.pk else (q, p)
    return Meeting.objects.create(session=p.session, a=a, b=b, **fields)


@dataclass
class World:
    cast: Any
    session: MatchmakingSession
    me: Participant  # contact_a's participant row
    other: Participant  # contact_b's participant row
    extra: list[Participant]


def build_world(cast: Any, *, extra: int = 2, **session_fields: Any) -> World:
    """An open session on a public event of cluster A; contact_a and contact_b take part."""
    event = EventFactory(cluster=cast.cluster_a)
    session = SessionFactory(event=event, **session_fields)
    for contact in (cast.contact_a, cast.contact_b):
        contact.person.language = "en"
        contact.person.save(update_fields=["language"])
    me = ParticipantFactory(session=session, person=cast.contact_a.person)
    other = ParticipantFactory(session=session, person=cast.contact_b.person)
    more = ParticipantFactory.create_batch(extra, session=session)
    return World(cast, session, me, other, more)
