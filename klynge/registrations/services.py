"""Take a place, leave it, hand it on: the one service behind event registrations and enrolments.

Every place decision goes through `klynge.core.capacity` under the resource's row lock (the event,
the course). `place_take` checks everything before it writes anything (the guest's Person row
included), then writes the person, the holder row, the audit entries and the mail in one
transaction: a refused registration leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor, Viewer
from klynge.core import capacity
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.members.models import Organisation, Person

from .permissions import COLLEAGUE, STAFF

TEAM_SOURCES = (STAFF, "import")
"""Sources of places the resource's team gives (by hand or by import): they pass the gates."""

Check = Callable[[Any, Organisation | None], dict[str, Any]]
"""The app's own checks: (locked resource, organisation) -> extra holder fields, or DomainError."""


@dataclass(frozen=True)
class Notices:
    """The app's mails, each taking ids; the hub sends them after the transaction commits."""

    taken: Callable[[int], None]
    promoted: Callable[[Iterable[int]], None]
    left: Callable[[int], None]


@dataclass(frozen=True)
class Texts:
    """What an app says when a place cannot be taken or left (lazy strings)."""

    already: str | Promise  # "%(name)s is already registered for this event."
    already_left: str | Promise  # "This registration is already cancelled."
    not_of_organisation: str | Promise  # "Only people of your organisation can be registered."
    capacity_too_low: str | Promise  # "Capacity must be at least 1, or empty for no limit."


@dataclass(frozen=True)
class Kind:
    """How one app keeps its places: the holder model and its fields, statuses, texts and mails.

    By convention the audit actions are "klynge.<app>.<holder model>.<created|promoted|left>"
    and "klynge.<app>.<resource model>.capacity_changed", leaving sets `<left_status>_at`, and a
    second leave answers the code "already_<left_status>".
    """

    model: type[models.Model]
    resource: str  # the holder's foreign key to the resource: "event", "course"
    held_statuses: Sequence[str]  # statuses that hold a place
    placed_status: str  # the status of a new holder with a place
    left_status: str  # the status after leaving: "cancelled", "dropped"
    by_field: str  # the login that made the registration
    promoted_at: str  # the time field set when a waiting holder gets a place
    placed_at: str | None  # the time field set when a new holder gets a place (None: none)
    notices: Notices
    texts: Texts
    already_code: str  # "already_registered"
    already_field: str  # the field the "already" error points at
    fills_places: Callable[[Any], bool]  # whether a freed place goes to the waiting list now
    may_leave: Callable[[Any], None]  # raises DomainError when the holder cannot leave
    state: Callable[[Any], str]  # the resource's state for new places: "open", "closed", ...
    refusals: Mapping[str, str | Promise]  # what each state but "open" says
    refusal_code: str  # a refusal's code is "<refusal_code>_<state>"
    team_states: Collection[str] = ()  # states in which the team (staff, import) still takes places
    audited_fields: tuple[str, ...] = ()  # holder fields that go into the "created" audit entry
    waiting_status: str = capacity.WAITLISTED

    @property
    def audit(self) -> str:
        return f"klynge.{self.model._meta.app_label}.{self.model._meta.model_name}"

    @property
    def resource_audit(self) -> str:
        related = self.model._meta.get_field(self.resource).related_model
        if not isinstance(related, type):
            raise TypeError(f"{self.resource!r} is no foreign key to a model")
        return f"klynge.{related._meta.app_label}.{related._meta.model_name}"

    def holders(self, resource: Any) -> models.QuerySet[Any]:
        return self.model._default_manager.filter(**{f"{self.resource}_id": resource.pk})

    def pool(self, resource: Any) -> capacity.Pool:
        return capacity.Pool(
            holders=self.holders(resource),
            held_statuses=self.held_statuses,
            waiting_status=self.waiting_status,
            position_field="waitlist_position",
        )

    def check_open(self, resource: Any, source: str) -> None:
        """DomainError unless the resource takes places now (the team's: in `team_states` too)."""
        state = self.state(resource)
        if state == "open" or (source in TEAM_SOURCES and state in self.team_states):
            return
        raise DomainError(str(self.refusals[state]), code=f"{self.refusal_code}_{state}")

    def conflict(self, person: Person) -> ConflictError:
        message = str(self.texts.already) % {"name": person.full_name}
        return ConflictError(message, code=self.already_code, field=self.already_field)


