"""The insight API: build a survey, count responses, read results, answer by token or logged in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from klynge.insight.models import Response, Survey
from klynge.insight.tokens import link_token
from tests.factories.insight import submitted, two_page_survey

# Fixed dates in 2030-31 stay in the future: the clock is frozen at tests/clock.NOW.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
JSON = "application/json"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_build_a_survey_over_the_api(member_cast: Any) -> None:
    client = logged_in(member_cast.staff_a)
    created = client.post(
        "/api/v1/clusters/cluster-a/surveys",
        {"title_en": "Pulse", "anonymous": False},
        content_type=JSON,
    )
    assert created.status_code == 201
    survey_id = created.json()["id"]
    assert created.json()["state"] == "draft" and created.json()["pages"] == 1
    source = client.post(
        f"/api/v1/surveys/{survey_id}/questions",
        {
            "kind": "single",
            "text_en": "Collaborate?",
            "required": True,
            "options": [
                {"key": "yes", "en": "Yes", "nb": "Ja"},
                {"key": "no", "en": "No", "nb": "Nei"},
            ],
        },
        content_type=JSON,
    )
    assert source.status_code == 201 and source.json()["key"] == "collaborate"
    follow = client.post(
        f"/api/v1/surveys/{survey_id}/questions",
        {
            "kind": "long_text",
            "text_en": "How?",
            "condition": {"question": "collaborate", "values": ["yes"]},
        },
        content_type=JSON,
    )
    assert follow.json()["condition"] == {"question": "collaborate", "values": ["yes"]}
    bad = client.post(
        f"/api/v1/surveys/{survey_id}/questions",
        {
            "kind": "short_text",
            "text_en": "Bad",
            "condition": {"question": "collaborate", "values": ["maybe"]},
        },
        content_type=JSON,
    )
    assert bad.status_code == 400 and bad.json()["field"] == "condition_question"
    assert (
        client.post(
            f"/api/v1/surveys/{survey_id}/questions",
            {"kind": "essay", "text_en": "x"},
            content_type=JSON,
        ).status_code
        == 422
    )
    patched = client.patch(
        f"/api/v1/surveys/{survey_id}/questions/{source.json()['id']}",
        {"text_nb": "Samarbeider dere?"},
        content_type=JSON,
    )
    assert patched.json()["text_nb"] == "Samarbeider dere?" and patched.json()["required"] is True
    listed = client.get(f"/api/v1/surveys/{survey_id}/questions").json()
    assert [q["key"] for q in listed] == ["collaborate", "how"]
    page = client.get("/api/v1/clusters/cluster-a/surveys").json()
    assert page["count"] == 1 and page["items"][0]["invited"] == 0
    template = client.post(
        "/api/v1/clusters/cluster-a/surveys",
        {"template": "yearly-member-survey"},
        content_type=JSON,
    )
    assert template.json()["title_en"] == "Member survey" and template.json()["pages"] == 5
    copy = client.post(
        f"/api/v1/surveys/{survey_id}/copy", {"title_en": "Pulse 2"}, content_type=JSON
    )
    assert copy.json()["previous_wave_id"] == survey_id


def test_answer_by_token_partially_then_submit(sent: Any) -> None:
    token = link_token(sent.invitation_a.token_salt)
    client = Client()
    url = f"/api/v1/survey-answers/{token}"
    start = client.get(url).json()
    assert start["anonymous"] is True and start["answers"] == {}
    assert "kinds" not in start["shown"] and "recommend" in start["missing"]
    saved = client.put(
        url, {"answers": {"collaborate": "yes", "kinds": ["rnd"]}}, content_type=JSON
    )
    assert saved.status_code == 200 and "kinds" in saved.json()["shown"]
    wrong = client.put(url, {"answers": {"value": 7, "count": 3}}, content_type=JSON)
    assert wrong.status_code == 400 and wrong.json()["field"] == "value"
    assert client.get(url).json()["answers"]["count"] == 3.0  # the valid answer was kept
    unknown = client.put(url, {"answers": {"nope": 1}}, content_type=JSON)
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_question"
    early = client.post(f"{url}/submit")
    assert early.status_code == 400 and early.json()["field"] == "recommend"
    client.put(url, {"answers": {"recommend": 10}}, content_type=JSON)
    done = client.post(f"{url}/submit")
    assert done.status_code == 200 and done.json()["submitted"] is True
    assert client.post(f"{url}/submit").status_code == 409
    assert client.get(url).json()["submitted"] is True
    response = Response.objects.get(survey=sent.survey)
    assert response.invitation_id is None


def test_logged_in_invitee_answers_over_the_api(sent: Any) -> None:
    client = logged_in(sent.contact_b)
    url = f"/api/v1/surveys/{sent.survey.pk}/my-answers"
    client.put(url, {"answers": {"collaborate": "no", "recommend": 7}}, content_type=JSON)
    assert client.post(f"{url}/submit").json()["submitted"] is True


def test_counts_and_results(member_cast: Any) -> None:
    survey = two_page_survey(cluster=member_cast.cluster_a)
    for index in range(6):
        submitted(
            survey, {"collaborate": "yes", "recommend": 10, "value": index % 5 + 1}, org_kind="sme"
        )
    for _index in range(5):
        submitted(survey, {"collaborate": "no", "recommend": 8}, org_kind="large")
    submitted(survey, {"collaborate": "no", "recommend": 0}, org_kind="university")
    client = logged_in(member_cast.officer)
    counts = client.get(f"/api/v1/surveys/{survey.pk}/response-counts").json()
    assert counts == {
        "invited": 0,
        "answered": 0,
        "in_progress": 0,
        "rate": None,
        "by_kind": [],
        "by_size": [],
    }
    results = client.get(f"/api/v1/surveys/{survey.pk}/results?by=kind").json()
    assert results["responses"] == 12 and results["shown"] is True
    recommend = next(q for q in results["questions"] if q["key"] == "recommend")
    assert recommend["nps"]["score"] == 42 and recommend["n"] == 12  # 6 promoters, 1 detractor
    # The university (1) is hidden, and so is the next smallest group: else 12 - 6 - 5 = 1.
    assert [g["key"] for g in results["groups"]] == ["sme"]
    assert results["hidden_groups"] == 2 and results["hidden_responses"] == 6
    Survey.objects.filter(pk=survey.pk).update(anonymous=True)
    Response.objects.exclude(org_kind="sme").delete()
    Response.objects.filter(survey=survey).first().delete()
    Response.objects.filter(survey=survey).first().delete()
    hidden = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    assert hidden["shown"] is False and hidden["questions"] == [] and "5" in hidden["note"]


def test_openapi_lists_the_insight_operations(db: Any) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/surveys/{survey_id}/results" in paths
    assert "/api/v1/survey-answers/{token}/submit" in paths


def test_null_leaves_a_survey_text_as_it_is_and_clears_a_date(member_cast: Any) -> None:
    client = logged_in(member_cast.staff_a)
    created = client.post(
        "/api/v1/clusters/cluster-a/surveys",
        {"title_en": "Pulse", "intro_en": "Why we ask", "opens_at": "2031-01-01T10:00:00Z"},
        content_type=JSON,
    )
    survey_id = created.json()["id"]
    patched = client.patch(
        f"/api/v1/surveys/{survey_id}",
        {"intro_en": None, "title_nb": None, "anonymous": None, "opens_at": None},
        content_type=JSON,
    )
    assert patched.status_code == 200
    survey = Survey.objects.get(pk=survey_id)
    assert (survey.intro_en, survey.title_en, survey.opens_at) == ("Why we ask", "Pulse", None)
