"""Person services: validation with field names, consent timestamps, audit without personal data."""

from __future__ import annotations

import json
from typing import Any

import pytest

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.members.services.people import (
    audit_cluster_id,
    person_create,
    person_move,
    person_update,
)
from tests.factories.clusters import ClusterFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_create_normalises_sets_consent_times_and_audits_without_personal_data(
    member_cast: Any,
) -> None:
    person = person_create(
        actor=member_cast.staff_a,
        organisation=member_cast.org_a,
        full_name="  Kari   Nordmann ",
        email=" Kari@Example.ORG ",
        phone="+47 900 00 000",
        title="CTO",
        consent_directory=True,
    )
    person.refresh_from_db()
    assert person.full_name == "Kari Nordmann"
    assert person.email == "kari@example.org"
    assert person.language == "nb"
    assert person.consent_directory and person.consent_directory_at is not None
    assert not person.consent_newsletter and person.consent_newsletter_at is None
    [entry] = _entries("klynge.members.person.created")
    assert entry.actor == member_cast.staff_a
    assert entry.cluster_id == member_cast.cluster_a.pk
    dumped = json.dumps(entry.data)
    assert "Kari" not in dumped and "example.org" not in dumped and "900" not in dumped


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "x" * 201}, "full_name"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"title": "t" * 151}, "title"),
        ({"language": "de"}, "language"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(
    member_cast: Any, fields: dict, field: str
) -> None:
    arguments = {"full_name": "Ola Nordmann", **fields}
    with pytest.raises(DomainError) as caught:
        person_create(actor=member_cast.staff_a, organisation=member_cast.org_a, **arguments)
    assert caught.value.field == field
    assert not AuditEntry.objects.filter(action="klynge.members.person.created").exists()


def test_email_is_unique_within_an_organisation_only(member_cast: Any) -> None:
    PersonFactory(organisation=member_cast.org_a, email="same@example.org")
    with pytest.raises(ConflictError) as caught:
        person_create(
            actor=member_cast.staff_a,
            organisation=member_cast.org_a,
            full_name="Twin",
            email="SAME@example.org",
        )
    assert caught.value.field == "email"
    other = person_create(
        actor=member_cast.staff_a,
        organisation=member_cast.org_b,
        full_name="Twin",
        email="same@example.org",
    )
    assert other.pk


def test_update_consent_timestamps_given_kept_and_withdrawn(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a)
    person = person_update(actor=member_cast.contact_a, person=person, consent_newsletter=True)
    given_at = person.consent_newsletter_at
    assert person.consent_newsletter and given_at is not None

    person = person_update(actor=member_cast.contact_a, person=person, title="CEO")
    assert person.consent_newsletter_at == given_at  # untouched consent keeps its time

    person = person_update(actor=member_cast.contact_a, person=person, consent_newsletter=False)
    person.refresh_from_db()
    assert not person.consent_newsletter and person.consent_newsletter_at is None
    changed = [e.data["changed"] for e in _entries("klynge.members.person.updated")]
    assert changed == [["consent_newsletter"], ["title"], ["consent_newsletter"]]


def test_update_without_changes_writes_no_audit_entry(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a, title="CEO")
    person_update(actor=member_cast.staff_a, person=person, title="CEO")
    assert _entries("klynge.members.person.updated") == []


def test_update_refuses_unknown_fields_duplicates_and_anonymised_people(
    member_cast: Any,
) -> None:
    person = PersonFactory(organisation=member_cast.org_a)
    with pytest.raises(DomainError):
        person_update(actor=member_cast.staff_a, person=person, organisation=None)
    PersonFactory(organisation=member_cast.org_a, email="taken@example.org")
    with pytest.raises(ConflictError) as caught:
        person_update(actor=member_cast.staff_a, person=person, email="taken@example.org")
    assert caught.value.field == "email"
    person.anonymised_at = person.created_at
    person.save()
    with pytest.raises(ConflictError) as caught:
        person_update(actor=member_cast.staff_a, person=person, title="x")
    assert caught.value.code == "anonymised"


def test_move_to_another_organisation(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a)
    moved = person_move(actor=member_cast.staff_a, person=person, organisation=member_cast.org_b)
    assert moved.organisation == member_cast.org_b
    [entry] = _entries("klynge.members.person.moved")
    assert entry.data == {"from": member_cast.org_a.pk, "to": member_cast.org_b.pk}
    with pytest.raises(ConflictError):
        person_move(actor=member_cast.staff_a, person=moved, organisation=member_cast.org_b)


def test_audit_cluster_prefers_the_actors_cluster(member_cast: Any) -> None:
    both = OrganisationFactory()
    MembershipFactory(organisation=both, cluster=member_cast.cluster_a)
    MembershipFactory(organisation=both, cluster=member_cast.cluster_b)
    assert audit_cluster_id(member_cast.staff_b, both) == member_cast.cluster_b.pk
    assert audit_cluster_id(member_cast.staff_a, both) == member_cast.cluster_a.pk
    assert audit_cluster_id(member_cast.officer, both) is None  # ambiguous: unscoped
    lone = OrganisationFactory()
    MembershipFactory(organisation=lone, cluster=ClusterFactory())
    assert audit_cluster_id(member_cast.officer, lone) == lone.memberships.get().cluster_id
    assert audit_cluster_id(member_cast.officer, None) is None
