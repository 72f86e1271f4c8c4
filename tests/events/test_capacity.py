"""The generic capacity mechanism (klynge.core.capacity) and the event services built on it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from klynge.core import capacity
from klynge.core.models import AuditEntry
from klynge.events.models import Registration
from klynge.events.services.registrations import (
    event_set_capacity,
    registration_cancel,
    registration_create,
    seat_pool,
)
from tests.factories.events import EventFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db


def fill(event: Any, count: int) -> list[Registration]:
    return [
        registration_create(actor=None, event=event, person=p)
        for p in PersonFactory.create_batch(count)
    ]


def statuses(event: Any) -> list[tuple[str, int | None]]:
    return list(
        Registration.objects.filter(event=event)
        .order_by("pk")
        .values_list("status", "waitlist_position")
    )


@pytest.mark.django_db(transaction=True)
def test_operations_refuse_to_run_outside_a_transaction() -> None:
    event = EventFactory(capacity=2)
    with pytest.raises(RuntimeError, match="atomic"):
        capacity.lock(event)
    with pytest.raises(RuntimeError, match="atomic"):
        capacity.claim(seat_pool(event), capacity=2)


def test_unlimited_event_confirms_everyone() -> None:
    event = EventFactory(capacity=None)
    fill(event, 5)
    assert statuses(event) == [("confirmed", None)] * 5


def test_full_event_queues_in_order_and_decision_reads_fresh_capacity() -> None:
    event = EventFactory(capacity=2)
    fill(event, 4)
    assert statuses(event) == [("confirmed", None)] * 2 + [("waitlisted", 1), ("waitlisted", 2)]
    with transaction.atomic():
        stale = EventFactory._meta.model.objects.get(pk=event.pk)
        type(stale).objects.filter(pk=event.pk).update(capacity=10)
        locked = capacity.lock(stale)
        assert locked.capacity == 10


def test_newcomer_does_not_jump_the_queue_when_a_seat_is_free() -> None:
    event = EventFactory(capacity=1)
    fill(event, 2)
    # A seat frees without promotion (e.g. marked outside the service): the queue still goes first.
    Registration.objects.filter(event=event, status="confirmed").update(status="cancelled")
    with transaction.atomic():
        decision = capacity.claim(seat_pool(event), capacity=1)
    assert decision == capacity.Decision("waitlisted", 2)


def test_cancel_confirmed_promotes_first_waiting_and_renumbers() -> None:
    event = EventFactory(capacity=2)
    regs = fill(event, 5)
    promoted = registration_cancel(actor=None, registration=regs[0])
    assert promoted == [regs[2].pk]
    assert statuses(event) == [
        ("cancelled", None),
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert Registration.objects.get(pk=regs[2].pk).promoted_at is not None
    assert AuditEntry.objects.filter(action="klynge.events.registration.promoted").count() == 1


def test_leaving_the_queue_moves_those_behind_forward() -> None:
    event = EventFactory(capacity=1)
    regs = fill(event, 4)
    assert registration_cancel(actor=None, registration=regs[2]) == []
    assert statuses(event)[1:] == [("waitlisted", 1), ("cancelled", None), ("waitlisted", 2)]


def test_raising_capacity_promotes_in_order_and_lowering_never_cancels() -> None:
    event = EventFactory(capacity=2)
    regs = fill(event, 6)
    outcome = event_set_capacity(actor=None, event=event, capacity_value=4)
    assert outcome == {"promoted": [regs[2].pk, regs[3].pk], "over_by": 0}
    assert statuses(event)[4:] == [("waitlisted", 1), ("waitlisted", 2)]

    outcome = event_set_capacity(actor=None, event=event, capacity_value=1)
    assert outcome == {"promoted": [], "over_by": 3}
    assert Registration.objects.filter(event=event, status="confirmed").count() == 4

    outcome = event_set_capacity(actor=None, event=event, capacity_value=None)
    assert outcome == {"promoted": [regs[4].pk, regs[5].pk], "over_by": 0}
    entry = AuditEntry.objects.filter(action="klynge.events.event.capacity_changed").first()
    assert entry is not None and entry.data["to"] is None


def test_overflow_and_free_places_helpers() -> None:
    event = EventFactory(capacity=3)
    fill(event, 2)
    pool = seat_pool(event)
    assert capacity.free_places(pool, 3) == 1
    assert capacity.free_places(pool, None) is None
    assert capacity.overflow(pool, capacity=1) == 1
    assert capacity.overflow(pool, capacity=None) == 0
