"""One error body everywhere (API and pages); only the requested object's absence is a 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client
from ninja import NinjaAPI, Schema
from ninja.testing import TestClient

from klynge.api.v1.errors import install_error_handlers, validation_field
from klynge.clusters.models import Cluster
from klynge.core.errors import (
    ConflictError,
    DomainError,
    DomainErrorMiddleware,
    InvalidInput,
    referenced,
    requested,
    server_error,
)
from klynge.members.models import Person

pytestmark = pytest.mark.django_db


class Item(Schema):
    name: str
    count: int


class Order(Schema):
    items: list[Item]


def probe_api() -> NinjaAPI:
    api = NinjaAPI(urls_namespace="probe")
    install_error_handlers(api)

    @api.post("/orders")
    def order(request: HttpRequest, payload: Order) -> dict:
        return {"n": len(payload.items)}

    @api.get("/clusters/{slug}")
    def cluster(request: HttpRequest, slug: str) -> dict:
        with requested(Cluster):
            found = Cluster.objects.get(slug=slug)
        Person.objects.get(pk=-1)  # a bug: not the requested object
        return {"slug": found.slug}

    @api.get("/refusals/{kind}")
    def refusal(request: HttpRequest, kind: str) -> dict:
        error = {"rule": DomainError, "conflict": ConflictError, "input": InvalidInput}[kind]
        raise error("No.", field="name")

    @api.get("/reference")
    def reference(request: HttpRequest, cluster: str) -> dict:
        return {"slug": referenced(Cluster, field="cluster", slug=cluster).slug}

    return api


@pytest.fixture
def probe() -> TestClient:
    return TestClient(probe_api())


def test_validation_error_has_the_one_format_with_the_nested_field(probe: TestClient) -> None:
    response = probe.post("/orders", json={"items": [{"name": "a", "count": 1}, {"name": "b"}]})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Field required",
        "code": "invalid",
        "field": "items.1.count",
    }


def test_validation_error_counts_the_other_problems(probe: TestClient) -> None:
    response = probe.post("/orders", json={"items": [{}]})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "code", "field"}
    assert body["detail"] == "Field required (and 1 more problem)"


def test_validation_field_drops_ninja_locations() -> None:
    assert validation_field(("query", "page")) == "page"
    assert validation_field(("body", "payload", "items", 0, "name")) == "items.0.name"
    assert validation_field(("body",)) is None


def test_missing_requested_object_is_404(probe: TestClient) -> None:
    response = probe.get("/clusters/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "field": None}


def test_other_missing_rows_are_bugs_not_404s(probe: TestClient) -> None:
    Cluster.objects.create(name="A", slug="a")
    with pytest.raises(Person.DoesNotExist):
        probe.get("/clusters/a")


@pytest.mark.parametrize(("kind", "status"), [("rule", 400), ("conflict", 409), ("input", 422)])
def test_refusals_keep_their_field(probe: TestClient, kind: str, status: int) -> None:
    response = probe.get(f"/refusals/{kind}")
    assert response.status_code == status
    assert response.json()["field"] == "name"
    assert response.json()["detail"] == "No."


def test_unknown_reference_in_input_is_422_on_its_field(probe: TestClient) -> None:
    response = probe.get("/reference", query_params={"cluster": "nope"})
    assert response.status_code == 422
    assert response.json() == {"detail": "No such object.", "code": "unknown", "field": "cluster"}


def test_unknown_api_url_answers_in_the_format(db: Any) -> None:
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "The page you asked for does not exist or is not visible to you.",
        "code": "not_found",
        "field": None,
    }


def test_pages_render_the_same_three_values(db: Any) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-code="not_found"' in html
    assert "does not exist or is not visible to you" in html


def test_a_domain_error_a_view_did_not_catch_is_its_4xx_page(rf: Any) -> None:
    middleware = DomainErrorMiddleware(lambda request: HttpResponse())
    request = rf.get("/events/1/register/")
    request.user = AnonymousUser()
    response = middleware.process_exception(
        request, ConflictError("The event is full.", code="full")
    )
    assert response is not None
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-code="full"' in html
    assert "The event is full." in html
    assert middleware.process_exception(request, ValueError("x")) is None


def test_api_server_errors_answer_in_the_format(rf: Any) -> None:
    response = server_error(rf.get("/api/v1/events"))
    assert response.status_code == 500
    assert json.loads(response.content) == {
        "detail": "Server error.",
        "code": "server_error",
        "field": None,
    }
