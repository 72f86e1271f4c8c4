"""Newsletter tests: a cluster with members who did and did not agree to newsletters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

T0 = datetime.datetime(2031, 5, 1, 10, 0, tzinfo=datetime.UTC)


@dataclass
class Readers:
    yes: list[Any]
    no: Any
    outsider: Any


@pytest.fixture
def readers(member_cast: Any) -> Readers:
    """Three consenting contacts of cluster A members, one without consent, one outside consenting."""
    org = OrganisationFactory(name="Reader AS", kind="sme", county="Østfold")
    MembershipFactory(cluster=member_cast.cluster_a, organisation=org)
    yes = [
        PersonFactory(organisation=org, email=f"yes{i}@example.org", consent_newsletter=True)
        for i in range(3)
    ]
    no = PersonFactory(organisation=org, email="no@example.org", consent_newsletter=False)
    outsider = PersonFactory(
        organisation=OrganisationFactory(), email="out@example.org", consent_newsletter=True
    )
    return Readers(yes=yes, no=no, outsider=outsider)
