"""Competence KPIs: participants, completions, credits, SME share, topics, kinds and years,
as a frozen dataclass in a bounded number of queries."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

import pytest

from klynge.learning.models import Course, CourseSession
from klynge.learning.selectors.kpis import CompetenceKpis, competence_kpis, competence_kpis_for_year
from tests.factories.clusters import ClusterFactory, TopicFactory
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def course_on(cluster: Any, day: datetime.date, **fields: Any) -> Course:
    course = CourseFactory(cluster=cluster, sessions=0, **fields)
    starts = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    CourseSession.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        venue="Halden",
    )
    return course


def person_at(employees: int | None) -> Any:
    return PersonFactory(organisation=OrganisationFactory(employees=employees))


@pytest.fixture
def world() -> dict[str, Any]:
    cluster = ClusterFactory()
    flex, data = TopicFactory(name_en="Flexibility"), TopicFactory(name_en="Energy data")
    further = course_on(cluster, datetime.date(2024, 9, 3), further=True)
    further.topics.set([flex])
    short = course_on(cluster, datetime.date(2025, 2, 4))
    short.topics.set([flex, data])
    micro, small, large, unknown = person_at(5), person_at(30), person_at(900), person_at(None)
    # 2024 further education: micro and large complete, small drops out, unknown waits.
    EnrolmentFactory(
        course=further,
        person=micro,
        status="completed",
        completed_on="2024-12-12",
        credits_earned=Decimal("7.5"),
    )
    EnrolmentFactory(
        course=further,
        person=large,
        status="completed",
        completed_on="2024-12-12",
        credits_earned=Decimal("5"),
    )
    EnrolmentFactory(course=further, person=small, status="dropped")
    EnrolmentFactory(course=further, person=unknown, status="waitlisted", waitlist_position=1)
    # 2025 short course: the same micro person again, small completes, a person with no organisation enrolled.
    EnrolmentFactory(course=short, person=micro, status="completed", completed_on="2025-02-05")
    EnrolmentFactory(course=short, person=small, status="completed", completed_on="2025-02-05")
    EnrolmentFactory(course=short, person=PersonFactory(organisation=None), organisation=None)
    # Out of scope: another cluster, a cancelled course, a draft.
    EnrolmentFactory(
        course=course_on(ClusterFactory(), datetime.date(2024, 10, 1)),
        status="completed",
        completed_on="2024-10-02",
    )
    EnrolmentFactory(course=course_on(cluster, datetime.date(2024, 10, 1), status="cancelled"))
    EnrolmentFactory(course=course_on(cluster, datetime.date(2024, 10, 1), status="draft"))
    return {"cluster": cluster, "flex": flex, "data": data}


def test_kpis_for_two_years(world: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(13):
        kpis = competence_kpis(
            cluster=world["cluster"],
            start=datetime.date(2024, 1, 1),
            end=datetime.date(2025, 12, 31),
        )
    assert (kpis.courses, kpis.enrolments, kpis.participants, kpis.organisations) == (2, 5, 4, 3)
    assert (kpis.completions, kpis.people_completed, kpis.credits) == (4, 3, Decimal("12.5"))
    sizes = {row.key: (row.participants, row.completions) for row in kpis.by_size}
    assert sizes == {
        "micro": (1, 2),
        "small": (1, 1),
        "medium": (0, 0),
        "large": (1, 1),
        "unknown": (0, 0),
        "na": (0, 0),
        "none": (1, 0),
    }
    assert (kpis.sme_participants, kpis.known_size_participants) == (2, 3)
    assert kpis.sme_share == pytest.approx(2 / 3)
    assert kpis.sme_completion_share == pytest.approx(3 / 4)
    topics = [(row.label, row.participants, row.completions) for row in kpis.by_topic]
    assert topics == [("Flexibility", 4, 4), ("Energy data", 3, 2)]
    kinds = {row.key: (row.participants, row.completions, row.credits) for row in kpis.by_kind}
    assert kinds["further_education"] == (2, 2, Decimal("12.5"))
    assert kinds["short_course"] == (3, 2, Decimal("0"))
    assert [(r.label, r.participants, r.completions) for r in kpis.by_year] == [
        ("2024", 2, 2),
        ("2025", 3, 2),
    ]


def test_the_period_limits_participants_and_completions(world: dict[str, Any]) -> None:
    kpis = competence_kpis_for_year(cluster=world["cluster"], year=2025)
    assert (kpis.courses, kpis.participants, kpis.completions, kpis.credits) == (1, 3, 2, 0)
    assert [r.label for r in kpis.by_year] == ["2025"]


def test_kpis_are_frozen_and_empty_periods_have_no_shares(world: dict[str, Any]) -> None:
    kpis = competence_kpis_for_year(cluster=world["cluster"], year=2019)
    assert isinstance(kpis, CompetenceKpis)
    assert (kpis.participants, kpis.completions, kpis.sme_share) == (0, 0, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        kpis.participants = 3  # type: ignore[misc]  # assigning to a frozen field is the point
