"""Reads that event registrations and course enrolments share: a pool's list of holders, counts of
a pool, an organisation's places, the people a member contact may register."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from klynge.accounts.typing import Viewer
from klynge.members.models import Organisation, Person
from klynge.members.roles import contact_organisation_id

# What the staff's search box looks in: the person's name and email and the organisation's name.
HOLDER_SEARCH = ("person__full_name", "person__email", "organisation__name")


def holder_list(
    *,
    holders: QuerySet[Any],
    left_status: str,
    status: str = "",
    include_left: bool = False,
    search: str = "",
    also_search: Iterable[str] = (),
) -> QuerySet[Any]:
    """A pool's holders for its staff, by person name: those in `status` if given, else all but
    the ones who left (unless `include_left`); `search` in the person's name, email or
    organisation (and the app's `also_search` fields)."""
    if status:
        holders = holders.filter(status=status)
    elif not include_left:
        holders = holders.exclude(status=left_status)
    if search:
        found = Q()
        for field in (*HOLDER_SEARCH, *also_search):
            found |= Q(**{f"{field}__icontains": search})
        holders = holders.filter(found)
    return holders.select_related("person", "organisation").order_by("person__full_name", "pk")


def place_counts(
    *, holders: QuerySet[Any], held: Iterable[str], statuses: Iterable[str], capacity: int | None
) -> dict[str, int | None]:
    """Capacity, places taken (holders in a `held` status), free places, how far over capacity,
    and the number of holders in each of `statuses` (one query)."""
    rows = dict(holders.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    taken = sum(rows.get(status, 0) for status in held)
    return {
        "capacity": capacity,
        "taken": taken,
        "free": None if capacity is None else max(0, capacity - taken),
        "over_by": 0 if capacity is None else max(0, taken - capacity),
        **{status: rows.get(status, 0) for status in statuses},
    }


def places_of_organisation(
    *, holders: QuerySet[Any], organisation_id: int, left_status: str
) -> QuerySet[Any]:
    """Who of an organisation holds or waits for a place (for its member contact), by name."""
    return (
        holders.filter(organisation_id=organisation_id)
        .exclude(status=left_status)
        .select_related("person")
        .order_by("person__full_name")
    )


def colleagues_of(*, user: Viewer) -> QuerySet[Person]:
    """The people of the member contact's organisation (whom they may register), by name."""
    organisation_id = contact_organisation_id(user)
    if organisation_id is None:
        return Person.objects.none()
    return Person.objects.filter(
        organisation_id=organisation_id, anonymised_at__isnull=True
    ).order_by("full_name")


def person_of(user: Viewer) -> Person | None:
    """The (not anonymised) Person of a login, with its organisation; None for none."""
    if not user.is_authenticated:
        return None
    return (
        Person.objects.filter(user_id=user.pk, anonymised_at__isnull=True)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


def contact_organisation(user: Viewer) -> Organisation:
    """The organisation a member contact speaks for, read once a `can_*_colleagues` predicate has
    held (so there is one: its absence is a bug, not a 404)."""
    person = person_of(user)
    if person is None or person.organisation is None:
        raise Organisation.DoesNotExist("the user is no member contact")
    return person.organisation
