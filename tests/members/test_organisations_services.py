"""Organisation services: org numbers normalised and unique, foreign organisations, audit entries."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.members.models import Organisation
from klynge.members.services.organisations import organisation_create, organisation_update
from tests.factories.clusters import TopicFactory
from tests.factories.members import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_create_normalises_org_number_and_audits(cast: Any) -> None:
    topic = TopicFactory(slug="smart-grids")
    organisation = organisation_create(
        actor=cast.staff_a,
        cluster=cast.cluster_a,
        name="  eSmart Systems AS ",
        org_number="988 077 917",
        employees=120,
        nace_codes="62.010, 62.02,62.010",
        municipality_number="3101",
        topics=[topic],
    )
    organisation.refresh_from_db()
    assert organisation.name == "eSmart Systems AS"
    assert organisation.org_number == "988077917"
    assert organisation.nace_codes == ["62.010", "62.02"]
    assert organisation.nace_primary == "62.010"
    assert organisation.county == "Østfold"
    assert organisation.size_class == "medium"
    assert list(organisation.topics.all()) == [topic]
    entry = AuditEntry.objects.get(action="klynge.members.organisation.created")
    assert entry.actor == cast.staff_a
    assert entry.cluster_id == cast.cluster_a.pk
    assert entry.data["org_number"] == "988077917"
    assert entry.data["topics"] == ["smart-grids"]


def test_duplicate_org_number_names_the_holder(cast: Any) -> None:
    OrganisationFactory(name="Fredrikstad Energi AS", org_number="988077917")
    with pytest.raises(ConflictError) as caught:
        organisation_create(actor=cast.staff_a, name="Copy", org_number="988077917")
    assert caught.value.field == "org_number"
    assert "Fredrikstad Energi AS" in caught.value.message
    assert "988 077 917" in caught.value.message
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "X", "org_number": "988077918"}, "org_number"),
        ({"name": "X", "org_number": "12345"}, "org_number"),
        ({"name": "X", "org_number": "988077917", "country": "SE"}, "org_number"),
        ({"name": "X", "country": "Sweden"}, "country"),
        ({"name": "X", "nace_codes": ["62010"]}, "nace_codes"),
        ({"name": "X", "kind": "alien"}, "kind"),
        ({"name": "X", "website": "not a url"}, "website"),
        ({"name": ""}, "name"),
    ],
)
def test_invalid_input_is_a_domain_error_on_the_field(cast: Any, fields: dict, field: str) -> None:
    with pytest.raises(DomainError) as caught:
        organisation_create(actor=cast.staff_a, **fields)
    assert caught.value.field == field
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_foreign_organisation_has_vat_id_and_no_org_number(cast: Any) -> None:
    organisation = organisation_create(
        actor=cast.staff_a, name="Vattenfall AB", country="se", vat_id="SE556036209301"
    )
    assert organisation.country == "SE"
    assert organisation.org_number is None
    assert organisation.is_international


def test_update_saves_and_audits_only_changes(cast: Any) -> None:
    organisation = OrganisationFactory(name="Old AS", employees=5)
    organisation_update(actor=cast.staff_a, organisation=organisation, name="Old AS")
    assert not AuditEntry.objects.exists()
    organisation_update(
        actor=cast.staff_a,
        organisation=organisation,
        cluster=cast.cluster_a,
        name="New AS",
        employees=None,
        topics=[TopicFactory(slug="flex")],
    )
    organisation.refresh_from_db()
    assert organisation.name == "New AS"
    assert organisation.size_class == "unknown"
    entry = AuditEntry.objects.get(action="klynge.members.organisation.updated")
    assert entry.data == {"changed": ["employees", "name", "topics"]}
    assert entry.cluster_id == cast.cluster_a.pk


def test_update_refuses_a_number_that_another_organisation_has(cast: Any) -> None:
    OrganisationFactory(name="Holder AS", org_number="974760673")
    other = OrganisationFactory(name="Other AS")
    with pytest.raises(ConflictError, match="Holder AS"):
        organisation_update(actor=cast.staff_a, organisation=other, org_number="974 760 673")


def test_unknown_fields_are_refused(cast: Any) -> None:
    with pytest.raises(DomainError, match="Unknown fields: size_class"):
        organisation_create(actor=cast.staff_a, name="X", size_class="large")