@dataclass
class Guest:
    """Someone given by name and email (public form, API, staff), found or created by `place_take`."""

    full_name: str
    email: str
    organisation_name: str = ""
    phone: str = ""
    language: str = ""  # the language they registered in; their mails follow it
    organisation: Organisation | None = None  # for a new Person (staff know the organisation)
    extra: dict[str, Any] = field(default_factory=dict)


def guest_person_find(email: str) -> Person | None:
    """The Person a guest's email stands for: the oldest one with it, no login, not anonymised.

    A guest never takes over a Person with a login (that person registers by logging in, or is
    registered by id). Uses the expression index on lower(email) (members_person_lower_email_idx).
    """
    same_email = (
        Person.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower(), anonymised_at__isnull=True)
        .select_related("organisation")
        .order_by("pk")
    )
    # The few rows with this email are read through the index and the login is checked here: a
    # `user IS NULL` condition would tempt SQLite into the (unique) user index instead.
    return next((person for person in same_email if person.user_id is None), None)


def _check_guest(guest: Guest) -> None:
    if not guest.full_name.strip():
        raise DomainError(_("Give a name."), field="full_name")
    try:
        validate_email(guest.email.strip())
    except ValidationError as error:
        raise DomainError(_("Enter a valid email address."), field="email") from error


def _check_anonymised(person: Person | None) -> None:
    """One rule for every app: an anonymised person is not registered again."""
    if person is not None and person.anonymised_at is not None:
        raise DomainError(_("This person's data has been anonymised."), field="person")


def _check_once(kind: Kind, resource: Any, person: Person | None) -> None:
    """Nobody holds two places in one resource (the database constraint backs this up)."""
    if person is None:
        return
    active = kind.holders(resource).filter(person_id=person.pk).exclude(status=kind.left_status)
    if active.exists():
        raise kind.conflict(person)


def _guest_person_create(actor: Viewer | None, guest: Guest, cluster_id: int, via: str) -> Person:
    language = guest.language if guest.language in dict(settings.LANGUAGES) else None
    person = Person.objects.create(
        full_name=guest.full_name.strip(),
        email=guest.email.strip().lower(),
        phone=guest.phone.strip(),
        organisation=guest.organisation,
        **({"language": language} if language else {}),
    )
    log_action(
        actor=actor,
        action="klynge.members.person.created",
        target=person,
        cluster=cluster_id,
        data={"via": via, "organisation": guest.organisation.pk if guest.organisation else None},
    )
    return person


def place_take(
    *,
    kind: Kind,
    actor: Viewer | None,
    resource: Any,
    source: str,
    person: Person | None = None,
    guest: Guest | None = None,
    organisation: Organisation | None = None,
    check: Check,
    claims: bool = True,
    other_status: str = "",
) -> Any:
    """Give `person` (or the `guest`'s person) a place, or the next waiting position.

    All checks (the guest's fields, anonymised, open, the app's `check`, already registered) run
    first;
    then, in one transaction under the resource's lock, the guest's Person (if new), the holder
    row, the audit entries and the mail. `claims=False` takes no place: the holder gets
    `other_status` (an application). Returns the holder row.

    `actor` may be an anonymous visitor (a public guest form) or None (no one in particular): the
    holder's `by_field` then stays empty.
    """
    if (person is None) == (guest is None):
        raise ValueError("give a person or a guest")
    if guest is not None:
        _check_guest(guest)
    try:
        with transaction.atomic():
            locked = capacity.lock(resource)
            if guest is not None:
                person = guest_person_find(guest.email)
                organisation = organisation or guest.organisation
            if person is not None and organisation is None and person.organisation_id:
                organisation = person.organisation
            _check_anonymised(person)
            kind.check_open(locked, source)
            fields = check(locked, organisation)
            _check_once(kind, locked, person)
            # Every check has passed: from here on, write.
            if person is None:
                assert guest is not None
                person = _guest_person_create(actor, guest, locked.cluster_id, kind.audit)
            status, position = other_status, None
            if claims:
                decision = capacity.claim(kind.pool(locked), capacity=locked.capacity)
                status = kind.placed_status if decision.is_confirmed else kind.waiting_status
                position = decision.position
                if kind.placed_at and decision.is_confirmed:
                    fields[kind.placed_at] = timezone.now()
            by = actor if actor is not None and actor.is_authenticated else None
            holder = kind.model._default_manager.create(
                **{kind.resource: locked, kind.by_field: by},
                person=person,
                organisation=organisation,
                status=status,
                waitlist_position=position,
                source=source,
                **fields,
            )
            data = {"status": status, "position": position, "source": source}
            data.update({name: fields[name] for name in kind.audited_fields if name in fields})
            log_action(
                actor=actor,
                action=f"{kind.audit}.created",
                target=holder,
                data=data,
                cluster=locked.cluster_id,
            )
            kind.notices.taken(holder.pk)
    except IntegrityError as exc:
        if person is None:
            raise
        raise kind.conflict(person) from exc
    return holder


