"""Fixtures for the programme tests: the shipped levels and frameworks, always present."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from klynge.programme.loaders import load_shipped
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.factories.programme import ClusterStatusFactory, shipped_level
from tests.factories.projects import OutcomeFactory, ProjectFactory, ProjectPartnerFactory

D = datetime.date


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def shipped(db: Any) -> None:
    """Load the shipped levels and frameworks (transactional tests flush the migration's rows)."""
    load_shipped()


@pytest.fixture
def year_2021(cast: Any) -> Any:
    """Cluster A in 2021: 4 members (1 joined, 1 left in 2021), 2 events, a project, an outcome."""
    a = cast.cluster_a
    MembershipFactory(
        cluster=a,
        organisation=OrganisationFactory(kind="sme", employees=12),
        joined_on=D(2019, 1, 1),
    )
    MembershipFactory(
        cluster=a,
        organisation=OrganisationFactory(kind="large", employees=800),
        joined_on=D(2019, 1, 1),
    )
    MembershipFactory(
        cluster=a,
        organisation=OrganisationFactory(kind="university", employees=None),
        joined_on=D(2021, 4, 1),
    )
    MembershipFactory(
        cluster=a,
        organisation=OrganisationFactory(kind="sme", country="SE", org_number=None),
        joined_on=D(2019, 1, 1),
    )
    MembershipFactory(
        cluster=a,
        organisation=OrganisationFactory(),
        joined_on=D(2019, 1, 1),
        left_on=D(2021, 6, 1),
    )
    seminar = EventFactory(cluster=a, starts_at=at(D(2021, 3, 1)), ends_at=at(D(2021, 3, 1)))
    EventFactory(
        cluster=a,
        kind="partner_conference",
        starts_at=at(D(2021, 10, 1)),
        ends_at=at(D(2021, 10, 1)),
    )
    EventFactory(cluster=a, starts_at=at(D(2020, 3, 1)), ends_at=at(D(2020, 3, 1)))  # other year
    for _ in range(3):
        RegistrationFactory(event=seminar, status="attended")
    project = ProjectFactory(
        lead_cluster=a, kind="pre_project", status="running", start_date=D(2021, 2, 1)
    )
    ProjectPartnerFactory(
        project=project,
        organisation=OrganisationFactory(
            name="Dansk Energi ApS (fictional)", country="DK", org_number=None
        ),
    )
    OutcomeFactory(project=project, kind="competence", date=D(2021, 11, 1))
    OutcomeFactory(project=project, kind="product", date=D(2022, 1, 10))  # next year
    ClusterStatusFactory(cluster=a, level=shipped_level("mature"), starts_on=D(2020, 11, 20))
    return cast
