"""Demo members: idempotent, realistic composition, honest about what is fictional, a contact login."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count, Min
from stdnum.no import orgnr

from klynge.accounts.models import User
from klynge.clusters.models import Cluster
from klynge.demo.clusters import DEMO_PASSWORD
from klynge.demo.members import FICTIONAL, MEMBER_CONTACT
from klynge.members.models import Membership, Organisation, Person
from klynge.members.permissions import can_view_composition, can_view_member_directory
from klynge.members.roles import active_membership_q
from klynge.members.selectors.composition import composition_get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_allowed")]
REAL = {
    "Smart Innovation Norway AS",
    "eSmart Systems",
    "Fredrikstad Energi",
    "Hvaler kommune",
    "Smart Energy Systems AS",
}


def counts() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        Organisation.topics.through.objects.count(),
    )


def test_demo_members() -> None:
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first

    sem = Cluster.objects.get(slug="nce-smart-energy-markets")
    result = composition_get(cluster=sem)
    assert result.total >= 70
    assert sum(1 for bucket in result.by_member_type if bucket.count) >= 4
    assert result.eligibility.passed
    assert result.foreign_countries and result.by_county[0].label == "Østfold"
    assert sum(b.count for b in result.by_sme if b.key == "unknown") > 0  # some headcounts unknown
    memberships = Membership.objects.filter(cluster=sem)
    assert memberships.aggregate(first=Min("joined_on"))["first"].year == 2009
    assert memberships.filter(joined_on__gte=datetime.date(2020, 1, 1)).count() >= 10  # growth
    assert memberships.filter(left_on__isnull=False).count() >= 5
    rejoined = memberships.values("organisation").annotate(n=Count("id")).filter(n__gt=1)
    assert rejoined.count() == 1
    assert set(memberships.values_list("category", flat=True)) == {"member", "partner", "associate"}
    assert not memberships.filter(fee_tier="").exists()

    # The public facts are there, without invented numbers; everything else says it is fictional.
    for name in REAL:
        organisation = Organisation.objects.get(name=name)
        assert organisation.org_number is None and organisation.employees is None
        assert FICTIONAL not in organisation.description
        assert memberships.filter(active_membership_q(), organisation=organisation).exists()
    others = Organisation.objects.exclude(name__in=REAL)
    assert not others.exclude(description__contains=FICTIONAL).exists()
    numbers = list(
        Organisation.objects.exclude(org_number=None).values_list("org_number", flat=True)
    )
    assert numbers and all(orgnr.is_valid(number) for number in numbers)
    assert not Organisation.objects.exclude(country="NO").exclude(org_number=None).exists()

    # Every other cluster has 15-25 members; Havvind Vest is one committed member short.
    for cluster in Cluster.objects.exclude(pk=sem.pk):
        composition = composition_get(cluster=cluster)
        assert 15 <= composition.total <= 25, cluster.slug
        assert composition.eligibility.passed is (cluster.slug != "arena-havvind-vest")
    havvind = composition_get(cluster=Cluster.objects.get(slug="arena-havvind-vest"))
    assert havvind.eligibility.missing == ("1 more committed member",)
    shared = Organisation.objects.annotate(n=Count("memberships__cluster", distinct=True))
    assert shared.filter(n__gt=1).exists()  # organisations are global, not copied per cluster

    # People: at least one per organisation (later demo steps add participants), fictional
    # addresses, some visible in the directory.
    per_org = Person.objects.exclude(email=MEMBER_CONTACT.email).values("organisation")
    sizes = {row["n"] for row in per_org.annotate(n=Count("id"))}
    assert min(sizes) >= 1  # guests without an organisation come from the events demo
    members_people = Person.objects.exclude(organisation=None).exclude(email=MEMBER_CONTACT.email)
    emails = members_people.values_list("email", flat=True)
    assert all(email.endswith(".example") for email in emails)
    assert Person.objects.filter(consent_directory=True).exists()
    assert Person.objects.filter(consent_directory=False).exists()

    # The member-contact login.
    contact = User.objects.get(email="contact@member.demo")
    assert contact.check_password(DEMO_PASSWORD) and contact.full_name == "Kari Kontakt"
    person = Person.objects.get(user=contact)
    assert person.organisation.name == "Gridlytics AS" and person.organisation.kind == "sme"
    assert can_view_member_directory(contact, sem) and not can_view_composition(contact, sem)