def places_take_colleagues(
    *,
    kind: Kind,
    organisation: Organisation,
    people: Sequence[Person],
    take: Callable[..., Any],
) -> list[Any]:
    """A member contact registers colleagues of their organisation: all or nothing.

    `take(person=, organisation=, source="colleague")` is the app's create service (its resource
    bound, e.g. with `functools.partial`).
    """
    if not people:
        raise DomainError(_("Choose at least one colleague."), field="people")
    if any(person.organisation_id != organisation.pk for person in people):
        raise DomainError(str(kind.texts.not_of_organisation), field="people")
    with transaction.atomic():
        return [
            take(person=person, organisation=organisation, source=COLLEAGUE) for person in people
        ]


def place_leave(*, kind: Kind, actor: Viewer | None, holder: Any) -> list[int]:
    """Leave (cancel, drop); a freed place goes to the first waiting holder. Returns promoted ids.

    `actor` may be an anonymous visitor (the personal link in the mails needs no login) or None."""
    manager = kind.model._default_manager
    with transaction.atomic():
        resource = capacity.lock(getattr(holder, kind.resource))
        # The app's holder model: `status` and `waitlist_position` by the convention of `Kind`.
        current: Any = manager.get(pk=holder.pk)
        if current.status == kind.left_status:
            raise ConflictError(str(kind.texts.already_left), code=f"already_{kind.left_status}")
        kind.may_leave(current)
        old_status, old_position = current.status, current.waitlist_position
        manager.filter(pk=current.pk).update(
            status=kind.left_status,
            waitlist_position=None,
            **{f"{kind.left_status}_at": timezone.now()},
        )
        pool = kind.pool(resource)
        promoted: list[int] = []
        if old_status == kind.waiting_status and old_position:
            capacity.leave_queue(pool, position=old_position)
        elif old_status in kind.held_statuses and kind.fills_places(resource):
            promoted = _promote(kind, resource)
        log_action(
            actor=actor,
            action=f"{kind.audit}.{kind.left_status}",
            target=current,
            data={"was": old_status, "promoted": promoted},
            cluster=resource.cluster_id,
        )
        _after_promotion(kind, actor, resource, promoted)
        kind.notices.left(current.pk)
    holder.refresh_from_db()
    return promoted


def places_set_capacity(
    *, kind: Kind, actor: Actor | None, resource: Any, capacity_value: int | None
) -> dict[str, Any]:
    """Change the capacity: raising promotes waiting holders in order; lowering never removes anyone.

    Returns {"promoted": [ids], "over_by": k}, k > 0 saying how many holders exceed the capacity.
    A capacity below 1 is refused with the app's `capacity_too_low`.
    """
    if capacity_value is not None and capacity_value < 1:
        raise DomainError(str(kind.texts.capacity_too_low), field="capacity")
    with transaction.atomic():
        locked = capacity.lock(resource)
        old = locked.capacity
        type(locked)._default_manager.filter(pk=locked.pk).update(capacity=capacity_value)
        locked.capacity = capacity_value
        promoted = _promote(kind, locked) if kind.fills_places(locked) else []
        over_by = capacity.overflow(kind.pool(locked), capacity=capacity_value)
        log_action(
            actor=actor,
            action=f"{kind.resource_audit}.capacity_changed",
            target=locked,
            data={"from": old, "to": capacity_value, "promoted": promoted, "over_by": over_by},
        )
        _after_promotion(kind, actor, locked, promoted)
    resource.capacity = capacity_value
    return {"promoted": promoted, "over_by": over_by}


def _promote(kind: Kind, resource: Any) -> list[int]:
    return capacity.promote(
        kind.pool(resource),
        capacity=resource.capacity,
        confirmed_status=kind.placed_status,
        **{kind.promoted_at: timezone.now()},
    )


def _after_promotion(kind: Kind, actor: Viewer | None, resource: Any, promoted: list[int]) -> None:
    holders = kind.model._default_manager.filter(pk__in=promoted).select_related(kind.resource)
    for holder in holders.order_by("pk"):
        log_action(
            actor=actor,
            action=f"{kind.audit}.promoted",
            target=holder,
            cluster=resource.cluster_id,
        )
    if promoted:
        kind.notices.promoted(promoted)
