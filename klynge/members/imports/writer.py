"""Write planned spreadsheet rows, a chunk at a time, with bulk inserts.

Called by `services.imports.member_import_apply` inside its one transaction, after the whole file has
been validated and planned. New organisations, memberships, contacts, topic links and audit entries
are inserted in bulk (a few queries per chunk instead of several per row); changed organisations and
memberships are saved one by one (only the changed fields).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from klynge.clusters.models import Cluster, Topic
from klynge.core.audit import AuditBatch
from klynge.members.models import Membership, Organisation, Person

from ..figures import invalidate_member_figures
from .plan import Existing
from .report import CREATE, UPDATE, RowPlan


def _new_organisation(values: dict[str, Any]) -> Organisation:
    codes = values.get("nace_codes", [])
    return Organisation(
        name=values["name"],
        org_number=values.get("org_number"),
        country=values["country"],
        kind=values.get("kind", Organisation.Kind.SME),
        employees=values.get("employees"),
        nace_codes=codes,
        nace_primary=codes[0] if codes else "",
        municipality=values.get("municipality", ""),
        county=values.get("county", ""),
        website=values.get("website", ""),
    )


def _update_organisation(org: Organisation, row: RowPlan) -> None:
    fields = [change.field for change in row.organisation_changes]
    for change in row.organisation_changes:
        setattr(org, change.field, change.new)
    if "nace_codes" in fields:
        org.nace_primary = org.nace_codes[0] if org.nace_codes else ""
        fields.append("nace_primary")
    if fields:
        org.save(update_fields=[*fields, "updated_at"])


def write_chunk(
    rows: Sequence[RowPlan],
    *,
    cluster: Cluster,
    existing: Existing,
    topics: dict[str, Topic],
    audit: AuditBatch,
    today: datetime.date,
) -> None:
    invalidate_member_figures()
    organisations = {o.pk: o for o in existing.by_number.values()}
    organisations.update({o.pk: o for group in existing.by_name.values() for o in group})
    created = {
        row.row: _new_organisation(row.values) for row in rows if row.organisation_action == CREATE
    }
    Organisation.objects.bulk_create(list(created.values()), batch_size=500)
    org_for: dict[int, Organisation] = {}
    for row in rows:
        source = {"source": "import", "row": row.row}
        if row.row in created:
            org = org_for[row.row] = created[row.row]
            audit.add("klynge.members.organisation.created", org, source)
        else:
            matched = row.organisation_id  # not None: a row that creates none matched one
            org = org_for[row.row] = organisations[matched]  # type: ignore[index]  # see above
            _update_organisation(org, row)
            if row.organisation_action == UPDATE:
                changes = {c.field: [c.old, c.new] for c in row.organisation_changes}
                data = {**source, "changes": changes, "topics_added": row.topics_added}
                audit.add("klynge.members.organisation.updated", org, data)
    through = Organisation.topics.through
    links = [
        through(organisation_id=org_for[row.row].pk, topic_id=topics[slug].pk)
        for row in rows
        for slug in row.topics_added
    ]
    through.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)
    _write_memberships(rows, org_for, cluster=cluster, existing=existing, audit=audit, today=today)
    _write_contacts(rows, org_for, audit=audit)
    audit.save()


def _write_memberships(
    rows: Sequence[RowPlan],
    org_for: dict[int, Organisation],
    *,
    cluster: Cluster,
    existing: Existing,
    audit: AuditBatch,
    today: datetime.date,
) -> None:
    new: list[tuple[RowPlan, Membership]] = []
    for row in rows:
        org = org_for[row.row]
        if row.membership_action == CREATE:
            membership = Membership(
                cluster=cluster,
                organisation=org,
                category=row.values.get("category", Membership.Category.MEMBER),
                fee_tier=row.values.get("fee_tier", ""),
                annual_fee=row.values.get("annual_fee"),
                joined_on=row.values.get("joined_on", today),
            )
            new.append((row, membership))
        elif row.membership_action == UPDATE:
            membership = next(m for m in existing.memberships[org.pk] if m.left_on is None)
            for change in row.membership_changes:
                setattr(membership, change.field, change.new)
            fields = [change.field for change in row.membership_changes]
            membership.save(update_fields=[*fields, "updated_at"])
            changes = {c.field: [c.old, c.new] for c in row.membership_changes}
            data = {"source": "import", "row": row.row, "changes": changes}
            audit.add("klynge.members.membership.updated", membership, data)
    Membership.objects.bulk_create([m for _row, m in new], batch_size=500)
    for row, membership in new:
        audit.add(
            "klynge.members.membership.created", membership, {"source": "import", "row": row.row}
        )


def _write_contacts(
    rows: Sequence[RowPlan], org_for: dict[int, Organisation], *, audit: AuditBatch
) -> None:
    new = [
        (
            row,
            Person(
                full_name=row.values["contact_name"],
                email=row.values.get("contact_email", ""),
                organisation=org_for[row.row],
            ),
        )
        for row in rows
        if row.contact_action == CREATE
    ]
    Person.objects.bulk_create([p for _row, p in new], batch_size=500)
    for row, person in new:
        audit.add("klynge.members.person.created", person, {"source": "import", "row": row.row})
