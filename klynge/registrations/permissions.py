"""Who may take a place for whom, and as what: the one rule behind registrations and enrolments.

A place is taken by the resource's team (source "staff": anyone, guests included), by a person for
themselves ("self"), or by a member contact for a colleague of their organisation ("colleague").
The app gives its own predicates for each of these (`Rules`); this module decides which applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from klynge.accounts.typing import Viewer
from klynge.core.permissions import Predicate, is_authenticated, require
from klynge.members.models import Person
from klynge.members.roles import contact_organisation_id

STAFF = "staff"
SELF = "self"
COLLEAGUE = "colleague"


def never(user: Viewer, obj: Any = None) -> bool:
    """For a way in that an app does not offer (a course takes no self-service guest)."""
    return False


@dataclass(frozen=True)
class Rules:
    """An app's predicates, each taking (user, resource)."""

    manage: Predicate  # the team: register anyone ("staff")
    take_own: Predicate  # a person registers themselves ("self")
    take_for_colleagues: Predicate  # a member contact registers their organisation's people
    take_as_guest: Predicate = never  # a guest form without staff rights ("self")
    refusal: str = "can_register_person"  # the PermissionDenied of a person nobody may register


def is_own(user: Viewer, person: Person) -> bool:
    """The person is the user's own (their login's Person)."""
    return is_authenticated(user) and person.user_id is not None and person.user_id == user.pk


def is_colleague(user: Viewer, person: Person) -> bool:
    """The person belongs to the organisation the user speaks for as member contact."""
    organisation_id = contact_organisation_id(user)
    return organisation_id is not None and person.organisation_id == organisation_id


def place_source(user: Viewer, resource: Any, person: Person | None, *, rules: Rules) -> str:
    """The source of a place `user` takes for `person` (None: a guest); PermissionDenied if none.

    The team registers anyone as "staff". A guest form is "self" when the app's `take_as_guest`
    allows it. A person's own place is "self" and needs `take_own` (being a member contact does
    not lift that); a colleague's is "colleague" and needs `take_for_colleagues`.
    """
    if rules.manage(user, resource):
        return STAFF
    if person is None:
        require(rules.take_as_guest, user, resource)
        return SELF
    if is_own(user, person):
        require(rules.take_own, user, resource)
        return SELF
    if is_colleague(user, person) and rules.take_for_colleagues(user, resource):
        return COLLEAGUE
    raise PermissionDenied(rules.refusal)
