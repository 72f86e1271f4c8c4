"""The programme API: the same predicates as the pages (404 for foreign rows), and the main writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from klynge.programme.models import Application, ApplicationAttachment, Framework
from klynge.programme.services.applications import application_submit, application_transition
from klynge.programme.services.reviews import assignment_create, evaluator_add
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.programme import ApplicationFactory, CallFactory, ready_project
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")
API = "/api/v1/programme"


@pytest.fixture
def world(member_cast: Any, settings: Any, tmp_path: Any) -> Any:
    settings.KLYNGE_PRIVATE_MEDIA_ROOT = str(tmp_path)
    cast = member_cast
    cast.manager_b = UserFactory(email="manager-b@example.org")
    ClusterRoleFactory(user=cast.manager_b, cluster=cast.cluster_b, role="manager")
    cast.call = CallFactory(framework=Framework.objects.get(code="pre-project"))
    cast.x = ApplicationFactory(call=cast.call, cluster=cast.cluster_a)
    attachment = ApplicationAttachment(application=cast.x, title="Plan")
    attachment.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    cast.attachment = attachment
    application_submit(actor=cast.manager_a, application=cast.x)
    application_transition(actor=cast.officer, application=cast.x, action="start_review")
    cast.evaluator_x = evaluator_add(actor=cast.officer, email="ev-x@example.org").user
    cast.evaluator_other = evaluator_add(actor=cast.officer, email="ev-o@example.org").user
    cast.assignment = assignment_create(
        actor=cast.officer, application=cast.x, evaluator=cast.evaluator_x
    )
    return cast


ROWS = {
    "officer": (200, 200, 200, 200, True),
    "evaluator_x": (200, 200, 403, 403, True),
    "evaluator_other": (404, 404, 403, 404, False),
    "manager_a": (200, 200, 403, 403, True),
    "manager_b": (404, 404, 403, 404, False),
    "contact_a": (404, 404, 403, 404, False),
    "anonymous": (401, 401, 401, 401, None),
}


@pytest.mark.parametrize(("role", "expected"), ROWS.items())
def test_api_by_role(world: Any, role: str, expected: tuple) -> None:
    detail, attachment, pack, summary, listed = expected
    client = client_for(world.user(role))
    x = world.x.pk
    assert client.get(f"{API}/applications/{x}").status_code == detail
    assert (
        client.get(f"{API}/applications/{x}/attachments/{world.attachment.pk}").status_code
        == attachment
    )
    assert client.get(f"{API}/calls/{world.call.pk}/decision-pack").status_code == pack
    assert client.get(f"{API}/applications/{x}/review-summary").status_code == summary
    response = client.get(f"{API}/applications")
    if listed is None:
        assert response.status_code == 401
    else:
        assert (x in [item["id"] for item in response.json()["items"]]) is listed


def test_public_endpoints_need_no_login(world: Any) -> None:
    client = Client()
    assert [lv["code"] for lv in client.get(f"{API}/levels").json()][-1] == "mature"
    calls = client.get(f"{API}/calls").json()
    assert calls["count"] == 1 and calls["items"][0]["quota_per_cluster"] == 2
    status = client.get(f"{API}/clusters/{world.cluster_a.slug}").json()
    assert status["history"] is None  # history is for the team and officers


def test_submission_over_the_api_hits_the_quota_with_409(world: Any) -> None:
    client = client_for(world.manager_a)
    ids = []
    for _ in range(2):
        project = ready_project(world.cluster_a)
        response = client.post(
            f"{API}/applications",
            json.dumps(
                {
                    "call": world.call.pk,
                    "cluster": world.cluster_a.slug,
                    "project": project.pk,
                    "amount_requested": 300000,
                }
            ),
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    submit = {"action": "submit"}
    first = client.post(
        f"{API}/applications/{ids[0]}/transitions", submit, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["status"] == "submitted"
    second = client.post(
        f"{API}/applications/{ids[1]}/transitions", submit, content_type="application/json"
    )
    assert second.status_code == 409
    assert second.json()["code"] == "quota_full"
    assert Application.objects.get(pk=ids[1]).status == "draft"


def test_evaluator_reviews_over_the_api(world: Any) -> None:
    client = client_for(world.evaluator_x)
    assert client.get(f"{API}/reviews").json()["count"] == 1
    url = f"{API}/reviews/{world.assignment.pk}"
    response = client.post(
        f"{url}/conflict", {"has_conflict": False}, content_type="application/json"
    )
    assert response.json()["conflict"] == "none"
    scores = [{"criterion": c, "score": 5} for c in ("P1", "P2", "P3", "P4")]
    response = client.post(
        url,
        {"scores": scores, "recommendation": "fund", "submit": True},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    summary = client.get(f"{API}/applications/{world.x.pk}/review-summary").json()
    assert summary["average_total"] == "20.00" and summary["submitted"] == 1
    other = client_for(world.evaluator_other).post(
        url, {"scores": []}, content_type="application/json"
    )
    assert other.status_code == 404


def test_decision_over_the_api_approves_the_project(world: Any) -> None:
    response = client_for(world.officer).post(
        f"{API}/applications/{world.x.pk}/decision",
        {"approve": True, "granted_amount": 300000, "conditions": "Report"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    world.x.project.refresh_from_db()
    assert world.x.project.status == "approved"
    denied = client_for(world.manager_a).post(
        f"{API}/applications/{world.x.pk}/decision",
        {"approve": False, "reasons": "x"},
        content_type="application/json",
    )
    assert denied.status_code == 403


def test_readiness_and_portfolio(world: Any) -> None:
    response = client_for(world.manager_a).get(f"{API}/clusters/{world.cluster_a.slug}/readiness")
    rows = {row["code"]: row for row in response.json()["rows"]}
    assert rows["G"]["missing"] == "A valid gold label."
    assert (
        client_for(world.manager_b)
        .get(f"{API}/clusters/{world.cluster_a.slug}/readiness")
        .status_code
        == 403
    )
    assert client_for(world.manager_a).get(f"{API}/portfolio").status_code == 403
    items = client_for(world.officer).get(f"{API}/portfolio").json()["items"]
    assert {item["cluster"] for item in items} >= {"cluster-a", "cluster-b"}
