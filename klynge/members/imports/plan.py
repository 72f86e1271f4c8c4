"""Match validated rows against the database and decide what each row will create or change.

Reads only, in a bounded number of queries (lookups are batched), so a preview writes nothing.
Matching: on org number; else on exact name + country (a row with an org number only name-matches
an organisation that has none yet). Memberships follow the registry's rules: an organisation with an
open membership of the cluster is "already a member" (not an error; its category and fee may be
updated), and a new membership may not overlap an earlier period.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from klynge.clusters.models import Cluster, Topic
from klynge.members.models import Membership, Organisation, Person

from .report import ALREADY_MEMBER, CREATE, NONE, UNCHANGED, UPDATE, Change, Issue, RowPlan

ORGANISATION_FIELDS = (
    "name",
    "org_number",
    "kind",
    "employees",
    "nace_codes",
    "municipality",
    "county",
    "website",
)
MEMBERSHIP_FIELDS = ("category", "fee_tier", "annual_fee")
CHUNK = 500
T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def topic_lookup() -> dict[str, str]:
    """slug, English name and Norwegian name (case-folded) -> slug."""
    lookup: dict[str, str] = {}
    for slug, name_en, name_nb in Topic.objects.values_list("slug", "name_en", "name_nb"):
        for token in (name_en, name_nb, slug):
            lookup[token.casefold()] = slug
    return lookup


@dataclass
class Existing:
    """What the database holds for the rows of one file."""

    by_number: dict[str, Organisation] = field(default_factory=dict)
    by_name: dict[tuple[str, str], list[Organisation]] = field(default_factory=dict)
    memberships: dict[int, list[Membership]] = field(default_factory=dict)
    people: dict[int, list[Person]] = field(default_factory=dict)
    topics: dict[int, set[str]] = field(default_factory=dict)


def load_existing(cluster: Cluster, rows: Iterable[RowPlan]) -> Existing:
    valid = [row for row in rows if not row.has_errors]
    numbers = sorted({row.org_number for row in valid if row.org_number})
    names = sorted({row.values["name"] for row in valid})
    existing = Existing()
    for numbers_part in chunks(numbers):
        for org in Organisation.objects.filter(org_number__in=numbers_part):
            if org.org_number is not None:  # always: found by its number
                existing.by_number[org.org_number] = org
    by_name: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
    for names_part in chunks(names):
        for org in Organisation.objects.filter(name__in=names_part).order_by("pk"):
            by_name[(org.name, org.country)].append(org)
    existing.by_name = dict(by_name)
    org_ids = sorted(
        {o.pk for o in existing.by_number.values()}
        | {o.pk for group in by_name.values() for o in group}
    )
    memberships: dict[int, list[Membership]] = defaultdict(list)
    people: dict[int, list[Person]] = defaultdict(list)
    topics: dict[int, set[str]] = defaultdict(set)
    for part in chunks(org_ids):
        for membership in Membership.objects.filter(cluster=cluster, organisation_id__in=part):
            memberships[membership.organisation_id].append(membership)
        for person in Person.objects.filter(organisation_id__in=part, anonymised_at__isnull=True):
            if person.organisation_id is not None:  # always: found by their organisation
                people[person.organisation_id].append(person)
        through = Organisation.topics.through.objects.filter(organisation_id__in=part)
        for org_id, slug in through.values_list("organisation_id", "topic__slug"):
            topics[org_id].add(slug)
    existing.memberships, existing.people, existing.topics = memberships, people, topics
    return existing


def plan_rows(cluster: Cluster, rows: list[RowPlan], *, today: datetime.date) -> Existing:
    """Fill in each valid row's actions and changes (in place); return what was loaded."""
    existing = load_existing(cluster, rows)
    claimed: dict[int, RowPlan] = {}
    for row in rows:
        if row.has_errors:
            continue
        org = _match(row, existing)
        if org is not None and org.pk in claimed:
            other = claimed[org.pk]
            for plan, peer in ((row, other), (other, row)):
                plan.issues.append(
                    Issue(
                        plan.row,
                        "name",
                        _("matches the same organisation as row %(row)s.") % {"row": peer.row},
                    )
                )
            continue
        if org is None:
            row.organisation_action = CREATE
        else:
            claimed[org.pk] = row
            row.organisation_id = org.pk
            row.organisation_changes = organisation_changes(org, row.values)
            row.topics_added = sorted(set(row.values.get("topics", [])) - existing.topics[org.pk])
            has_changes = row.organisation_changes or row.topics_added
            row.organisation_action = UPDATE if has_changes else UNCHANGED
        _plan_membership(row, existing.memberships.get(org.pk, []) if org else [], today)
        _plan_contact(row, existing.people.get(org.pk, []) if org else [])
        if org is None:
            row.topics_added = list(row.values.get("topics", []))
    return existing


def _match(row: RowPlan, existing: Existing) -> Organisation | None:
    number = row.values.get("org_number")
    if number and number in existing.by_number:
        row.matched_on = "org_number"
        return existing.by_number[number]
    candidates = existing.by_name.get((row.values["name"], row.values["country"]), [])
    if number:
        candidates = [org for org in candidates if not org.org_number]
    if len(candidates) > 1:
        row.issues.append(
            Issue(
                row.row,
                "name",
                _(
                    "%(count)s organisations are called "
                    "“%(name)s”; add the organisation number to say which."
                )
                % {"count": len(candidates), "name": row.values["name"]},
            )
        )
        return None
    if candidates:
        row.matched_on = "name"
        return candidates[0]
    return None


def organisation_changes(org: Organisation, values: dict[str, Any]) -> list[Change]:
    changes = []
    for name in ORGANISATION_FIELDS:
        if name not in values:
            continue
        old, new = getattr(org, name), values[name]
        if name == "nace_codes":
            old = list(old or [])
        if old != new:
            changes.append(Change(name, old, new))
    return changes


def _plan_membership(row: RowPlan, memberships: list[Membership], today: datetime.date) -> None:
    if row.has_errors:
        return
    joined_on = row.values.get("joined_on", today)
    open_membership = next((m for m in memberships if m.left_on is None), None)
    if open_membership is not None:
        row.membership_changes = [
            Change(name, getattr(open_membership, name), row.values[name])
            for name in MEMBERSHIP_FIELDS
            if name in row.values and getattr(open_membership, name) != row.values[name]
        ]
        row.membership_action = UPDATE if row.membership_changes else ALREADY_MEMBER
        return
    overlapping = [(m.left_on, m) for m in memberships if m.left_on and m.left_on > joined_on]
    if overlapping:
        end, last = max(overlapping, key=lambda pair: pair[0])
        row.issues.append(
            Issue(
                row.row,
                "joined_on",
                _(
                    "overlaps an earlier membership "
                    "(%(start)s – %(end)s); use a date on or after %(end)s."
                )
                % {"start": last.joined_on, "end": end},
            )
        )
        return
    row.membership_action = CREATE


def _plan_contact(row: RowPlan, people: list[Person]) -> None:
    name, email = row.values.get("contact_name"), row.values.get("contact_email")
    if not name:
        return
    for person in people:
        if (email and person.email.lower() == email) or (
            not email and person.full_name.casefold() == name.casefold()
        ):
            row.contact_action = NONE
            return
    row.contact_action = CREATE
