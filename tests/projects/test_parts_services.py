"""Partners, funding sources, milestones and outcomes: rules and audit entries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.projects.models import ProjectPartner
from klynge.projects.services import (
    funding_source_add,
    funding_source_remove,
    milestone_add,
    milestone_update,
    outcome_record,
    outcome_update,
    partner_add,
    partner_remove,
    partner_update,
)
from tests.factories.members import OrganisationFactory, PersonFactory
from tests.factories.projects import ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db


def test_partner_added_once_and_one_lead(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    first, second = OrganisationFactory(), OrganisationFactory()
    partner_add(actor=cast.staff_a, project=project, organisation=first, role="lead")
    with pytest.raises(ConflictError) as info:
        partner_add(actor=cast.staff_a, project=project, organisation=first)
    assert info.value.field == "organisation"
    with pytest.raises(ConflictError) as info:
        partner_add(actor=cast.staff_a, project=project, organisation=second, role="lead")
    assert info.value.field == "role" and first.name in info.value.message
    entry = AuditEntry.objects.get(action="klynge.projects.partner.added")
    assert entry.target_id == str(project.pk) and entry.data["role"] == "lead"


def test_database_keeps_one_lead_even_around_the_service(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    ProjectPartnerFactory(project=project, role="lead")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPartnerFactory(project=project, role="lead")


def test_partner_update_contributions_and_contact(cast: Any) -> None:
    partner = ProjectPartnerFactory(project=ProjectFactory(lead_cluster=cast.cluster_a))
    own = PersonFactory(organisation=partner.organisation)
    stranger = PersonFactory()
    with pytest.raises(DomainError) as info:
        partner_update(actor=cast.staff_a, partner=partner, contact=stranger)
    assert info.value.field == "contact"
    with pytest.raises(DomainError) as info:
        partner_update(actor=cast.staff_a, partner=partner, cash=-5)
    assert info.value.field == "cash"
    partner_update(
        actor=cast.staff_a,
        partner=partner,
        contact=own,
        cash=50_000,
        in_kind_hours=100,
        in_kind_value=80_000,
        status="confirmed",
    )
    partner.refresh_from_db()
    assert (partner.contact, partner.cash, partner.in_kind_hours) == (own, 50_000, 100)
    entry = AuditEntry.objects.get(action="klynge.projects.partner.updated")
    assert entry.data["changed"] == ["cash", "contact", "in_kind_hours", "in_kind_value"]


def test_partner_role_change_to_lead_respects_existing_lead(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    lead = ProjectPartnerFactory(project=project, role="lead")
    other = ProjectPartnerFactory(project=project)
    with pytest.raises(ConflictError):
        partner_update(actor=cast.staff_a, partner=other, role="lead")
    partner_update(actor=cast.staff_a, partner=lead, role="lead", notes="still lead")
    partner_update(actor=cast.staff_a, partner=lead, role="partner")
    partner_update(actor=cast.staff_a, partner=other, role="lead")
    assert ProjectPartner.objects.get(role="lead") == other


def test_partner_remove_is_audited(cast: Any) -> None:
    partner = ProjectPartnerFactory(project=ProjectFactory(lead_cluster=cast.cluster_a))
    partner_remove(actor=cast.staff_a, partner=partner)
    assert not ProjectPartner.objects.exists()
    entry = AuditEntry.objects.get(action="klynge.projects.partner.removed")
    assert entry.cluster_id == cast.cluster_a.pk


def test_funding_sources(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    source = funding_source_add(
        actor=cast.staff_a, project=project, name="Innovation Norway", kind="public", amount=500
    )
    with pytest.raises(ConflictError):
        funding_source_add(
            actor=cast.staff_a, project=project, name="innovation norway", kind="public", amount=1
        )
    for kwargs, field in [
        ({"name": " ", "kind": "public", "amount": 1}, "name"),
        ({"name": "X", "kind": "gift", "amount": 1}, "kind"),
        ({"name": "X", "kind": "public", "amount": -1}, "amount"),
    ]:
        with pytest.raises(DomainError) as info:
            funding_source_add(actor=cast.staff_a, project=project, **kwargs)
        assert info.value.field == field
    funding_source_remove(actor=cast.staff_a, source=source)
    actions = list(
        AuditEntry.objects.filter(action__startswith="klynge.projects.funding_source").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "klynge.projects.funding_source.added",
        "klynge.projects.funding_source.removed",
    ]


def test_milestones_done_gets_a_date(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    milestone = milestone_add(
        actor=cast.staff_a, project=project, title="Kick-off", due_date=datetime.date(2021, 3, 1)
    )
    with pytest.raises(DomainError) as info:
        milestone_add(actor=cast.staff_a, project=project, title="", due_date=None)
    assert info.value.field == "title"
    milestone_update(
        actor=cast.staff_a,
        milestone=milestone,
        title="Kick-off",
        due_date=milestone.due_date,
        status="done",
    )
    assert milestone.done_on == datetime.date.today()
    milestone_update(
        actor=cast.staff_a,
        milestone=milestone,
        title="Kick-off",
        due_date=milestone.due_date,
        status="planned",
        done_on=datetime.date(2021, 3, 2),
    )
    assert milestone.done_on is None


def test_outcomes_with_organisations(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    org = OrganisationFactory()
    outcome = outcome_record(
        actor=cast.staff_a,
        project=project,
        kind="competence",
        date=datetime.date(2021, 6, 1),
        description="Course for grid operators",
        quantity=25,
        organisations=[org],
    )
    assert list(outcome.organisations.all()) == [org]
    with pytest.raises(DomainError) as info:
        outcome_record(
            actor=cast.staff_a,
            project=project,
            kind="fame",
            date=datetime.date(2021, 6, 1),
            description="x",
        )
    assert info.value.field == "kind"
    outcome_update(
        actor=cast.staff_a,
        outcome=outcome,
        kind="competence",
        date=outcome.date,
        description="Course for grid operators",
        quantity=30,
        organisations=[],
    )
    entry = AuditEntry.objects.get(action="klynge.projects.outcome.updated")
    assert entry.data["changed"] == ["organisations", "quantity"]
