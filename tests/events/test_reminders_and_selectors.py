"""Reminder task (django-tasks, immediate backend in tests), and the selectors others include."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string

from klynge.core.errors import ConflictError, DomainError
from klynge.events.models import Event
from klynge.events.selectors import (
    event_list_upcoming_for_cluster,
    events_attended_by_organisation,
)
from klynge.events.services.events import event_cancel, event_create, event_delete, event_update
from klynge.events.tasks import send_event_reminders
from tests.factories.events import EventFactory, RegistrationFactory, in_days
from tests.factories.members import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_reminder_task_mails_confirmed_people_once(run_on_commit: None) -> None:
    event = EventFactory(title="Energy data webinar", starts_at=in_days(1), ends_at=in_days(1, 12))
    confirmed = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="waitlisted", waitlist_position=1)
    RegistrationFactory(event=event, status="cancelled")
    result = send_event_reminders.enqueue(event.pk)
    assert result.return_value == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([confirmed.person.email], "Reminder: Energy data webinar")
    ]
    assert mail.outbox[0].attachments[0][2] == "text/calendar"
    assert send_event_reminders.enqueue(event.pk).return_value == 0
    confirmed.refresh_from_db()
    assert confirmed.reminded_at is not None


def test_reminders_skip_past_and_unpublished_events_and_the_command_queues_due_ones(
    run_on_commit: None,
) -> None:
    past = EventFactory(starts_at=in_days(-1), ends_at=in_days(-1, 12))
    draft = EventFactory(status=Event.Status.DRAFT, starts_at=in_days(0.5))
    soon = EventFactory(
        starts_at=in_days(0.5, 23), ends_at=in_days(0.5, 23) + datetime.timedelta(hours=1)
    )
    later = EventFactory(starts_at=in_days(9))
    for event in (past, draft, soon, later):
        RegistrationFactory(event=event)
    assert send_event_reminders.enqueue(past.pk).return_value == 0
    assert send_event_reminders.enqueue(draft.pk).return_value == 0
    out = StringIO()
    call_command("send_event_reminders", "--hours", "48", stdout=out)
    assert "Queued reminders for 1 event(s)." in out.getvalue()
    assert len(mail.outbox) == 1


def test_events_attended_by_organisation_and_its_tab(cast: Any) -> None:
    org = OrganisationFactory(name="Fredrikstad Energi")
    old = EventFactory(
        cluster=cast.cluster_a,
        title="Conference 2024",
        starts_at=in_days(-400),
        ends_at=in_days(-400, 17),
    )
    new = EventFactory(
        cluster=cast.cluster_a, title="Workshop", starts_at=in_days(-10), ends_at=in_days(-10, 17)
    )
    for _ in range(2):
        RegistrationFactory(event=new, person=PersonFactory(organisation=org), status="attended")
    RegistrationFactory(event=old, person=PersonFactory(organisation=org), status="attended")
    RegistrationFactory(event=old, person=PersonFactory(organisation=org), status="no_show")
    RegistrationFactory(
        event=EventFactory(), person=PersonFactory(organisation=org), status="confirmed"
    )
    events = list(events_attended_by_organisation(org))
    assert [(e.title, e.attendees) for e in events] == [("Workshop", 2), ("Conference 2024", 1)]
    html = render_to_string("events/_organisation_tab.html", {"events": events})
    assert "Workshop" in html and "Attendees from here" in html
    empty = render_to_string("events/_organisation_tab.html", {"events": []})
    assert "Nobody from this organisation has attended" in empty


def test_upcoming_for_cluster_and_its_snippet(cast: Any) -> None:
    full = EventFactory(cluster=cast.cluster_a, title="Full one", capacity=1, starts_at=in_days(2))
    RegistrationFactory(event=full)
    EventFactory(cluster=cast.cluster_a, title="Later", starts_at=in_days(30))
    EventFactory(cluster=cast.cluster_a, title="Draft", status=Event.Status.DRAFT)
    EventFactory(cluster=cast.cluster_b, title="Elsewhere")
    upcoming = event_list_upcoming_for_cluster(cluster=cast.cluster_a, user=cast.staff_a)
    assert [e.title for e in upcoming] == ["Full one", "Later"]
    html = render_to_string(
        "events/_cluster_upcoming.html", {"upcoming_events": upcoming, "cluster": cast.cluster_a}
    )
    assert "full, waiting list open" in html and "/events/feeds/clusters/cluster-a.ics" in html


def test_event_service_rules(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    naive = datetime.datetime(2031, 1, 1, 9, 0)
    with pytest.raises(DomainError) as error:
        event_create(
            actor=cast.staff_a, cluster=cast.cluster_a, title="X", starts_at=naive, ends_at=naive
        )
    assert error.value.field == "starts_at"
    with pytest.raises(DomainError) as error:
        event_create(
            actor=cast.staff_a,
            cluster=cast.cluster_a,
            title="X",
            starts_at=in_days(5),
            ends_at=in_days(6),
            registration_closes_at=in_days(7),
        )
    assert error.value.field == "registration_closes_at"
    event = event_create(
        actor=cast.staff_a,
        cluster=cast.cluster_a,
        title="X",
        starts_at=in_days(5),
        ends_at=in_days(6),
    )
    with pytest.raises(DomainError):
        event_update(actor=cast.staff_a, event=event, status=Event.Status.CANCELLED)
    RegistrationFactory(event=event)
    with pytest.raises(DomainError) as error:
        event_update(
            actor=cast.staff_a,
            event=event,
            questions=[{"label": "New", "kind": "text", "choices": [], "required": False}],
        )
    assert error.value.field == "questions_text"
    with pytest.raises(ConflictError):
        event_delete(actor=cast.staff_a, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        assert event_cancel(actor=cast.manager_a, event=event) == 1
    with pytest.raises(ConflictError):
        event_cancel(actor=cast.manager_a, event=event)
    assert len(mail.outbox) == 1
