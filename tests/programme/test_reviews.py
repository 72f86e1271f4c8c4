"""Evaluators: assignment, conflict flags and declarations, scoring, summary, decisions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from klynge.core.errors import ConflictError, DomainError
from klynge.programme.models import Criterion, Framework
from klynge.programme.permissions import (
    can_view_application,
    can_view_review_summary,
)
from klynge.programme.selectors.reviews import review_summary
from klynge.programme.services.applications import application_submit, application_transition
from klynge.programme.services.decisions import application_decide
from klynge.programme.services.reviews import (
    assignment_create,
    conflict_declare,
    evaluator_add,
    review_save,
)
from klynge.projects.models import Project
from tests.factories.members import PersonFactory
from tests.factories.programme import ApplicationFactory, CallFactory
from tests.factories.projects import ProjectPartnerFactory

pytestmark = pytest.mark.usefixtures("shipped")


@pytest.fixture
def review(cast: Any) -> Any:
    """A submitted application in review with two evaluators; evaluator 2 works at a partner."""
    framework = Framework.objects.get(code="pre-project")
    application = ApplicationFactory(call=CallFactory(framework=framework), cluster=cast.cluster_a)
    application_submit(actor=cast.manager_a, application=application)
    application_transition(actor=cast.officer, application=application, action="start_review")
    cast.ev1 = evaluator_add(actor=cast.officer, email="ev1@example.org", full_name="Eva One").user
    cast.ev2 = evaluator_add(actor=cast.officer, email="ev2@example.org").user
    partner = ProjectPartnerFactory(project=application.project)
    PersonFactory(user=cast.ev2, organisation=partner.organisation)
    cast.a1 = assignment_create(actor=cast.officer, application=application, evaluator=cast.ev1)
    cast.a2 = assignment_create(actor=cast.officer, application=application, evaluator=cast.ev2)
    cast.application = application
    cast.criteria = list(Criterion.objects.filter(framework=framework).order_by("position"))
    return cast


def scores(criteria: list[Criterion], values: list[int]) -> dict[int, dict[str, Any]]:
    return {
        c.pk: {"score": v, "comment": f"{c.code} ok"} for c, v in zip(criteria, values, strict=True)
    }


def test_klynge_flags_an_evaluator_whose_organisation_is_a_partner(review: Any) -> None:
    assert review.a1.flagged_conflict == ""
    assert (
        review.a2.flagged_conflict == review.application.project.partners.last().organisation.name
    )
    with pytest.raises(DomainError) as error:
        conflict_declare(actor=review.ev2, assignment=review.a2, has_conflict=False)
    assert "Explain why" in error.value.message
    conflict_declare(actor=review.ev2, assignment=review.a2, has_conflict=True, note="I work there")
    review.a2.refresh_from_db()
    assert review.a2.status == "recused"
    assert can_view_application(review.ev2, review.application) is False  # recused: no access


def test_evaluators_score_only_after_declaring_and_see_others_only_after_submitting(
    review: Any,
) -> None:
    with pytest.raises(ConflictError) as error:
        review_save(
            actor=review.ev1, assignment=review.a1, scores=scores(review.criteria, [5, 5, 5, 5])
        )
    assert error.value.code == "conflict_pending"
    conflict_declare(actor=review.ev1, assignment=review.a1, has_conflict=False)
    with pytest.raises(PermissionDenied, match="can_act_on_assignment"):  # another's assignment
        review_save(actor=review.ev2, assignment=review.a1, scores={})
    with pytest.raises(PermissionDenied, match="can_act_on_assignment"):
        conflict_declare(actor=review.ev2, assignment=review.a1, has_conflict=True, note="x")
    with pytest.raises(DomainError) as error:
        review_save(
            actor=review.ev1, assignment=review.a1, scores=scores(review.criteria, [8, 5, 5, 5])
        )
    assert error.value.field == f"score_{review.criteria[0].pk}"
    review_save(actor=review.ev1, assignment=review.a1, scores=scores(review.criteria[:2], [6, 5]))
    assert can_view_review_summary(review.ev1, review.application) is False
    with pytest.raises(DomainError) as error:
        review_save(
            actor=review.ev1, assignment=review.a1, scores={}, submit=True, recommendation="fund"
        )
    assert "P3" in error.value.message
    review_save(
        actor=review.ev1,
        assignment=review.a1,
        scores=scores(review.criteria, [6, 5, 4, 3]),
        recommendation="fund",
        submit=True,
    )
    from klynge.programme.permissions import forget_assignments

    forget_assignments(review.ev1)
    assert can_view_review_summary(review.ev1, review.application) is True
    with pytest.raises(ConflictError):
        review_save(actor=review.ev1, assignment=review.a1, scores={})


def test_review_summary_total_average_and_spread(review: Any) -> None:
    ev3 = evaluator_add(actor=review.officer, email="ev3@example.org").user
    a3 = assignment_create(actor=review.officer, application=review.application, evaluator=ev3)
    for user, assignment, values, rec in (
        (review.ev1, review.a1, [6, 5, 4, 3], "fund"),
        (ev3, a3, [4, 5, 6, 1], "fund_with_conditions"),
    ):
        conflict_declare(actor=user, assignment=assignment, has_conflict=False)
        review_save(
            actor=user,
            assignment=assignment,
            scores=scores(review.criteria, values),
            recommendation=rec,
            submit=True,
        )
    summary = review_summary(application=review.application)
    assert (summary.submitted, summary.assigned) == (2, 3)
    first = summary.spreads[0]
    assert (first.average, first.minimum, first.maximum, first.range) == (
        Decimal("5.00"),
        Decimal("4.0"),
        Decimal("6.0"),
        Decimal("2.0"),
    )
    assert first.stdev == Decimal("1.00")
    assert summary.totals == (Decimal("18.0"), Decimal("16.0"))
    assert summary.total.average == Decimal("17.00")
    assert summary.maximum == Decimal("28.0")
    assert summary.average_percent == Decimal("60.7")
    assert summary.recommendations == {"fund": 1, "fund_with_conditions": 1}


def test_approval_moves_the_project_records_the_grant_and_notifies(
    review: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(DomainError) as error:
        application_decide(
            actor=review.officer,
            application=review.application,
            approve=True,
            granted_amount=500_000,
        )
    assert error.value.field == "granted_amount"  # more than requested
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            actor=review.officer,
            application=review.application,
            approve=True,
            granted_amount=350_000,
            conditions="Report after six months",
        )
    project = Project.objects.get(pk=review.application.project_id)
    assert project.status == "approved"
    source = project.funding_sources.get(kind="public")
    assert source.amount == 350_000 and source.name.startswith("Innovation Norway")
    assert sorted(m.to[0] for m in mail.outbox) == ["manager-a@example.org"]
    assert "Approved" in mail.outbox[0].subject and "Report after six months" in mail.outbox[0].body


def test_rejection_needs_reasons_and_moves_the_project(review: Any) -> None:
    with pytest.raises(DomainError) as error:
        application_decide(actor=review.officer, application=review.application, approve=False)
    assert error.value.field == "reasons"
    application_decide(
        actor=review.officer,
        application=review.application,
        approve=False,
        reasons="Too little SME involvement",
    )
    assert Project.objects.get(pk=review.application.project_id).status == "rejected"
