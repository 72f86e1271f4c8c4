"""Composition selectors on a hand-built cluster whose every number is worked out below."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from klynge.core.errors import DomainError
from klynge.members.models import Membership, Organisation
from klynge.members.selectors.composition import (
    Bucket,
    composition_get,
    eligibility_get,
)
from tests.factories.clusters import ClusterFactory
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
D = datetime.date
NYE = D(2019, 12, 31)


def org(
    name: str, kind: str, employees: int | None, county: str, nace: str, country: str = "NO"
) -> Any:
    extra = {} if country == "NO" else {"org_number": None}
    return OrganisationFactory(
        name=name,
        kind=kind,
        employees=employees,
        county=county,
        nace_primary=nace,
        country=country,
        **extra,
    )


def member(
    cluster: Any,
    organisation: Any,
    category: str,
    joined: datetime.date,
    left: datetime.date | None = None,
) -> Membership:
    return MembershipFactory(
        cluster=cluster,
        organisation=organisation,
        category=category,
        joined_on=joined,
        left_on=left,
    )


@pytest.fixture
def cluster(db: Any) -> Any:
    """As of 31 Dec 2019: A B D E F H active; C left 2018; G left that very day; I joins 2020."""
    cluster = ClusterFactory(slug="hand-built")
    other = ClusterFactory(slug="other")
    a = org("A", "sme", 20, "Østfold", "62.010")
    member(cluster, a, "member", D(2015, 3, 1))
    member(other, a, "member", D(2010, 1, 1))  # another cluster: never counted here
    member(cluster, org("B", "large", 500, "Oslo", "35.130"), "partner", D(2016, 1, 1))
    c = org("C", "university", None, "Østfold", "85.421")
    member(cluster, c, "member", D(2016, 6, 1), D(2018, 6, 30))
    member(cluster, org("D", "public_sector", 300, "Østfold", "84.110"), "associate", D(2017, 1, 1))
    member(cluster, org("E", "sme", 5, "", "72.190", country="SE"), "member", D(2018, 2, 1))
    member(cluster, org("F", "startup", 3, "Viken", ""), "member", NYE)
    g = org("G", "sme", 15, "Østfold", "62.010")
    member(cluster, g, "member", D(2017, 5, 5), NYE)
    h = org("H", "research_institute", 80, "Trøndelag", "72.190")
    member(cluster, h, "partner", D(2015, 1, 1), D(2017, 1, 1))
    member(cluster, h, "partner", D(2018, 1, 1))  # rejoined
    member(cluster, org("I", "finance", 40, "", "64.300", country="DK"), "member", D(2020, 5, 1))
    return cluster


def counts(buckets: tuple[Bucket, ...]) -> dict[str, int]:
    return {bucket.key: bucket.count for bucket in buckets}


def test_breakdowns_as_of_new_years_eve_2019(cluster: Any) -> None:
    result = composition_get(cluster=cluster, as_of=NYE)
    assert result.as_of == NYE and result.total == 6 and result.has_memberships
    assert counts(result.by_kind) == {
        "startup": 1,
        "sme": 2,
        "large": 1,
        "research_institute": 1,
        "public_sector": 1,
    }
    assert [b.key for b in result.by_kind] == [
        "startup",
        "sme",
        "large",
        "research_institute",
        "public_sector",
    ]
    assert counts(result.by_member_type) == {
        "industry": 4,
        "research": 1,
        "public": 1,
        "finance": 0,
        "other": 0,
    }
    assert [b.label for b in result.by_member_type][:2] == ["Industry", "Research and education"]
    assert counts(result.by_category) == {"member": 3, "partner": 2, "associate": 1}
    # The university and the public body are not enterprises: no size class, never SMEs.
    assert counts(result.by_size_class) == {
        "micro": 2,
        "small": 1,
        "medium": 0,
        "large": 1,
        "unknown": 0,
        "na": 2,
    }
    assert counts(result.by_sme) == {"sme": 3, "large": 1, "unknown": 0, "na": 2}
    assert [(b.key, b.label, b.count) for b in result.by_nace_section] == [
        ("M", "M – Professional, scientific and technical", 2),
        ("D", "D – Electricity, gas, steam and air conditioning", 1),
        ("J", "J – Information and communication", 1),
        ("O", "O – Public administration and defence", 1),
        ("unknown", "Not given", 1),
    ]
    assert [(b.label, b.count) for b in result.by_county] == [
        ("Østfold", 2),
        ("Oslo", 1),
        ("Trøndelag", 1),
        ("Viken", 1),
        ("Outside Norway", 1),
    ]
    assert counts(result.by_origin) == {"norwegian": 5, "international": 1}
    assert result.foreign_countries == (Bucket("SE", "Sweden", 1),)


def test_joined_left_and_retention_per_year(cluster: Any) -> None:
    result = composition_get(cluster=cluster, as_of=NYE)
    table = [
        (r.year, r.joined, r.left, r.members_at_start, r.retained, r.members_at_end, r.partial)
        for r in result.years
    ]
    assert table == [
        (2015, 2, 0, 1, 1, 2, False),  # H joined on 1 Jan, so it counts at the start
        (2016, 2, 0, 3, 3, 4, False),
        (2017, 2, 1, 4, 4, 5, False),  # H left on 1 Jan: not a member that day
        (2018, 2, 1, 6, 5, 6, False),  # H rejoined; C left
        (2019, 1, 1, 6, 5, 6, False),  # G left on 31 Dec, F joined that day
    ]
    assert result.years[3].retention_rate == pytest.approx(5 / 6)
    assert result.last_full_year == result.years[-1]


def test_a_year_not_over_is_partial_and_counts_up_to_the_date(cluster: Any) -> None:
    result = composition_get(cluster=cluster, as_of=D(2018, 6, 30))
    last = result.years[-1]
    assert (last.year, last.joined, last.left, last.retained, last.partial) == (2018, 2, 1, 5, True)
    assert result.last_full_year is not None and result.last_full_year.year == 2017
    assert result.total == 6  # A B D G H E; C left that day


def test_default_is_today(cluster: Any) -> None:
    result = composition_get(cluster=cluster)
    assert result.as_of == timezone.localdate()
    assert result.total == 7  # I has joined, G has left
    assert result.foreign_countries == (Bucket("DK", "Denmark", 1), Bucket("SE", "Sweden", 1))
    assert counts(result.by_member_type)["finance"] == 1


def test_before_anyone_joined(cluster: Any) -> None:
    result = composition_get(cluster=cluster, as_of=D(2012, 1, 1))
    assert result.total == 0 and result.years == () and result.has_memberships
    assert result.last_full_year is None


def test_empty_cluster(db: Any) -> None:
    result = composition_get(cluster=ClusterFactory(), as_of=NYE)
    assert (result.total, result.has_memberships, result.years) == (0, False, ())
    assert counts(result.by_member_type) == dict.fromkeys(
        ["industry", "research", "public", "finance", "other"], 0
    )
    assert result.by_kind == () and result.by_county == () and result.foreign_countries == ()
    assert result.eligibility.missing == ("15 more committed members", "2 more member types")


def test_eligibility_counts_members_and_partners_but_not_associates(cluster: Any) -> None:
    eligibility = composition_get(cluster=cluster, as_of=NYE).eligibility
    assert not eligibility.passed
    assert (eligibility.committed_members, eligibility.member_types) == (5, 2)
    assert eligibility.type_keys == ("industry", "research")  # D (public) is an associate
    assert (eligibility.min_members, eligibility.min_types) == (15, 2)
    assert (eligibility.missing_members, eligibility.missing_types) == (10, 0)
    assert eligibility.missing == ("10 more committed members",)
    assert eligibility_get(cluster=cluster, as_of=NYE) == eligibility


@override_settings(KLYNGE_ELIGIBILITY_MIN_MEMBERS=5, KLYNGE_ELIGIBILITY_MIN_TYPES=2)
def test_eligibility_passes_at_the_thresholds(cluster: Any) -> None:
    eligibility = eligibility_get(cluster=cluster, as_of=NYE)
    assert eligibility.passed and eligibility.missing == ()


@override_settings(KLYNGE_ELIGIBILITY_MIN_MEMBERS=4, KLYNGE_ELIGIBILITY_MIN_TYPES=3)
def test_eligibility_names_a_missing_member_type(cluster: Any) -> None:
    eligibility = eligibility_get(cluster=cluster, as_of=NYE)
    assert not eligibility.passed
    assert eligibility.missing == ("1 more member type",)
    one_short = eligibility_get(cluster=cluster, as_of=D(2018, 1, 1))  # A B C D G H: 5 committed
    assert one_short.committed_members == 5


@override_settings(KLYNGE_ELIGIBILITY_MIN_MEMBERS=6)
def test_one_member_short_is_singular(cluster: Any) -> None:
    assert eligibility_get(cluster=cluster, as_of=NYE).missing == ("1 more committed member",)


@pytest.mark.parametrize("as_of", [D(1799, 12, 31), D(2101, 1, 1)])
def test_dates_outside_the_supported_range_are_refused(cluster: Any, as_of: datetime.date) -> None:
    with pytest.raises(DomainError) as info:
        composition_get(cluster=cluster, as_of=as_of)
    assert info.value.field == "as_of"


def test_query_count_does_not_grow_with_members(
    db: Any, django_assert_max_num_queries: Any
) -> None:
    cluster = ClusterFactory(slug="big")
    kinds = [k for k, _label in Organisation.Kind.choices]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Org {i}",
            country="NO" if i % 10 else "SE",
            kind=kinds[i % len(kinds)],
            employees=None if i % 7 == 0 else i % 400,
            county=f"County {i % 11}",
            nace_primary=f"{10 + i % 80}.{i % 1000:03d}",
        )
        for i in range(5000)
    )
    Membership.objects.bulk_create(
        Membership(
            cluster=cluster,
            organisation=o,
            category=("member", "partner", "associate")[i % 3],
            joined_on=D(2009 + i % 15, 1 + i % 12, 1),
            left_on=D(2024, 6, 1) if i % 13 == 0 else None,
        )
        for i, o in enumerate(organisations)
    )
    with django_assert_max_num_queries(7):
        result = composition_get(cluster=cluster, as_of=D(2025, 1, 1))
    assert result.total == 5000 - len(range(0, 5000, 13))
    assert sum(b.count for b in result.by_member_type) == result.total
    assert sum(b.count for b in result.by_county) == result.total
    assert [r.year for r in result.years] == list(range(2009, 2026))
    assert sum(r.joined for r in result.years) == 5000
    with django_assert_max_num_queries(1):
        eligibility_get(cluster=cluster, as_of=D(2025, 1, 1))
