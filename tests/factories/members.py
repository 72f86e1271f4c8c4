from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from klynge.members.models import Membership, Organisation, Person

from .clusters import ClusterFactory


def _valid_org_number(n: int) -> str:
    """A valid Norwegian org number from a sequence number (skips numbers without a check digit)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    base = 910_000_000 // 10 + n
    while True:
        digits = f"{base:08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return digits + str(check)
        base += 1


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n} AS")
    org_number = factory.Sequence(lambda n: _valid_org_number(n * 3))
    country = "NO"
    kind = Organisation.Kind.SME
    employees = 20
    county = "Østfold"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    language = "en"  # tests read English mail unless they ask for Norwegian


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    cluster = factory.SubFactory(ClusterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    category = Membership.Category.MEMBER
    joined_on = datetime.date(2015, 1, 1)
