"""The API shell: whole response bodies, auth by session and token, one error format."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from klynge.accounts.services import api_token_create, api_token_revoke
from klynge.clusters.models import ClusterRole
from tests.factories.clusters import ClusterFactory, TopicFactory

pytestmark = pytest.mark.django_db


def cluster_body(cluster: Any, topics: list[dict] | None = None) -> dict:
    return {
        "slug": cluster.slug,
        "name": cluster.name,
        "short_name": cluster.short_name,
        "description_en": "",
        "description_nb": "",
        "operator_name": "",
        "city": "",
        "region": "Viken",
        "country": "NO",
        "founded": None,
        "website": "",
        "focus_topics": topics or [],
    }


def test_me_requires_authentication(db: Any) -> None:
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication required.",
        "code": "unauthenticated",
        "field": None,
    }


def test_me_with_session(cast: Any) -> None:
    client = Client()
    client.force_login(cast.manager_a)
    assert client.get("/api/v1/me").json() == {
        "id": cast.manager_a.pk,
        "email": "manager-a@example.org",
        "full_name": cast.manager_a.full_name,
        "language": "en",
        "is_programme_officer": False,
        "is_superuser": False,
        "cluster_roles": [{"cluster": "cluster-a", "role": "manager"}],
    }


def test_me_with_bearer_token_and_revocation(cast: Any) -> None:
    token, raw = api_token_create(actor=cast.officer, name="script")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = Client().get("/api/v1/me", **headers)
    assert response.status_code == 200
    assert response.json()["email"] == "officer@example.org"
    assert response.json()["is_programme_officer"] is True
    token.refresh_from_db()
    assert token.last_used_at is not None
    api_token_revoke(actor=cast.officer, token=token)
    assert Client().get("/api/v1/me", **headers).status_code == 401


def test_bad_token_is_refused_even_on_public_endpoints(db: Any) -> None:
    response = Client().get("/api/v1/clusters", HTTP_AUTHORIZATION="Bearer kly_wrong")
    assert response.status_code == 401


def test_cluster_list_paginated_whole_body(db: Any) -> None:
    topic = TopicFactory(slug="smart-grids", name_en="Smart grids", name_nb="Smarte nett")
    first = ClusterFactory(name="Alpha", slug="alpha", short_name="A")
    first.focus_topics.add(topic)
    second = ClusterFactory(name="Beta", slug="beta", short_name="B")
    ClusterFactory(name="Gamma", slug="gamma", short_name="G", is_active=False)
    response = Client().get("/api/v1/clusters?page_size=1")
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            cluster_body(
                first, [{"slug": "smart-grids", "name_en": "Smart grids", "name_nb": "Smarte nett"}]
            )
        ],
        "count": 2,
        "page": 1,
        "pages": 2,
    }
    page2 = Client().get("/api/v1/clusters?page_size=1&page=2").json()
    assert page2 == {"items": [cluster_body(second)], "count": 2, "page": 2, "pages": 2}


def test_cluster_list_validation_error_is_422(db: Any) -> None:
    response = Client().get("/api/v1/clusters?page=0")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Input should be greater than or equal to 1",
        "code": "invalid",
        "field": "page",
    }


def test_cluster_detail_and_404(db: Any) -> None:
    cluster = ClusterFactory(name="Alpha", slug="alpha", short_name="A")
    assert Client().get("/api/v1/clusters/alpha").json() == cluster_body(cluster)
    missing = Client().get("/api/v1/clusters/nope")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found.", "code": "not_found", "field": None}


def test_inactive_cluster_visible_only_to_its_team(cast: Any) -> None:
    cast.cluster_b.is_active = False
    cast.cluster_b.save()
    assert Client().get("/api/v1/clusters/cluster-b").status_code == 404
    client = Client()
    client.force_login(cast.staff_b)
    assert client.get("/api/v1/clusters/cluster-b").status_code == 200
    assert ClusterRole.objects.filter(user=cast.staff_b).count() == 1


def test_openapi_and_offline_docs(db: Any) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Klynge API"
    assert {"/api/v1/me", "/api/v1/clusters", "/api/v1/clusters/{slug}"} <= set(schema["paths"])
    docs = Client().get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
