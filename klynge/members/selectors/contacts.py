"""Reads other modules use to reach a cluster's members: contact people (survey audiences), people by
id or address, member organisations with their groups, membership periods and a contact per member.

Each function is one query whatever the number of members (surveys and engagement read these for
clusters of 10,000 members).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from klynge.core.identity import normalise_email

from ..models import Membership, Person
from ..roles import active_membership_q


def _member_org_ids(cluster: Any, on: date | None) -> QuerySet[Membership, Mapping[str, object]]:
    return Membership.objects.filter(active_membership_q(on), cluster=cluster).values(
        "organisation_id"
    )


def contact_list_for_cluster(
    *, cluster: Any, consented_only: bool = False, on: date | None = None
) -> QuerySet[Person]:
    """People with an email address at organisations that are members on `on` (today).

    `consented_only` keeps those who agreed to hear from the cluster (the newsletter consent).
    """
    people = Person.objects.filter(
        anonymised_at__isnull=True, organisation_id__in=_member_org_ids(cluster, on)
    ).exclude(email="")
    if consented_only:
        people = people.filter(consent_newsletter=True)
    return people.select_related("organisation").order_by("organisation__name", "full_name", "pk")


def newsletter_people(
    *,
    cluster: Any,
    members: bool,
    kinds: Iterable[str] = (),
    topics: Iterable[str] = (),
    counties: Iterable[str] = (),
    person_ids: Iterable[int] = (),
) -> QuerySet[Person]:
    """People who agreed to get newsletters, with an address, from a newsletter's audience:

    contacts of member organisations (when `members`; narrowed to organisation kinds, topic slugs
    and counties when given), and the people in `person_ids` (event or course participants).
    """
    scope = Q(pk__in=[])
    if members:
        orgs = Membership.objects.filter(active_membership_q(), cluster=cluster)
        if kinds:
            orgs = orgs.filter(organisation__kind__in=list(kinds))
        if topics:
            orgs = orgs.filter(organisation__topics__slug__in=list(topics))
        if counties:
            orgs = orgs.filter(organisation__county__in=list(counties))
        scope |= Q(organisation_id__in=orgs.values("organisation_id"))
    ids = list(person_ids)
    if ids:
        scope |= Q(pk__in=ids)
    return (
        Person.objects.filter(scope, consent_newsletter=True, anonymised_at__isnull=True)
        .exclude(email="")
        .order_by("pk")
    )


def person_has_newsletter_consent(*, email: str) -> bool:
    """Someone with this address (any case) agreed to get newsletters and is not anonymised."""
    return Person.objects.filter(
        email__iexact=email.strip(), consent_newsletter=True, anonymised_at__isnull=True
    ).exists()


def person_list_by_ids(*, ids: Iterable[int]) -> QuerySet[Person]:
    return (
        Person.objects.filter(pk__in=list(ids), anonymised_at__isnull=True)
        .exclude(email="")
        .select_related("organisation")
    )


def person_list_by_emails(*, emails: Iterable[str]) -> dict[str, Person]:
    """Known (not anonymised) people by normalised email address (`core.identity`)."""
    wanted = {normalise_email(e) for e in emails if e and e.strip()}
    if not wanted:
        return {}
    condition = Q()
    for email in wanted:
        condition |= Q(email__iexact=email)
    people = Person.objects.filter(condition, anonymised_at__isnull=True).select_related(
        "organisation"
    )
    return {normalise_email(p.email): p for p in people.order_by("pk")}


def member_rows_for_cluster(*, cluster: Any, on: date | None = None) -> list[dict[str, Any]]:
    """The member organisations on `on`: id, name, kind, size class, county (one query)."""
    rows = (
        Membership.objects.filter(active_membership_q(on), cluster=cluster)
        .values(
            "organisation_id",
            "organisation__name",
            "organisation__kind",
            "organisation__size_class",
            "organisation__county",
        )
        .order_by("organisation__name", "organisation_id")
    )
    return [dict(row) for row in rows]


def membership_periods_for_cluster(
    *, cluster: Any, since: date
) -> list[tuple[int, date, date | None]]:
    """(organisation id, joined, left) of every membership still running on or after `since`."""
    return list(
        Membership.objects.filter(cluster=cluster)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=since))
        .values_list("organisation_id", "joined_on", "left_on")
    )


def contact_people_for_cluster(
    *, cluster: Any, organisation_ids: Iterable[int] | None = None
) -> dict[int, Person]:
    """One contact per member organisation: a member contact with a login first, then by name."""
    people = Person.objects.filter(
        anonymised_at__isnull=True, organisation_id__in=_member_org_ids(cluster, None)
    )
    if organisation_ids is not None:
        people = people.filter(organisation_id__in=list(organisation_ids))
    chosen: dict[int, Person] = {}
    for person in people.order_by("organisation_id", "user_id", "full_name", "pk"):
        organisation_id = person.organisation_id
        if organisation_id is None:  # never: the filter keeps people of member organisations
            continue
        current = chosen.get(organisation_id)
        if current is None or (current.user_id is None and person.user_id is not None):
            chosen[organisation_id] = person
    return chosen


def organisation_rows(*, ids: Iterable[int]) -> list[dict[str, Any]]:
    """id, name, kind and size class of the organisations `ids` (one query)."""
    from ..models import Organisation

    wanted = list(ids)
    if not wanted:
        return []
    rows = (
        Organisation.objects.filter(pk__in=wanted)
        .values("id", "name", "kind", "size_class")
        .order_by("name", "id")
    )
    return [dict(row) for row in rows]
