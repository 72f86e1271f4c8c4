"""Smaller pages: editing a call, evaluators, editing a label, the cluster's self-assessment."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from klynge.programme.models import Assessment, CertificationLabel, Evaluator, Framework
from klynge.programme.services.applications import application_submit
from klynge.programme.services.assessments import assessment_create, assessment_transition
from tests.factories.programme import ApplicationFactory, CallFactory, CertificationLabelFactory
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")


def test_call_edit_keeps_kind_once_applications_came_in(cast: Any) -> None:
    call = CallFactory()
    client = client_for(cast.officer)
    page = client.get(f"/programme/calls/{call.pk}/edit/")
    form = {key: value for key, value in page.context["form"].initial.items() if value is not None}
    form |= {
        "opens_at": call.opens_at.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": call.closes_at.strftime("%Y-%m-%dT%H:%M"),
        "title": "Renamed call",
        "allowed_levels": [],
    }
    assert client.post(f"/programme/calls/{call.pk}/edit/", form).status_code == 302
    call.refresh_from_db()
    assert call.title == "Renamed call"
    application_submit(
        actor=cast.manager_a, application=ApplicationFactory(call=call, cluster=cast.cluster_a)
    )
    response = client.post(f"/programme/calls/{call.pk}/edit/", {**form, "kind": "main_project"})
    assert response.status_code == 200
    assert "cannot change" in response.context["form"].errors["kind"][0]


def test_officer_adds_and_deactivates_an_evaluator(cast: Any) -> None:
    client = client_for(cast.officer)
    response = client.post(
        "/programme/evaluators/", {"email": "new.expert@example.org", "full_name": "New Expert"}
    )
    assert response.status_code == 302
    evaluator = Evaluator.objects.get(user__email="new.expert@example.org")
    again = client.post("/programme/evaluators/", {"email": "new.expert@example.org"})
    assert again.status_code == 200 and again.context["form"].errors["email"]
    client.post(f"/programme/evaluators/{evaluator.pk}/deactivate/")
    evaluator.refresh_from_db()
    assert evaluator.is_active is False


def test_label_edit_changes_validity(cast: Any) -> None:
    label = CertificationLabelFactory(cluster=cast.cluster_a, awarded_on=datetime.date(2023, 1, 1))
    client = client_for(cast.officer)
    response = client.post(
        f"/programme/labels/{label.pk}/edit/",
        {"grade": "silver", "awarded_on": "2023-01-01", "valid_until": "2022-01-01"},
    )
    assert response.status_code == 200 and response.context["form"].errors["valid_until"]
    response = client.post(
        f"/programme/labels/{label.pk}/edit/", {"grade": "silver", "awarded_on": "2023-01-01"}
    )
    assert response.status_code == 302
    label = CertificationLabel.objects.get(pk=label.pk)
    assert (label.grade, label.valid_until) == ("silver", datetime.date(2024, 12, 31))


def test_the_cluster_writes_its_self_assessment_on_the_page(cast: Any) -> None:
    assessment = assessment_create(
        actor=cast.officer,
        cluster=cast.cluster_a,
        framework=Framework.objects.get(code="mature-cluster"),
        period="2021",
        as_of=datetime.date(2021, 6, 1),
    )
    client = client_for(cast.manager_a)
    assert client.get(f"/programme/assessments/{assessment.pk}/scores/").status_code == 403
    assessment_transition(actor=cast.officer, assessment=assessment, action="open_self_assessment")
    quality = assessment.items.get(criterion__code="Q")
    response = client.post(
        f"/programme/assessments/{assessment.pk}/scores/",
        {f"score_{quality.pk}": "8", f"comment_{quality.pk}": "Two strong pilots"},
    )
    assert response.status_code == 302
    client.post(f"/programme/assessments/{assessment.pk}/do/submit_self_assessment/")
    assessment = Assessment.objects.get(pk=assessment.pk)
    assert assessment.status == "in_review"
    assert assessment.items.get(criterion__code="Q").self_score == 8
