"""Writes for memberships: start, end, change. Periods of one organisation in one cluster never overlap.

A period runs from `joined_on` up to (not including) `left_on`; an open period has no `left_on`.
Leaving ends the row; rejoining starts a new row. The overlap rule is checked inside the
transaction with the organisation's row and its memberships in the cluster locked
(`select_for_update`; on SQLite the IMMEDIATE transaction serialises writers), and the database
keeps at most one open row per organisation and cluster.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster, Topic
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from ..figures import invalidate_member_figures
from ..models import Membership, Organisation
from .organisations import organisation_create

MEMBERSHIP_FIELDS = ("category", "joined_on", "left_on", "fee_tier", "annual_fee", "notes")


def _lock_periods(cluster_id: int, organisation_id: int) -> list[Membership]:
    """Lock the organisation (serialising its membership changes) and its periods in the cluster."""
    list(Organisation.objects.select_for_update().filter(pk=organisation_id).values_list("pk"))
    return list(
        Membership.objects.select_for_update()
        .filter(cluster_id=cluster_id, organisation_id=organisation_id)
        .order_by("joined_on", "pk")
    )


def _check_period(
    periods: list[Membership],
    *,
    joined_on: datetime.date,
    left_on: datetime.date | None,
    organisation: Organisation,
    cluster: Cluster,
    exclude_pk: int | None = None,
) -> None:
    if left_on is not None and left_on < joined_on:
        raise DomainError(
            _("The leaving date cannot be before the joining date (%(joined)s).")
            % {"joined": date_format(joined_on)},
            code="left_before_joined",
            field="left_on",
        )
    end = left_on or datetime.date.max
    for other in periods:
        if other.pk == exclude_pk:
            continue
        if other.joined_on < end and joined_on < (other.left_on or datetime.date.max):
            names = {"organisation": organisation.name, "cluster": cluster.name}
            names["start"] = date_format(other.joined_on)
            if other.left_on is None:
                message = _(
                    "%(organisation)s is already a member of %(cluster)s from %(start)s with no "
                    "end date. End that membership before starting another."
                )
            else:
                names["end"] = date_format(other.left_on)
                message = _(
                    "%(organisation)s was already a member of %(cluster)s from %(start)s to "
                    "%(end)s. Membership periods cannot overlap."
                )
            raise ConflictError(message % names, code="membership_overlap", field="joined_on")


def _check_values(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(MEMBERSHIP_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "category" in fields and fields["category"] not in Membership.Category.values:
        raise DomainError(_("Choose a membership category."), code="invalid", field="category")
    if "joined_on" in fields and fields["joined_on"] is None:
        raise DomainError(_("Give the joining date."), code="required", field="joined_on")
    fee = fields.get("annual_fee")
    if fee is not None and fee < 0:
        raise DomainError(_("The annual fee cannot be negative."), field="annual_fee")


def _save(membership: Membership) -> None:
    invalidate_member_figures()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:  # the one-open-row constraint caught a concurrent start
        raise ConflictError(
            _("This organisation is already a member of the cluster."),
            code="membership_overlap",
            field="joined_on",
        ) from error


def _audit_data(membership: Membership) -> dict[str, Any]:
    return {
        "organisation": membership.organisation_id,
        "category": membership.category,
        "joined_on": membership.joined_on,
        "left_on": membership.left_on,
    }


@transaction.atomic
def membership_start(
    *,
    actor: Actor,
    cluster: Cluster,
    organisation: Organisation,
    category: str,
    joined_on: datetime.date,
    left_on: datetime.date | None = None,
    fee_tier: str = "",
    annual_fee: int | None = None,
    notes: str = "",
) -> Membership:
    """Start a membership (also used to rejoin: a new row). `left_on` records a past period."""
    fields = {"category": category, "joined_on": joined_on, "left_on": left_on}
    fields |= {"fee_tier": fee_tier.strip(), "annual_fee": annual_fee, "notes": notes}
    _check_values(fields)
    periods = _lock_periods(cluster.pk, organisation.pk)
    _check_period(
        periods, joined_on=joined_on, left_on=left_on, organisation=organisation, cluster=cluster
    )
    membership = Membership(cluster=cluster, organisation=organisation, **fields)
    _save(membership)
    log_action(
        actor=actor,
        action="klynge.members.membership.started",
        target=membership,
        cluster=cluster,
        data=_audit_data(membership) | {"rejoined": bool(periods)},
    )
    return membership


@transaction.atomic
def membership_start_new_organisation(
    *,
    actor: Actor,
    cluster: Cluster,
    organisation_fields: dict[str, Any],
    topics: Iterable[Topic] | None = None,
    category: str,
    joined_on: datetime.date,
    fee_tier: str = "",
    annual_fee: int | None = None,
    notes: str = "",
) -> Membership:
    """Register a new organisation and make it a member, all or nothing."""
    _check_values({"category": category, "joined_on": joined_on, "annual_fee": annual_fee})
    organisation = organisation_create(
        actor=actor, cluster=cluster, topics=topics, **organisation_fields
    )
    return membership_start(
        actor=actor,
        cluster=cluster,
        organisation=organisation,
        category=category,
        joined_on=joined_on,
        fee_tier=fee_tier,
        annual_fee=annual_fee,
        notes=notes,
    )


@transaction.atomic
def membership_end(*, actor: Actor, membership: Membership, left_on: datetime.date) -> Membership:
    """The organisation leaves: the open period ends on `left_on` (their last day is the day before)."""
    if left_on is None:
        raise DomainError(_("Give the leaving date."), code="required", field="left_on")
    periods = _lock_periods(membership.cluster_id, membership.organisation_id)
    current = next((m for m in periods if m.pk == membership.pk), None)
    if current is None:
        raise DomainError(_("This membership no longer exists."), code="not_found")
    if current.left_on is not None:
        raise ConflictError(
            _("This membership already ended on %(date)s.")
            % {"date": date_format(current.left_on)},
            code="membership_already_ended",
            field="left_on",
        )
    _check_period(
        periods,
        joined_on=current.joined_on,
        left_on=left_on,
        organisation=membership.organisation,
        cluster=membership.cluster,
        exclude_pk=current.pk,
    )
    current.left_on = left_on
    _save(current)
    membership.refresh_from_db()
    log_action(
        actor=actor,
        action="klynge.members.membership.ended",
        target=membership,
        cluster=membership.cluster_id,
        data=_audit_data(membership),
    )
    return membership


@transaction.atomic
def membership_update(*, actor: Actor, membership: Membership, **fields: Any) -> Membership:
    """Correct a membership: category, dates, fee, notes. Dates must still not overlap."""
    _check_values(fields)
    if isinstance(fields.get("fee_tier"), str):
        fields["fee_tier"] = fields["fee_tier"].strip()
    periods = _lock_periods(membership.cluster_id, membership.organisation_id)
    current = next((m for m in periods if m.pk == membership.pk), None)
    if current is None:
        raise DomainError(_("This membership no longer exists."), code="not_found")
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        membership.refresh_from_db()
        return membership
    for name, value in changed.items():
        setattr(current, name, value)
    if {"joined_on", "left_on"} & set(changed):
        _check_period(
            periods,
            joined_on=current.joined_on,
            left_on=current.left_on,
            organisation=membership.organisation,
            cluster=membership.cluster,
            exclude_pk=current.pk,
        )
    _save(current)
    membership.refresh_from_db()
    log_action(
        actor=actor,
        action="klynge.members.membership.updated",
        target=membership,
        cluster=membership.cluster_id,
        data={"changed": sorted(changed), **_audit_data(membership)},
    )
    return membership
