"""Audit views apply the visibility rules of what they describe: the applicant's cluster does not learn
who reviews its application, neither on the application page nor in its audit trail (issue 12.9)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.core.audit_visibility import rule_for
from klynge.programme.permissions import can_view_evaluators
from klynge.programme.services.reviews import conflict_declare, review_save
from tests.programme.test_reviews import review, scores  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("shipped")
EVALUATOR_TRACES = ("ev1@example.org", "ev2@example.org", "Eva One")


def page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("manager_a", False), ("staff_a", False), ("staff_b", False), ("officer", True)],
)
def test_can_view_evaluators_truth_table(review: Any, role: str, allowed: bool) -> None:  # noqa: F811
    assert can_view_evaluators(review.user(role), review.application) is allowed
    assert can_view_evaluators(review.superuser, review.application)


def test_the_cluster_audit_trail_hides_evaluators_like_the_application_page(
    review: Any,  # noqa: F811
) -> None:
    conflict_declare(actor=review.ev1, assignment=review.a1, has_conflict=True, note="Board seat")
    conflict_declare(
        actor=review.ev2, assignment=review.a2, has_conflict=False, note="Different unit"
    )
    review_save(actor=review.ev2, assignment=review.a2, scores=scores(review.criteria[:1], [5]))
    audit_url = reverse("clusters:audit", args=["cluster-a"])
    application_url = review.application.get_absolute_url()
    for user, url in (
        (review.manager_a, application_url),
        (review.staff_a, application_url),
        (review.manager_a, audit_url),
    ):
        html = page(user, url)
        assert not [trace for trace in EVALUATOR_TRACES if trace in html], url
    audit = page(review.manager_a, audit_url)
    assert "Conflict of interest declared" in audit and "An evaluator" in audit
    officer = page(review.officer, audit_url)
    assert "ev1@example.org" in officer and "ev2@example.org" in officer
    assert "Eva One" in page(review.officer, application_url)


def test_review_actions_have_a_rule() -> None:
    for action in (
        "klynge.programme.assignment.created",
        "klynge.programme.conflict.declared",
        "klynge.programme.review.submitted",
    ):
        assert rule_for(action) is not None
