from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from klynge.events.models import Event, Registration

from .clusters import ClusterFactory
from .members import PersonFactory


def in_days(days: float, hour: int = 9) -> datetime.datetime:
    """An aware time `days` from now at `hour` o'clock Oslo time."""
    oslo = timezone.localtime(timezone.now() + datetime.timedelta(days=days))
    return oslo.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    cluster = factory.SubFactory(ClusterFactory)
    kind = Event.Kind.SEMINAR
    title = factory.Sequence(lambda n: f"Seminar {n}")
    description = "A fictional test event."
    starts_at = factory.LazyFunction(lambda: in_days(14, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    venue = "Halden"
    audience = Event.Audience.PUBLIC
    status = Event.Status.PUBLISHED
    capacity = None


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    status = Registration.Status.CONFIRMED
