"""`generate_scale_data`: valid, realistic, deterministic by seed, and refused on a non-empty database."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q

from klynge.accounts.models import User
from klynge.clusters.models import Cluster
from klynge.demo.scale import SCALES, generate
from klynge.demo.scale.context import PASSWORD
from klynge.events.models import Event, Registration
from klynge.learning.models import Enrolment
from klynge.members.models import Membership, Organisation, Person
from klynge.members.orgnumbers import validate_org_number
from klynge.members.roles import active_membership_q
from klynge.programme.models import ClusterStatus
from klynge.projects.models import Project, ProjectPartner

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)
SMALL = SCALES["small"]


class Rollback(Exception):
    pass


def digest() -> str:
    """A fingerprint of the generated rows (explicit ids and values, never database defaults)."""
    parts = [
        list(Organisation.objects.order_by("pk").values_list("pk", "name", "org_number", "kind")),
        list(
            Membership.objects.order_by("pk").values_list(
                "cluster_id", "organisation_id", "joined_on", "left_on"
            )
        ),
        list(Person.objects.order_by("pk").values_list("pk", "email", "organisation_id")),
        list(Registration.objects.order_by("pk").values_list("event_id", "person_id", "token")),
        list(Project.objects.order_by("pk").values_list("title", "status", "start_date")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def generated_digest(seed: int) -> str:
    try:
        with transaction.atomic():
            generate(SMALL, seed=seed, today=TODAY)
            result = digest()
            raise Rollback
    except Rollback:
        return result


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    first = generated_digest(7)
    assert generated_digest(7) == first
    assert generated_digest(8) != first


def test_small_scale_is_valid_and_shaped_like_the_domain() -> None:
    ctx = generate(SMALL, seed=1, today=TODAY)
    assert Cluster.objects.count() == SMALL.clusters
    numbers = list(
        Organisation.objects.exclude(org_number=None).values_list("org_number", flat=True)
    )
    assert len(numbers) > SMALL.big_cluster_members
    for number in numbers:
        validate_org_number(number)
    assert not Organisation.objects.filter(org_number=None, country="NO").exists()
    assert Organisation.objects.count() == SMALL.organisations
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    assert kinds.most_common(1)[0][0] == "sme" and len(kinds) >= 7
    sizes = Counter(Organisation.objects.values_list("size_class", flat=True))
    assert {"micro", "small", "medium", "large", "unknown"} <= set(sizes)
    assert (
        Organisation.objects.filter(org_number__isnull=False).values("county").distinct().count()
        > 8
    )

    active = (
        Membership.objects.filter(active_membership_q(TODAY))
        .values("cluster_id")
        .annotate(n=Count("id"))
    )
    per_cluster = {row["cluster_id"]: row["n"] for row in active}
    big = Cluster.objects.order_by("pk").first()
    assert per_cluster[big.pk] == SMALL.big_cluster_members == max(per_cluster.values())
    assert min(per_cluster.values()) >= 15
    assert Membership.objects.filter(left_on__isnull=False).count() > SMALL.memberships * 0.2
    rejoined = (
        Membership.objects.values("cluster_id", "organisation_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert rejoined.exists()

    assert Person.objects.count() == SMALL.people
    assert Person.objects.filter(organisation=None).exists()  # guests
    biggest = (
        Person.objects.exclude(organisation=None)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n")[0]
    )
    assert biggest["n"] == SMALL.big_organisation_people
    big_event = Event.objects.get(pk=ctx.big_event_id)
    assert big_event.cluster_id == big.pk and big_event.starts_at.date() > TODAY
    seats = Q(status__in=["confirmed", "attended", "no_show"])
    assert big_event.registrations.filter(seats).count() > SMALL.big_event_registrations * 0.85
    for event in Event.objects.exclude(capacity=None).annotate(
        taken=Count("registrations", filter=seats)
    ):
        assert event.taken <= event.capacity
    assert Registration.objects.filter(status="waitlisted").count() >= 0
    assert Registration.objects.count() > SMALL.registrations * 0.7
    assert ProjectPartner.objects.filter(role="lead").count() == Project.objects.count()
    assert Project.objects.filter(kind="main_project", predecessor__kind="pre_project").exists()
    assert Enrolment.objects.filter(status="completed").exists()
    assert ClusterStatus.objects.filter(cluster=big, ends_on=None, level__code="mature").exists()
    manager = User.objects.get(email="manager@scale.example")
    assert manager.check_password(PASSWORD)
    assert manager.cluster_roles.get().cluster == big
    assert User.objects.get(email="contact1@scale.example").person.organisation_id is not None


def test_command_refuses_a_database_that_has_clusters() -> None:
    Cluster.objects.create(name="Real cluster", short_name="Real", slug="real")
    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_scale_data", "--scale", "small")
