"""Limited resources that never oversell: seats, places, slots, quotas.

One mechanism for every "N places, then a waiting list" rule in Klynge (event seats today; course
places and B2B slots next). It knows nothing about events or courses: the caller describes its rows
with a `Pool` and gets decisions back.

How it stays correct under concurrency
--------------------------------------
Every operation runs inside the caller's `transaction.atomic()` and starts by locking the *resource*
row (the event, the course session, the slot) with `SELECT ... FOR UPDATE`. Two transactions that
want a place in the same resource therefore queue on that one row; the second one counts the
holders only after the first has committed, so the count it sees is the truth. Locking the parent
row (not the holder rows) also covers the "phantom" case: a new holder row that does not exist yet
cannot be locked, but its parent can.

* PostgreSQL: `select_for_update()` takes the row lock; READ COMMITTED gives each statement a fresh
  snapshot, so the count after the lock sees every committed holder.
* SQLite: `select_for_update()` is a no-op, but the project's settings open every transaction with
  `BEGIN IMMEDIATE`, which takes the database's single write lock at the start of the transaction;
  writers are serialised before they count. The `timeout` option (30 s) makes them wait instead of
  failing with "database is locked".

Waiting positions are dense (1, 2, 3, ...): joining takes `last + 1`, leaving or being promoted
moves everybody behind forward. They are only ever changed under the resource lock.

Typical use (see `klynge/events/services/registrations.py`)::

    pool = Pool(holders=Registration.objects.filter(event=event),
                held_statuses=("confirmed", "attended"), waiting_status="waitlisted",
                position_field="waitlist_position")
    with transaction.atomic():
        locked_event = lock(event)                 # the FOR UPDATE lock; fresh capacity
        decision = claim(pool, capacity=locked_event.capacity)
        Registration.objects.create(..., status=decision.status, waitlist_position=decision.position)

    with transaction.atomic():                     # a holder left: fill the free places
        locked_event = lock(event)
        ...mark the registration cancelled, then:
        promoted_ids = promote(pool, capacity=locked_event.capacity, confirmed_status="confirmed")

`overflow(pool, capacity)` says by how many holders a lowered capacity is exceeded: confirmed people
are never cancelled by a capacity change, the resource is simply over capacity until people leave.

The module-level `LOCKING` flag exists ONLY so the concurrency control test can prove that its
assertions fail without the lock. Never change it anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import F, Max, QuerySet

LOCKING = True
"""Take the row lock. Only the control test sets this to False (to show the test can fail)."""

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Pool:
    """The holders of one resource, and how to read them.

    `holders`: every row that belongs to the resource (any status); `held_statuses`: the statuses
    that occupy a place (e.g. confirmed, attended); `waiting_status`: the status of the waiting list;
    `position_field`: the integer field with the 1-based waiting position (NULL when not waiting).
    """

    holders: QuerySet[Any]
    held_statuses: Sequence[str]
    waiting_status: str = WAITLISTED
    status_field: str = "status"
    position_field: str = "waitlist_position"

    def held(self) -> QuerySet[Any]:
        return self.holders.filter(**{f"{self.status_field}__in": list(self.held_statuses)})

    def waiting(self) -> QuerySet[Any]:
        return self.holders.filter(**{self.status_field: self.waiting_status}).order_by(
            self.position_field, "pk"
        )


@dataclass(frozen=True)
class Decision:
    """What a new claimant gets: a place ("confirmed") or a waiting position ("waitlisted")."""

    status: str
    position: int | None = None

    @property
    def is_confirmed(self) -> bool:
        return self.status == CONFIRMED


def _require_atomic() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("capacity operations must run inside transaction.atomic()")


def lock(resource: M) -> M:
    """Re-read `resource` with a row lock held until the transaction ends; returns the fresh row.

    Use the returned object's capacity, not the caller's copy: another transaction may have changed
    it. On SQLite the IMMEDIATE transaction already holds the write lock.
    """
    _require_atomic()
    manager = type(resource)._default_manager
    if LOCKING:
        return manager.select_for_update().get(pk=resource.pk)
    return manager.get(pk=resource.pk)


def free_places(pool: Pool, capacity: int | None) -> int | None:
    """Places left (never negative), or None when the resource has no limit."""
    if capacity is None:
        return None
    return max(0, capacity - pool.held().count())


def next_position(pool: Pool) -> int:
    last = pool.waiting().aggregate(last=Max(pool.position_field))["last"]
    return (last or 0) + 1


def claim(pool: Pool, *, capacity: int | None) -> Decision:
    """Decide whether a new claimant gets a place or the next waiting position.

    Call after `lock()` in the same transaction, then create the holder row with the decision.
    Nobody jumps the queue: while anyone is waiting, a newcomer waits too, even if a place is free
    (the free place belongs to the first waiting person; call `promote` to hand it over).
    """
    _require_atomic()
    places = free_places(pool, capacity)
    queue_empty = not pool.waiting().exists()
    if places is None or (places > 0 and queue_empty):
        return Decision(CONFIRMED)
    return Decision(WAITLISTED, next_position(pool))


def promote(
    pool: Pool, *, capacity: int | None, confirmed_status: str = CONFIRMED, **changes: Any
) -> list[int]:
    """Give free places to the first waiting holders, in order; returns the promoted primary keys.

    Call after `lock()` (after a cancellation or a capacity raise). `changes` are extra field values
    set on the promoted rows (e.g. `promoted_at=now`). The rest of the queue moves forward.
    """
    _require_atomic()
    places = free_places(pool, capacity)
    waiting = pool.waiting()
    if places is None:
        chosen = list(waiting.values_list("pk", pool.position_field))
    else:
        chosen = list(waiting.values_list("pk", pool.position_field)[:places]) if places else []
    if not chosen:
        return []
    pool.holders.filter(pk__in=[pk for pk, _ in chosen]).update(
        **{pool.status_field: confirmed_status, pool.position_field: None}, **changes
    )
    _shift(pool, behind=max(position for _, position in chosen), by=len(chosen))
    return [pk for pk, _ in chosen]


def leave_queue(pool: Pool, *, position: int) -> None:
    """Move everybody behind `position` forward by one, after that holder left the waiting list.

    Call after changing the leaver's status (and clearing their position), under the lock.
    """
    _require_atomic()
    _shift(pool, behind=position, by=1)


def _shift(pool: Pool, *, behind: int, by: int) -> None:
    pool.waiting().filter(**{f"{pool.position_field}__gt": behind}).update(
        **{pool.position_field: F(pool.position_field) - by}
    )


def overflow(pool: Pool, *, capacity: int | None) -> int:
    """How many holders exceed the capacity (0 when within it or unlimited)."""
    if capacity is None:
        return 0
    return max(0, pool.held().count() - capacity)
