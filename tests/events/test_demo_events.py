"""The events demo: idempotent, with realistic past attendance and a full upcoming event."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from klynge.demo import clusters as demo_clusters
from klynge.demo import events as demo_events
from klynge.events.models import Event, Feedback, Registration

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_allowed")]


def counts() -> tuple[int, int, int]:
    return Event.objects.count(), Registration.objects.count(), Feedback.objects.count()


def check_story() -> None:
    sem = Event.objects.filter(cluster__slug="nce-smart-energy-markets")
    past = sem.filter(title="Partner Conference 2022").get()
    assert "Cluster Partner of the Year" in past.description
    assert past.registrations.filter(status="attended").count() > 100
    assert past.registrations.filter(status="no_show").exists()
    assert Feedback.objects.filter(registration__event=past).exists()
    full = sem.get(title="Workshop: flexibility markets and grid tariffs")
    assert full.registration_state() == "open"
    seats = full.registrations.filter(status="confirmed").count()
    waiting = list(
        full.registrations.filter(status="waitlisted")
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    assert seats == full.capacity and waiting == list(range(1, len(waiting) + 1)) and waiting
    assert sem.filter(status="draft").exists()


def test_events_demo_works_without_the_member_registry() -> None:
    demo_clusters.load()
    demo_events.load()
    first = counts()
    demo_events.load()
    assert counts() == first
    check_story()


def test_full_demo_uses_member_people_and_is_idempotent() -> None:
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first
    check_story()
    upcoming = Event.objects.get(title="Partner Conference (next)")
    assert upcoming.registrations.filter(person__email="contact@member.demo").exists()
    assert upcoming.registrations.filter(organisation__isnull=False).count() > 50
