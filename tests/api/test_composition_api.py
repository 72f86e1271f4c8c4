"""GET /api/v1/clusters/{slug}/composition: whole body on a hand-built cluster, dates, roles."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/api/v1/clusters/cluster-a/composition"


@pytest.fixture
def populated(member_cast: Any) -> Any:
    """org_a and org_b: SME members (20 staff, Østfold) since 1 Jan 2015; a university partner
    (headcount unknown, Oslo) 2018-03-01 to 2021-06-01; a Swedish associate since 2020."""
    university = OrganisationFactory(name="Uni", kind="university", employees=None, county="Oslo")
    MembershipFactory(
        cluster=member_cast.cluster_a,
        organisation=university,
        category="partner",
        joined_on=D(2018, 3, 1),
        left_on=D(2021, 6, 1),
    )
    swede = OrganisationFactory(name="Svensk AB", country="SE", org_number=None, county="")
    MembershipFactory(
        cluster=member_cast.cluster_a,
        organisation=swede,
        category="associate",
        joined_on=D(2020, 1, 1),
    )
    return member_cast


def year(y: int, joined: int, start: int, end: int) -> dict:
    return {
        "year": y,
        "joined": joined,
        "left": 0,
        "members_at_start": start,
        "retained": start,
        "members_at_end": end,
        "retention_rate": 1.0,
        "partial": False,
    }


def bucket(key: str, label: str, count: int) -> dict:
    return {"key": key, "label": label, "count": count}


def test_whole_body_as_of_new_years_eve_2019(
    populated: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(populated.staff_a)
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"as_of": "2019-12-31"})
    assert response.status_code == 200
    last = year(2019, 0, 3, 3)
    assert response.json() == {
        "cluster": "cluster-a",
        "as_of": "2019-12-31",
        "total": 3,
        "by_category": [
            bucket("member", "Member", 2),
            bucket("partner", "Partner", 1),
            bucket("associate", "Associate", 0),
        ],
        "by_kind": [bucket("sme", "SME", 2), bucket("university", "University or college", 1)],
        "by_member_type": [
            bucket("industry", "Industry", 2),
            bucket("research", "Research and education", 1),
            bucket("public", "Public sector", 0),
            bucket("finance", "Finance and investors", 0),
            bucket("other", "Civil society and other", 0),
        ],
        "by_sme": [  # a university is not an enterprise: never an SME, whatever its size
            bucket("sme", "SME", 2),
            bucket("large", "Large", 0),
            bucket("unknown", "Unknown size", 0),
            bucket("na", "Not an enterprise", 1),
        ],
        "by_size_class": [
            bucket("micro", "Micro (< 10)", 0),
            bucket("small", "Small (10–49)", 2),
            bucket("medium", "Medium (50–249)", 0),
            bucket("large", "Large (250+)", 0),
            bucket("unknown", "Unknown size", 0),
            bucket("na", "Not applicable (not an enterprise)", 1),
        ],
        "by_nace_section": [bucket("unknown", "Not given", 3)],
        "by_county": [bucket("Østfold", "Østfold", 2), bucket("Oslo", "Oslo", 1)],
        "by_origin": [
            bucket("norwegian", "Norwegian", 3),
            bucket("international", "International", 0),
        ],
        "foreign_countries": [],
        "years": [
            year(2015, 2, 2, 2),
            year(2016, 0, 2, 2),
            year(2017, 0, 2, 2),
            year(2018, 1, 2, 3),
            last,
        ],
        "last_full_year": last,
        "eligibility": {
            "passed": False,
            "committed_members": 3,
            "member_types": 2,
            "min_members": 15,
            "min_types": 2,
            "missing_members": 12,
            "missing_types": 0,
            "type_keys": ["industry", "research"],
            "missing": ["12 more committed members"],
        },
    }


def test_default_is_today(populated: Any) -> None:
    from django.utils import timezone

    body = client_for(populated.officer).get(URL).json()
    assert body["as_of"] == timezone.localdate().isoformat()
    assert body["total"] == 3  # the university has left, the Swede has joined
    assert body["foreign_countries"] == [bucket("SE", "Sweden", 1)]


@pytest.mark.parametrize("value", ["2019-02-30", "31.12.2019", "soon", "1799-12-31", "2101-01-01"])
def test_bad_date_is_422(populated: Any, value: str) -> None:
    response = client_for(populated.staff_a).get(URL, {"as_of": value})
    assert response.status_code == 422
    assert response.json()["field"] == "as_of"
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("contact_a", 403),
        ("contact_b", 403),
        ("staff_b", 403),
        ("staff_a", 200),
        ("manager_a", 200),
        ("officer", 200),
        ("superuser", 200),
    ],
)
def test_roles(populated: Any, role: str, status: int) -> None:
    response = client_for(populated.user(role)).get(URL)
    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "forbidden"


def test_unknown_cluster_is_404(populated: Any) -> None:
    response = client_for(populated.superuser).get("/api/v1/clusters/nope/composition")
    assert response.status_code == 404
