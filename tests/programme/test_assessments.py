"""Assessments: snapshot with inputs, scores, the workflow table, decisions that grant a level."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.programme.models import Assessment, Framework
from klynge.programme.selectors.assessments import assessment_summary
from klynge.programme.selectors.statuses import level_current
from klynge.programme.services.assessments import (
    assessment_create,
    assessment_decide,
    assessment_recompute,
    assessment_score,
    assessment_transition,
)
from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.factories.programme import CertificationLabelFactory, ClusterStatusFactory, shipped_level

pytestmark = pytest.mark.usefixtures("shipped")
D = datetime.date


@pytest.fixture
def mature(cast: Any) -> Assessment:
    """Cluster A (NCE since 2009, gold label 2019, 2 member types) assessed for mature status."""
    cluster = cast.cluster_a
    ClusterStatusFactory(cluster=cluster, level=shipped_level("nce"), starts_on=D(2009, 1, 1))
    CertificationLabelFactory(cluster=cluster, grade="gold", awarded_on=D(2019, 6, 1))
    for kind in ("sme", "sme", "university"):
        MembershipFactory(cluster=cluster, organisation=OrganisationFactory(kind=kind))
    return assessment_create(
        actor=cast.officer,
        cluster=cluster,
        framework=Framework.objects.get(code="mature-cluster"),
        period="2020",
        as_of=D(2020, 10, 1),
    )


def items(assessment: Assessment) -> dict[str, Any]:
    return {i.criterion.code: i for i in assessment.items.select_related("criterion")}


def test_create_stores_a_snapshot_with_inputs(mature: Assessment) -> None:
    found = items(mature)
    assert found["C"].computed_points == Decimal("5.00")  # 2 of 4 types
    assert found["C"].inputs["used"]["member_types"] == 2
    assert found["C"].inputs["all"]["as_of"] == "2020-10-01"
    assert found["G"].computed_points == Decimal("10.00")
    assert "2021-05-31" in found["G"].explanation
    assert found["Q"].computed_points is None
    assert mature.computed_at is not None


def test_the_snapshot_keeps_its_value_until_recomputed(mature: Assessment, cast: Any) -> None:
    MembershipFactory(
        cluster=cast.cluster_a, organisation=OrganisationFactory(kind="public_sector")
    )
    assert items(mature)["C"].computed_points == Decimal("5.00")
    assessment_recompute(actor=cast.officer, assessment=mature)
    assert items(mature)["C"].computed_points == Decimal("7.50")


def test_a_second_assessment_for_the_same_period_is_refused(mature: Assessment, cast: Any) -> None:
    with pytest.raises(ConflictError) as error:
        assessment_create(
            actor=cast.officer,
            cluster=cast.cluster_a,
            framework=mature.framework,
            period="2020",
            as_of=D(2020, 12, 1),
        )
    assert error.value.field == "period"


def test_workflow_self_assessment_review_and_decision_granting_mature(
    mature: Assessment, cast: Any
) -> None:
    with pytest.raises(PermissionDenied):
        assessment_transition(
            actor=cast.manager_a, assessment=mature, action="open_self_assessment"
        )
    assessment_transition(actor=cast.officer, assessment=mature, action="open_self_assessment")
    found = items(mature)
    assessment_score(
        actor=cast.manager_a,
        assessment=mature,
        as_cluster=True,
        scores={found["Q"].pk: {"score": 9, "comment": "Strong pilots"}},
    )
    with pytest.raises(ConflictError):  # assessor scores wait for the review
        assessment_score(
            actor=cast.officer,
            assessment=mature,
            as_cluster=False,
            scores={found["Q"].pk: {"score": 8}},
        )
    assessment_transition(actor=cast.manager_a, assessment=mature, action="submit_self_assessment")
    assert mature.status == "in_review"

    with pytest.raises(DomainError) as error:  # guard: Q not scored by the assessor
        assessment_decide(
            actor=cast.officer, assessment=mature, outcome="passed", decided_on=D(2020, 11, 20)
        )
    assert "Q" in error.value.message
    assessment_score(
        actor=cast.officer,
        assessment=mature,
        as_cluster=False,
        scores={found["Q"].pk: {"score": 8, "comment": "Good portfolio"}},
    )
    summary = assessment_summary(assessment=mature)
    # 8 + 5 + 10 = 23 of 30 = 76.7 %, but composition (5) is below its threshold (6).
    assert (summary.total, summary.percent) == (Decimal("23.00"), Decimal("76.7"))
    assert summary.failed_required == ("C",) and summary.passed is False
    with pytest.raises(DomainError) as error:
        assessment_decide(
            actor=cast.officer, assessment=mature, outcome="passed", decided_on=D(2020, 11, 20)
        )
    assert error.value.field == "note"

    assessment_decide(
        actor=cast.officer,
        assessment=mature,
        outcome="passed",
        decided_on=D(2020, 11, 20),
        decision_reference="IN-2020-17",
        note="Composition judged sufficient with the research partners.",
        grant_level=True,
    )
    mature.refresh_from_db()
    assert (mature.status, mature.outcome, mature.percent) == ("decided", "passed", Decimal("76.7"))
    assert level_current(cluster=cast.cluster_a, on=D(2020, 11, 20)).code == "mature"
    assert level_current(cluster=cast.cluster_a, on=D(2020, 11, 19)).code == "nce"
    assert cast.cluster_a.programme_statuses.get(ends_on=None).assessment_id == mature.pk
    with pytest.raises(ConflictError):
        assessment_recompute(actor=cast.officer, assessment=mature)
    actions = set(
        AuditEntry.objects.filter(cluster_id=cast.cluster_a.pk).values_list("action", flat=True)
    )
    assert {
        "klynge.programme.assessment.decided",
        "klynge.programme.status.added",
        "klynge.programme.assessment.scored",
    } <= actions


def test_scores_are_checked(mature: Assessment, cast: Any) -> None:
    found = items(mature)
    with pytest.raises(DomainError) as error:
        assessment_score(
            actor=cast.officer,
            assessment=mature,
            as_cluster=False,
            scores={found["Q"].pk: {"score": 11}},
        )
    assert error.value.field == f"score_{found['Q'].pk}"
    with pytest.raises(DomainError) as error:  # overriding a computed value needs a reason
        assessment_score(
            actor=cast.officer,
            assessment=mature,
            as_cluster=False,
            scores={found["C"].pk: {"score": 8}},
        )
    assert error.value.field == f"comment_{found['C'].pk}"


def test_a_failed_assessment_cannot_grant_the_level(mature: Assessment, cast: Any) -> None:
    assessment_transition(actor=cast.officer, assessment=mature, action="start_review")
    found = items(mature)
    assessment_score(
        actor=cast.officer,
        assessment=mature,
        as_cluster=False,
        scores={found["Q"].pk: {"score": 3}},
    )
    with pytest.raises(DomainError) as error:
        assessment_decide(
            actor=cast.officer,
            assessment=mature,
            outcome="failed",
            decided_on=D(2020, 11, 20),
            grant_level=True,
        )
    assert error.value.field == "grant_level"
    assessment_decide(
        actor=cast.officer, assessment=mature, outcome="failed", decided_on=D(2020, 11, 20)
    )
    assert level_current(cluster=cast.cluster_a, on=D(2021, 1, 1)).code == "nce"
