"""Computed indicators against hand-built clusters with known answers, and the pure functions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from klynge.clusters.models import ClusterRole
from klynge.events.models import Feedback, Registration
from klynge.programme.indicators import IndicatorInputs, compute, needed_value, shortfall
from klynge.programme.models import ClusterFinance, Framework
from klynge.programme.selectors.inputs import indicator_inputs
from klynge.programme.selectors.readiness import readiness_get
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.factories.programme import CertificationLabelFactory
from tests.factories.projects import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory

D = datetime.date
AS_OF = D(2021, 6, 30)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def built(db: Any) -> Any:
    """Cluster X on 30 June 2021, built by hand so every indicator has a known answer.

    Members now: 6 SMEs (members), 2 universities (partners), 1 municipality (member),
    1 large company (associate) = 10, of them 9 committed, in 3 member types. One SME left in
    June 2020: 11 members on 1 Jan 2020, 10 retained. Projects: P1 (running) with two members
    and an outsider; P2 (completed) with one confirmed member and one candidate; P3 (planned) does
    not count. Events in the 12 months: 2 hosted + 1 co-hosted (3 participants); a cancelled, a
    draft and an older event do not count. Gold label valid until 31 Aug 2021 (62 days left).
    The attended participant gave feedback 8 of 10. Income: 2019 and 2020 in the window (NOK
    600k private of 1.5 m), 2018 outside it. Team: a manager since 2018, a staff member since
    2021. Every member is in Østfold, which was Viken, the cluster's region, on that day.
    """
    x = ClusterFactory(slug="cluster-x", name="Cluster X")
    other = ClusterFactory(slug="cluster-y", name="Cluster Y")
    joined = D(2018, 1, 1)
    smes = [OrganisationFactory(kind="sme") for _ in range(6)]
    for org in smes:
        MembershipFactory(cluster=x, organisation=org, joined_on=joined)
    for _ in range(2):
        MembershipFactory(
            cluster=x,
            organisation=OrganisationFactory(kind="university"),
            category="partner",
            joined_on=joined,
        )
    MembershipFactory(
        cluster=x, organisation=OrganisationFactory(kind="public_sector"), joined_on=joined
    )
    MembershipFactory(
        cluster=x,
        organisation=OrganisationFactory(kind="large", employees=900),
        category="associate",
        joined_on=joined,
    )
    MembershipFactory(
        cluster=x,
        organisation=OrganisationFactory(kind="sme"),
        joined_on=joined,
        left_on=D(2020, 6, 1),
    )

    p1 = ProjectFactory(
        lead_cluster=x,
        status="running",
        start_date=D(2020, 1, 1),
        end_date=None,
        private_cash=100_000,
        in_kind=50_000,
    )
    ProjectPartnerFactory(project=p1, organisation=smes[0], role="lead")
    ProjectPartnerFactory(project=p1, organisation=smes[1])
    ProjectPartnerFactory(project=p1, organisation=OrganisationFactory())  # not a member
    FundingSourceFactory(project=p1, kind="public", amount=300_000)
    FundingSourceFactory(project=p1, kind="private", amount=50_000)
    p2 = ProjectFactory(
        lead_cluster=other,
        status="completed",
        start_date=D(2019, 1, 1),
        end_date=D(2019, 12, 31),
        private_cash=200_000,
        in_kind=0,
    )
    p2.clusters.add(x)
    ProjectPartnerFactory(project=p2, organisation=smes[2])
    ProjectPartnerFactory(project=p2, organisation=smes[3], status="candidate")
    FundingSourceFactory(project=p2, kind="public", amount=400_000)
    p3 = ProjectFactory(
        lead_cluster=x, status="planned", start_date=D(2021, 1, 1), private_cash=10**9
    )
    ProjectPartnerFactory(project=p3, organisation=smes[4])
    ProjectPartnerFactory(project=p3, organisation=smes[5])

    e1 = EventFactory(cluster=x, starts_at=at(D(2020, 9, 1)), ends_at=at(D(2020, 9, 1), 15))
    EventFactory(cluster=x, starts_at=at(D(2021, 3, 1)), ends_at=at(D(2021, 3, 1), 15))
    cohosted = EventFactory(
        cluster=other, starts_at=at(D(2021, 5, 1)), ends_at=at(D(2021, 5, 1), 15)
    )
    cohosted.co_hosts.add(x)
    EventFactory(
        cluster=x, status="cancelled", starts_at=at(D(2021, 2, 1)), ends_at=at(D(2021, 2, 1), 12)
    )
    EventFactory(
        cluster=x, status="draft", starts_at=at(D(2021, 2, 2)), ends_at=at(D(2021, 2, 2), 12)
    )
    EventFactory(cluster=x, starts_at=at(D(2020, 5, 1)), ends_at=at(D(2020, 5, 1), 12))  # too old
    RegistrationFactory(event=e1, status="confirmed")
    RegistrationFactory(event=e1, status="attended")
    RegistrationFactory(event=cohosted, status="confirmed")
    RegistrationFactory(event=e1, status="cancelled")
    attended = Registration.objects.get(event=e1, status="attended")
    Feedback.objects.create(registration=attended, score=8)

    for year, private, public in (
        (2018, 900_000, 0),
        (2019, 200_000, 300_000),
        (2020, 400_000, 600_000),
    ):
        ClusterFinance.objects.create(
            cluster=x, year=year, membership_fees=private, public_programme=public
        )
    manager = ClusterRoleFactory(cluster=x, role="manager")
    staff = ClusterRoleFactory(cluster=x)
    ClusterRole.objects.filter(pk=manager.pk).update(created_at=at(D(2018, 3, 1)))
    ClusterRole.objects.filter(pk=staff.pk).update(created_at=at(D(2021, 1, 4)))

    CertificationLabelFactory(cluster=x, grade="gold", awarded_on=D(2019, 9, 1))
    return x


def test_inputs_of_the_hand_built_cluster(built: Any, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(QUERY_BOUND):
        inputs = indicator_inputs(cluster=built, as_of=AS_OF)
    assert (inputs.total_members, inputs.committed_members, inputs.member_types) == (10, 9, 3)
    assert set(inputs.member_type_keys) == {"industry", "research", "public"}
    assert (inputs.stability_year, inputs.members_at_start, inputs.retained) == (2020, 11, 10)
    assert (inputs.cooperating_members, inputs.cooperation_projects) == (2, 1)
    assert (inputs.private_funding, inputs.public_funding) == (400_000, 700_000)
    assert (inputs.events_held, inputs.event_participants) == (3, 3)
    assert (inputs.label_grade, inputs.label_valid_until) == ("gold", D(2021, 8, 31))
    assert (inputs.income_private, inputs.income_public, inputs.income_years) == (
        600_000,
        900_000,
        (2019, 2020),
    )
    assert (inputs.team_size, inputs.team_settled) == (2, 1)
    assert (inputs.feedback_answers, inputs.feedback_score_sum) == (1, 8)
    assert (inputs.home_county, inputs.members_in_home_county, inputs.members_with_county) == (
        "Viken",
        10,
        10,
    )


# A fixed number of queries whatever the cluster's size: the composition's two reads and one
# query for every other input.
QUERY_BOUND = 3
EXPECTED_ESCA = {
    "1.1.0": (0.9, "5.0"),  # 9/10 committed, full points at 80 %
    "1.1.1": (3.0, "3.8"),  # 3 of 4 types -> 3.75
    "1.1.2": (9.0, "0.9"),  # 9 of 50
    "2.3": (10 / 11, "5.0"),  # 90.9 % retained, full at 90 %
    "2.6": (0.2, "3.3"),  # 2 of 10 in joint projects, full at 30 %
    "3.2": (0.4, "4.0"),  # the cluster organisation's income: 600k of 1.5 m, full at 50 %
    "4.3": (3.0, "1.3"),  # 3 of 12 events -> 1.25
    "1.2": (1.0, "5.0"),  # every member in the home county (Viken on that day)
    "2.2.1": (2.0, "3.3"),  # 2 people, full at 3
    "2.2.4": (0.5, "4.2"),  # 1 of 2 in place for two years, full at 60 %
    "2.4": (None, "0.0"),  # no member survey: nothing to count
    "2.5": (0.0, "0.0"),  # the participants' organisations are not members
    "2.7": (1.0, "1.7"),  # P2 is led by another cluster, full at 3
    "4.5": (0.0, "0.0"),  # no focus topics
    "4.6.1": (0.0, "0.0"),  # no news, no newsletters
    "4.6.2": (0.25, "1.3"),  # a public event only
    "5.2": (0.0, "0.0"),  # no outcomes
    "5.3": (0.8, "5.0"),  # average 8 of 10, full at 8
}


def test_esca_points_for_the_hand_built_cluster(built: Any, shipped: None) -> None:
    readiness = readiness_get(
        cluster=built, framework=Framework.objects.get(code="esca-gold"), as_of=AS_OF
    )
    rows = {row.code: row for row in readiness.computed_rows}
    assert set(rows) == set(EXPECTED_ESCA)
    for code, (value, points) in EXPECTED_ESCA.items():
        assert rows[code].value == pytest.approx(value), code
        assert rows[code].points == Decimal(points), code
    assert len(readiness.manual_rows) == 31 - len(EXPECTED_ESCA)
    assert len(readiness.computed_rows) >= 14
    assert rows["1.1.2"].missing == "21 more committed members"  # 3 points need 30, has 9
    assert rows["2.6"].missing == ""  # 3.3 >= 3
    assert rows["4.3"].missing == "5 more events in 12 months"  # 7.2 needed -> 8


def test_mature_readiness_says_what_is_missing(built: Any, shipped: None) -> None:
    mature = Framework.objects.get(code="mature-cluster")
    readiness = readiness_get(cluster=built, framework=mature, as_of=AS_OF)
    rows = {row.code: row for row in readiness.rows}
    assert rows["C"].points == Decimal("7.5") and rows["C"].meets is True
    assert rows["G"].meets is True
    assert rows["G"].warning == "Label expires in 62 days"
    assert rows["Q"].computed is False and rows["Q"].meets is None
    # After the label expires it no longer counts.
    later = readiness_get(cluster=built, framework=mature, as_of=D(2021, 9, 1))
    assert {r.code: r for r in later.rows}["G"].meets is False
    assert {r.code: r for r in later.rows}["G"].missing == "A valid gold label."


def test_an_empty_cluster_needs_three_more_member_types(shipped: None) -> None:
    empty = ClusterFactory()
    readiness = readiness_get(
        cluster=empty, framework=Framework.objects.get(code="mature-cluster"), as_of=AS_OF
    )
    rows = {row.code: row for row in readiness.rows}
    assert rows["C"].missing == "3 more member types"
    assert rows["G"].missing == "A valid gold label."
    assert [r.code for r in readiness.missing] == ["C", "G"]


@pytest.mark.parametrize(
    ("key", "inputs", "params", "points"),
    [
        ("participants_number", {"committed_members": 25}, {"full_at": 50}, "2.5"),
        ("participants_number", {"committed_members": 80}, {"full_at": 50}, "5.0"),
        ("participants_commitment", {"committed_members": 0, "total_members": 0}, {}, "0.0"),
        (
            "participation_stability",
            {"members_at_start": 20, "retained": 18},
            {"full_at": 0.9},
            "5.0",
        ),
        (
            "private_funding_share",
            {"income_private": 1, "income_public": 3, "private_funding": 9},
            {"full_at": 0.5},
            "2.5",
        ),
        (
            "project_private_share",
            {"private_funding": 1, "public_funding": 3, "income_private": 9},
            {"full_at": 0.5},
            "2.5",
        ),
        ("geographic_concentration", {"members_with_county": 0}, {}, "0.0"),
        ("staff_stability", {"team_size": 4, "team_settled": 3}, {"full_at": 0.6}, "5.0"),
        ("member_voice", {"survey_invited": 50, "survey_answered": 10}, {"full_at": 0.4}, "2.5"),
        ("communication", {"news_posts": 6, "newsletters_sent": 6}, {"full_at": 24}, "2.5"),
        ("internet_presence", {"presence": ("website", "profile")}, {}, "2.5"),
        ("satisfaction", {"feedback_answers": 0}, {}, "0.0"),
        ("satisfaction", {"feedback_answers": 2, "feedback_score_sum": 12}, {}, "3.7"),
        ("valid_label", {"label_grade": "silver"}, {"grade": "gold"}, "0.0"),
        ("valid_label", {"label_grade": "gold"}, {"grade": "silver"}, "5.0"),
    ],
)
def test_pure_indicator_points(key: str, inputs: dict, params: dict, points: str) -> None:
    result = compute(key, IndicatorInputs(as_of=AS_OF, **inputs), max_points=5, params=params)
    assert result.points == Decimal(points)
    assert result.inputs["as_of"] == "2021-06-30"
    assert result.explanation


def test_needed_value_and_shortfall_words() -> None:
    needed = needed_value(
        "participants_composition", threshold=6, max_points=10, params={"full_at": 4}
    )
    assert needed == pytest.approx(2.4)
    assert shortfall("participants_composition", 0.0, needed, {}) == "3 more member types"
    assert shortfall("participants_composition", 2.0, needed, {}) == "1 more member type"
    assert shortfall("participants_composition", 3.0, needed, {}) == ""
    used = {"committed_members": 5, "total_members": 10}
    assert shortfall("participants_commitment", 0.5, 0.8, used) == "3 more members"
    assert shortfall("participation_stability", 0.5, 0.9, {}) == "50 % now, 90 % needed"
