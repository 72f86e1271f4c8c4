"""Who may do what with surveys: predicates as a role table, then every survey page and every API
operation for each role (anonymous with and without a valid link, member contact, staff, manager,
another cluster's manager, programme officer). A respondent never reads others' answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from klynge.insight import permissions as p
from klynge.insight.models import Survey
from klynge.insight.selectors.surveys import survey_structure
from klynge.insight.services.answering import answers_save
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterRoleFactory
from tests.http import client_as

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "link", "contact_a", "staff_a", "manager_a", "manager_b", "officer"]
TEAM = {"staff_a", "manager_a"}
VIEW = TEAM | {"officer"}


@pytest.fixture
def world(sent: Any) -> Any:
    sent.manager_b = UserFactory(email="manager-b@example.org")
    ClusterRoleFactory(user=sent.manager_b, cluster=sent.cluster_b, role="manager")
    return sent


def user_of(world: Any, role: str) -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "link" else world.user(role)


PREDICATES = [
    (p.can_view_surveys, "cluster_a", VIEW),
    (p.can_create_survey, "cluster_a", TEAM),
    (p.can_view_survey, "survey", VIEW),
    (p.can_edit_survey, "survey", TEAM),
    (p.can_send_survey, "survey", {"manager_a"}),
    (p.can_view_results, "survey", VIEW),
    (p.can_export_responses, "survey", TEAM),
    (p.can_view_engagement, "cluster_a", VIEW),
    (p.can_manage_engagement_settings, "cluster_a", {"manager_a"}),
    (p.can_answer_invitation, "invitation_a", {"contact_a"}),
    (p.can_answer_invitation, "invitation_a_by_link", set(ROLES)),
    (p.can_view_activity, "org_a", VIEW | {"contact_a"}),
    (p.can_view_network, "cluster_a", VIEW),
    (p.can_manage_network, "cluster_a", {"manager_a"}),
    (p.can_view_ego_network, "org_a", VIEW | {"contact_a"}),
]


@pytest.mark.parametrize(
    ("predicate", "target", "allowed"),
    PREDICATES,
    ids=[f"{row[0].__name__}-{row[1]}" for row in PREDICATES],
)
def test_predicates(world: Any, predicate: Any, target: str, allowed: set[str]) -> None:
    from klynge.insight.models import Invitation

    by_link = Invitation.objects.select_related("person").get(pk=world.invitation_a.pk)
    by_link.opened_by_link = True
    objects = {
        "cluster_a": world.cluster_a,
        "survey": world.survey,
        "invitation_a": Invitation.objects.select_related("person").get(pk=world.invitation_a.pk),
        "invitation_a_by_link": by_link,
        "org_a": world.org_a,
    }
    result = {role for role in ROLES if predicate(user_of(world, role), objects[target])}
    assert result == allowed


def client_for(world: Any, role: str) -> Client:
    """A "link" visitor (someone with a survey link) is not logged in."""
    return client_as(world, "anonymous" if role == "link" else role)


LOGIN = 302  # anonymous visitors are sent to the login page

# (page, expected for each role in ROLES order)
PAGES = {
    "/clusters/cluster-a/surveys/": (LOGIN, LOGIN, 403, 200, 200, 403, 200),
    "/clusters/cluster-a/surveys/new/": (LOGIN, LOGIN, 403, 200, 200, 403, 403),
    "/surveys/{pk}/": (LOGIN, LOGIN, 403, 200, 200, 403, 200),
    "/surveys/{pk}/edit/": (LOGIN, LOGIN, 403, 200, 200, 403, 403),
    "/surveys/{pk}/copy/": (LOGIN, LOGIN, 403, 200, 200, 403, 403),
    "/surveys/{pk}/preview/": (LOGIN, LOGIN, 403, 200, 200, 403, 403),
    "/surveys/{pk}/questions/add/": (LOGIN, LOGIN, 403, 200, 200, 403, 403),
    "/surveys/{pk}/questions/{question}/edit/": (LOGIN, LOGIN, 403, 200, 200, 403, 403),
    "/surveys/{pk}/pages/{section}/edit/": (LOGIN, LOGIN, 403, 200, 200, 403, 403),
    "/surveys/{pk}/audience/": (LOGIN, LOGIN, 403, 403, 200, 403, 403),
    "/surveys/{pk}/responses/": (LOGIN, LOGIN, 403, 200, 200, 403, 200),
    "/surveys/{pk}/results/": (LOGIN, LOGIN, 403, 200, 200, 403, 200),
    "/surveys/{pk}/results.pdf": (LOGIN, LOGIN, 403, 200, 200, 403, 200),
    "/surveys/{pk}/responses/export/?format=xlsx": (LOGIN, LOGIN, 403, 200, 200, 403, 403),
    "/surveys/{pk}/answer/": (LOGIN, LOGIN, 200, 404, 404, 404, 404),
    "{link}": (200, 200, 200, 200, 200, 200, 200),
    "/s/not-a-valid-token/": (404, 404, 404, 404, 404, 404, 404),
}

# POST-only pages: roles not allowed get these; allowed roles are covered by the flow tests.
POSTS = {
    "/surveys/{pk}/send/": {"manager_a"},
    "/surveys/{pk}/reminders/": {"manager_a"},
    "/surveys/{pk}/delete/": {"manager_a"},
    "/surveys/{pk}/pages/add/": TEAM,
    "/surveys/{pk}/pages/{section}/move/": TEAM,
    "/surveys/{pk}/pages/{section}/delete/": TEAM,
    "/surveys/{pk}/questions/{question}/move/": TEAM,
    "/surveys/{pk}/questions/{question}/delete/": TEAM,
}


def fill(world: Any, url: str) -> str:
    from klynge.insight.tokens import link_token

    survey = world.survey
    return url.format(
        token=link_token(world.invitation_a.token_salt),
        pk=survey.pk,
        question=survey.questions.get(key="value").pk,
        section=survey.sections.order_by("position").first().pk,
        link=world.link_a,
    )


@pytest.mark.parametrize("url", list(PAGES))
def test_every_survey_page(world: Any, url: str) -> None:
    got = tuple(client_for(world, role).get(fill(world, url)).status_code for role in ROLES)
    assert got == PAGES[url]


@pytest.mark.parametrize("url", list(POSTS))
def test_every_survey_action_refuses_the_others(world: Any, url: str) -> None:
    before = Survey.objects.filter(pk=world.survey.pk).values().get()
    for role in ROLES:
        if role in POSTS[url]:
            continue
        status = client_for(world, role).post(fill(world, url), {"direction": "up"}).status_code
        assert status == (LOGIN if role in ("anonymous", "link") else 403), role
    assert Survey.objects.filter(pk=world.survey.pk).values().get() == before
    assert world.survey.questions.count() == 7


# --- API ----------------------------------------------------------------------------------------

API = {
    ("get", "/api/v1/clusters/cluster-a/surveys"): (401, 401, 403, 200, 200, 403, 200),
    ("post", "/api/v1/clusters/cluster-a/surveys"): (401, 401, 403, 201, 201, 403, 403),
    ("get", "/api/v1/surveys/{pk}"): (401, 401, 403, 200, 200, 403, 200),
    ("patch", "/api/v1/surveys/{pk}"): (401, 401, 403, 200, 200, 403, 403),
    ("post", "/api/v1/surveys/{pk}/copy"): (401, 401, 403, 201, 201, 403, 403),
    ("get", "/api/v1/surveys/{pk}/questions"): (401, 401, 403, 200, 200, 403, 200),
    ("get", "/api/v1/surveys/{pk}/response-counts"): (401, 401, 403, 200, 200, 403, 200),
    ("get", "/api/v1/surveys/{pk}/results"): (401, 401, 403, 200, 200, 403, 200),
    ("get", "/api/v1/surveys/{pk}/my-answers"): (401, 401, 200, 404, 404, 404, 404),
    ("get", "/api/v1/survey-answers/{token}"): (200, 200, 200, 200, 200, 200, 200),
    ("get", "/api/v1/survey-answers/not-a-token"): (404, 404, 404, 404, 404, 404, 404),
}
BODIES = {
    ("post", "/api/v1/clusters/cluster-a/surveys"): {"title_en": "API survey"},
    ("patch", "/api/v1/surveys/{pk}"): {"title_en": "Renamed"},
    ("post", "/api/v1/surveys/{pk}/copy"): {},
}
# Refused for everyone but the team (their success is in test_api.py).
API_WRITES = {
    ("post", "/api/v1/surveys/{pk}/questions"): TEAM,
    ("patch", "/api/v1/surveys/{pk}/questions/{question}"): TEAM,
    ("delete", "/api/v1/surveys/{pk}/questions/{question}"): TEAM,
    ("delete", "/api/v1/surveys/{pk}"): {"manager_a"},
}


def api_url(world: Any, url: str) -> str:
    return fill(world, url)


@pytest.mark.parametrize(("method", "url"), list(API))
def test_every_api_operation(world: Any, method: str, url: str) -> None:
    got = []
    for role in ROLES:
        client = client_for(world, role)
        body = BODIES.get((method, url))
        call = getattr(client, method)
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        response = call(api_url(world, url), **kwargs)
        got.append(response.status_code)
        if response.status_code >= 400:
            assert set(response.json()) == {"detail", "code", "field"}
    assert tuple(got) == API[(method, url)]


@pytest.mark.parametrize(("method", "url"), list(API_WRITES))
def test_api_writes_refuse_the_others(world: Any, method: str, url: str) -> None:
    body = {"kind": "short_text", "text_en": "New?"} if method == "post" else {"text_en": "X"}
    for role in ROLES:
        if role in API_WRITES[(method, url)]:
            continue
        client = client_for(world, role)
        response = getattr(client, method)(
            api_url(world, url), data=body, content_type="application/json"
        )
        assert response.status_code == (401 if role in ("anonymous", "link") else 403), role
    assert world.survey.questions.count() == 7


def test_a_respondent_never_reads_anothers_answers(world: Any) -> None:
    structure = survey_structure(survey=world.survey)
    answers_save(invitation=world.invitation_b, structure=structure, raw={"comment": "B's secret"})
    for client in (client_for(world, "contact_a"), Client()):
        seen = client.get(f"/api/v1/survey-answers/{world.link_a.split('/')[2]}").json()
        assert seen["answers"] == {}
        page = client.get(world.link_a).content.decode()
        assert "B&#x27;s secret" not in page and "B's secret" not in page
    mine = client_for(world, "contact_a").get(f"/api/v1/surveys/{world.survey.pk}/my-answers")
    assert mine.json()["answers"] == {}
    for url in (
        f"/surveys/{world.survey.pk}/results/",
        f"/surveys/{world.survey.pk}/responses/export/",
    ):
        assert client_for(world, "contact_a").get(url).status_code == 403
    assert (
        client_for(world, "contact_a").get(f"/api/v1/surveys/{world.survey.pk}/results").status_code
        == 403
    )


# --- answering: writes, for every role ----------------------------------------------------------

# Each role saves a draft or tries to submit (a required question is unanswered, so a submit
# that gets through is a 400 on that field; nobody's answers are ever taken as final here).
ANSWERING = {
    ("put", "/api/v1/survey-answers/{token}"): (200, 200, 200, 200, 200, 200, 200),
    ("post", "/api/v1/survey-answers/{token}/submit"): (400, 400, 400, 400, 400, 400, 400),
    ("put", "/api/v1/survey-answers/not-a-token"): (404, 404, 404, 404, 404, 404, 404),
    ("post", "/api/v1/survey-answers/not-a-token/submit"): (404, 404, 404, 404, 404, 404, 404),
    ("put", "/api/v1/surveys/{pk}/my-answers"): (401, 401, 200, 404, 404, 404, 404),
    ("post", "/api/v1/surveys/{pk}/my-answers/submit"): (401, 401, 400, 404, 404, 404, 404),
    ("post", "{link}"): (200, 200, 200, 200, 200, 200, 200),
    ("post", "/s/not-a-valid-token/"): (404, 404, 404, 404, 404, 404, 404),
    ("post", "/surveys/{pk}/answer/"): (LOGIN, LOGIN, 200, 404, 404, 404, 404),
}


@pytest.mark.parametrize(("method", "url"), list(ANSWERING))
def test_answering_writes_by_role(world: Any, method: str, url: str) -> None:
    from klynge.insight.models import Response

    got = []
    for role in ROLES:
        client = client_for(world, role)
        if url.startswith("/api/"):
            body = {"answers": {"collaborate": "no"}} if method == "put" else None
            kwargs = {"data": body, "content_type": "application/json"} if body else {}
            response = getattr(client, method)(fill(world, url), **kwargs)
            if response.status_code >= 400:
                assert set(response.json()) == {"detail", "code", "field"}
            if response.status_code == 400:
                assert response.json()["field"] in {"collaborate", "recommend"}
        else:
            response = client.post(fill(world, url), {"collaborate": "no", "move": "save"})
        got.append(response.status_code)
    assert tuple(got) == ANSWERING[(method, url)]
    assert not Response.objects.filter(survey=world.survey, status="submitted").exists()
    assert not world.invitation_b.__class__.objects.get(pk=world.invitation_b.pk).completed
