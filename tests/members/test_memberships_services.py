"""Membership services: periods never overlap, leaving ends the row, rejoining starts a new one."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.members.models import Membership, Organisation
from klynge.members.services.memberships import (
    membership_end,
    membership_start,
    membership_start_new_organisation,
    membership_update,
)
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def start(cast: Any, organisation: Any, joined_on: datetime.date, **extra: Any) -> Membership:
    return membership_start(
        actor=cast.staff_a,
        cluster=cast.cluster_a,
        organisation=organisation,
        category="member",
        joined_on=joined_on,
        **extra,
    )


def test_start_end_rejoin_keeps_history_in_rows(cast: Any) -> None:
    organisation = OrganisationFactory()
    first = start(cast, organisation, D(2015, 1, 1), fee_tier=" SME ", annual_fee=15000)
    assert first.fee_tier == "SME"
    membership_end(actor=cast.staff_a, membership=first, left_on=D(2018, 6, 30))
    assert first.left_on == D(2018, 6, 30)
    second = start(cast, organisation, D(2018, 6, 30))
    assert second.pk != first.pk
    rows = list(
        Membership.objects.filter(organisation=organisation)
        .order_by("joined_on")
        .values_list("joined_on", "left_on")
    )
    assert rows == [(D(2015, 1, 1), D(2018, 6, 30)), (D(2018, 6, 30), None)]
    actions = list(
        AuditEntry.objects.order_by("id").values_list("action", "cluster_id", "actor_id")
    )
    assert actions == [
        ("klynge.members.membership.started", cast.cluster_a.pk, cast.staff_a.pk),
        ("klynge.members.membership.ended", cast.cluster_a.pk, cast.staff_a.pk),
        ("klynge.members.membership.started", cast.cluster_a.pk, cast.staff_a.pk),
    ]
    assert AuditEntry.objects.order_by("id").last().data["rejoined"] is True


def test_second_open_membership_is_refused_with_the_period(cast: Any) -> None:
    organisation = OrganisationFactory(name="Busy AS")
    start(cast, organisation, D(2015, 1, 1))
    with pytest.raises(ConflictError) as caught:
        start(cast, organisation, D(2020, 1, 1))
    assert caught.value.field == "joined_on"
    assert caught.value.code == "membership_overlap"
    assert "Busy AS is already a member of Cluster A from" in caught.value.message
    assert Membership.objects.count() == 1


@pytest.mark.parametrize(
    ("joined_on", "left_on", "overlaps"),
    [
        (D(2016, 1, 1), D(2017, 1, 1), True),  # inside
        (D(2014, 1, 1), D(2015, 1, 2), True),  # touches the first day
        (D(2019, 12, 31), None, True),  # open, starts on the last day
        (D(2014, 1, 1), None, True),  # open, starts before
        (D(2020, 1, 1), None, False),  # starts on the leaving day (exclusive end)
        (D(2013, 1, 1), D(2015, 1, 1), False),  # ends the day it started
    ],
)
def test_overlap_with_a_closed_period(
    cast: Any, joined_on: datetime.date, left_on: datetime.date | None, overlaps: bool
) -> None:
    organisation = OrganisationFactory()
    MembershipFactory(
        cluster=cast.cluster_a,
        organisation=organisation,
        joined_on=D(2015, 1, 1),
        left_on=D(2020, 1, 1),
    )
    if overlaps:
        with pytest.raises(ConflictError, match="was already a member of Cluster A from"):
            start(cast, organisation, joined_on, left_on=left_on)
    else:
        start(cast, organisation, joined_on, left_on=left_on)
        assert Membership.objects.filter(organisation=organisation).count() == 2


def test_other_clusters_do_not_count(cast: Any) -> None:
    organisation = OrganisationFactory()
    MembershipFactory(cluster=cast.cluster_b, organisation=organisation)
    assert start(cast, organisation, D(2016, 1, 1)).cluster == cast.cluster_a


def test_end_rules(cast: Any) -> None:
    membership = start(cast, OrganisationFactory(), D(2015, 1, 1))
    with pytest.raises(DomainError) as caught:
        membership_end(actor=cast.staff_a, membership=membership, left_on=D(2014, 1, 1))
    assert caught.value.field == "left_on"
    membership_end(actor=cast.staff_a, membership=membership, left_on=D(2016, 1, 1))
    with pytest.raises(ConflictError, match="already ended"):
        membership_end(actor=cast.staff_a, membership=membership, left_on=D(2017, 1, 1))


def test_update_checks_dates_and_audits_changes(cast: Any) -> None:
    organisation = OrganisationFactory()
    old = start(cast, organisation, D(2010, 1, 1), left_on=D(2012, 1, 1))
    current = start(cast, organisation, D(2015, 1, 1))
    with pytest.raises(ConflictError):
        membership_update(actor=cast.staff_a, membership=current, joined_on=D(2011, 6, 1))
    with pytest.raises(ConflictError):
        membership_update(actor=cast.staff_a, membership=old, left_on=None)
    membership_update(
        actor=cast.staff_a, membership=current, category="partner", annual_fee=5000, notes="ok"
    )
    current.refresh_from_db()
    assert (current.category, current.annual_fee, current.notes) == ("partner", 5000, "ok")
    entry = AuditEntry.objects.get(action="klynge.members.membership.updated")
    assert entry.data["changed"] == ["annual_fee", "category", "notes"]
    assert entry.cluster_id == cast.cluster_a.pk
    membership_update(actor=cast.staff_a, membership=current, category="partner")
    assert AuditEntry.objects.filter(action="klynge.members.membership.updated").count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "boss"}, "category"),
        ({"annual_fee": -1}, "annual_fee"),
        ({"joined_on": None}, "joined_on"),
        ({"left_on": D(2000, 1, 1)}, "left_on"),
    ],
)
def test_update_invalid_values(cast: Any, fields: dict, field: str) -> None:
    membership = start(cast, OrganisationFactory(), D(2015, 1, 1))
    with pytest.raises(DomainError) as caught:
        membership_update(actor=cast.staff_a, membership=membership, **fields)
    assert caught.value.field == field


def test_new_organisation_and_membership_are_all_or_nothing(cast: Any) -> None:
    with pytest.raises(DomainError):
        membership_start_new_organisation(
            actor=cast.staff_a,
            cluster=cast.cluster_a,
            organisation_fields={"name": "New AS", "org_number": "988077917"},
            category="nonsense",
            joined_on=D(2024, 1, 1),
        )
    assert not Organisation.objects.exists()
    membership = membership_start_new_organisation(
        actor=cast.staff_a,
        cluster=cast.cluster_a,
        organisation_fields={"name": "New AS", "org_number": "988077917"},
        category="partner",
        joined_on=D(2024, 1, 1),
    )
    assert membership.organisation.org_number == "988077917"
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "klynge.members.organisation.created",
        "klynge.members.membership.started",
    }
