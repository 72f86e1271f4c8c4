"""Who may do what with news, newsletters and subscriptions: predicates, pages and API by role."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from klynge.communication import permissions as p
from klynge.communication.models import Post
from klynge.communication.services.newsletters import newsletter_create
from tests.factories.members import PersonFactory
from tests.http import client_as

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contact_a", "staff_a", "staff_b", "manager_a", "officer", "superuser"]
EVERYONE = set(ROLES)
TEAM = {"staff_a", "manager_a", "superuser"}
MEMBERS = TEAM | {"contact_a"}
MANAGERS = {"manager_a", "superuser"}

CLUSTER_TABLE: dict[Any, set[str]] = {
    p.can_manage_news: TEAM,
    p.can_read_members_news: MEMBERS,
    p.can_manage_newsletters: TEAM,
    p.can_send_newsletter: MANAGERS,
    p.can_manage_subscribers: MANAGERS,
    p.can_view_newsletter_archive: EVERYONE,
    p.can_read_news_from_own_clusters: {"contact_a"},  # the home widget; obj is not used
}
POST_TABLE = {"public": EVERYONE, "members": MEMBERS, "draft": TEAM}


def post(cast: Any, kind: str) -> Post:
    return Post.objects.create(
        cluster=cast.cluster_a,
        title_en=kind,
        visibility="members" if kind == "members" else "public",
        publish_at=None if kind == "draft" else timezone.now() - datetime.timedelta(hours=1),
    )


@pytest.fixture
def world(member_cast: Any) -> Any:
    PersonFactory(
        organisation=member_cast.org_a, email="reader@example.org", consent_newsletter=True
    )
    public = post(member_cast, "public")
    member_cast.newsletter = newsletter_create(
        actor=member_cast.manager_a,
        cluster=member_cast.cluster_a,
        subject_en="Letter",
        posts=[public.pk],
    )
    return member_cast


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", list(CLUSTER_TABLE), ids=lambda f: f.__name__)
def test_cluster_predicates(member_cast: Any, predicate: Any, role: str) -> None:
    assert predicate(member_cast.user(role), member_cast.cluster_a) is (
        role in CLUSTER_TABLE[predicate]
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(POST_TABLE))
def test_can_view_post(member_cast: Any, kind: str, role: str) -> None:
    assert p.can_view_post(member_cast.user(role), post(member_cast, kind)) is (
        role in POST_TABLE[kind]
    )


PAGES: dict[str, set[str]] = {
    "/clusters/cluster-a/news/": EVERYONE,
    "/clusters/cluster-a/newsletter/": EVERYONE,
    "/clusters/cluster-a/news/manage/": TEAM,
    "/clusters/cluster-a/news/new/": TEAM,
    "/clusters/cluster-a/newsletters/": TEAM,
    "/clusters/cluster-a/newsletters/new/": TEAM,
    "/clusters/cluster-a/newsletters/{pk}/": TEAM,
    "/clusters/cluster-a/newsletters/{pk}/preview/": TEAM,
    "/clusters/cluster-a/newsletters/subscribers/": MANAGERS,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(PAGES))
def test_pages_by_role(world: Any, path: str, role: str) -> None:
    response = client_as(world, role).get(path.format(pk=world.newsletter.pk))
    if role in PAGES[path]:
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


# (method, path, body) -> roles allowed; others get 401 (anonymous), 403 or 404 (objects they
# may not see are not found)
API: dict[tuple[str, str, str], set[str]] = {
    ("get", "/api/v1/clusters/cluster-a/news", ""): EVERYONE,
    ("post", "/api/v1/clusters/cluster-a/news", '{"title_en": "New"}'): TEAM,
    ("get", "/api/v1/clusters/cluster-a/newsletters", ""): TEAM,
    ("post", "/api/v1/clusters/cluster-a/newsletters", '{"subject_en": "New"}'): TEAM,
    ("get", "/api/v1/newsletters/{pk}/stats", ""): TEAM,
    ("post", "/api/v1/newsletters/{pk}/test", ""): TEAM,
    ("post", "/api/v1/newsletters/{pk}/schedule", "{}"): MANAGERS,
    ("get", "/api/v1/clusters/cluster-a/subscribers", ""): MANAGERS,
    ("post", "/api/v1/clusters/cluster-a/subscribers", '{"email": "new@example.org"}'): EVERYONE,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(API), ids=lambda op: f"{op[0]} {op[1]}")
def test_api_by_role(world: Any, operation: tuple[str, str, str], role: str) -> None:
    method, path, body = operation
    client = client_as(world, role)
    url = path.format(pk=world.newsletter.pk)
    if method == "post":
        response = client.post(url, body or "{}", content_type="application/json")
    else:
        response = client.get(url)
    allowed = API[operation]
    if role in allowed:
        assert response.status_code in (200, 201, 202), response.content
    elif role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code in (403, 404)
        if "{pk}" not in path:
            assert response.status_code == 403


# --- one post, one newsletter: every page and operation, with the exact answer per role ----------
# Roles in ROLES order: anonymous, contact_a, staff_a, staff_b, manager_a, officer, superuser.
# Pages: anonymous visitors go to the login page (302), others not allowed get 403. API: anonymous
# callers get 401; a post or newsletter the caller may not read is not found (404), and a write by
# one who may read it but not write is 403.

ONE: dict[tuple[str, str], tuple[int, ...]] = {
    ("get", "/clusters/cluster-a/news/feed.atom"): (200, 200, 200, 200, 200, 200, 200),
    ("get", "/clusters/cluster-a/news/{public}/"): (200, 200, 200, 200, 200, 200, 200),
    ("get", "/clusters/cluster-a/news/{members}/"): (302, 200, 200, 403, 200, 403, 200),
    ("get", "/clusters/cluster-a/news/{draft}/"): (302, 403, 200, 403, 200, 403, 200),
    ("get", "/clusters/cluster-a/news/{public}/edit/"): (302, 403, 200, 403, 200, 403, 200),
    ("post", "/clusters/cluster-a/news/{draft}/publish/"): (302, 403, 302, 403, 302, 403, 302),
    ("post", "/clusters/cluster-a/news/{public}/delete/"): (302, 403, 302, 403, 302, 403, 302),
    ("get", "/clusters/cluster-a/newsletters/{letter}/edit/"): (302, 403, 200, 403, 200, 403, 200),
    ("post", "/clusters/cluster-a/newsletters/{pk}/test/"): (302, 403, 302, 403, 302, 403, 302),
    ("post", "/clusters/cluster-a/newsletters/{pk}/cancel/"): (302, 403, 403, 403, 302, 403, 302),
    ("get", "/api/v1/news/{public}"): (200, 200, 200, 200, 200, 200, 200),
    ("get", "/api/v1/news/{members}"): (404, 200, 200, 404, 200, 404, 200),
    ("get", "/api/v1/news/{draft}"): (404, 404, 200, 404, 200, 404, 200),
    ("patch", "/api/v1/news/{public}"): (401, 403, 200, 403, 200, 403, 200),
    ("post", "/api/v1/news/{draft}/publish"): (401, 404, 200, 404, 200, 404, 200),
    ("delete", "/api/v1/news/{public}"): (401, 403, 204, 403, 204, 403, 204),
    ("get", "/api/v1/newsletters/{pk}"): (401, 404, 200, 404, 200, 404, 200),
    ("post", "/api/v1/newsletters/{pk}/cancel"): (401, 404, 403, 404, 200, 404, 200),
}


def fresh(world: Any) -> dict[str, int]:
    """A public, a members-only and a draft post and a newsletter scheduled for later, new for
    each role, so that what one role did (published, deleted, cancelled) never answers for the next;
    and a draft newsletter (`letter`) to edit."""
    from klynge.communication.services.newsletters import newsletter_queue

    ids = {kind: post(world, kind).pk for kind in ("public", "members", "draft")}
    letter = newsletter_create(
        actor=world.manager_a, cluster=world.cluster_a, subject_en="Later", posts=[ids["public"]]
    )
    newsletter_queue(
        actor=world.manager_a,
        newsletter=letter,
        send_at=timezone.now() + datetime.timedelta(days=7),
    )
    draft = newsletter_create(
        actor=world.manager_a, cluster=world.cluster_a, subject_en="Draft", posts=[ids["public"]]
    )
    return {**ids, "pk": letter.pk, "letter": draft.pk}


@pytest.mark.parametrize(("method", "path"), list(ONE), ids=lambda x: x)
def test_one_post_and_newsletter_by_role(world: Any, method: str, path: str) -> None:
    got = []
    for role in ROLES:
        url = path.format(**fresh(world))
        client = client_as(world, role)
        if method == "patch":
            response = client.patch(url, '{"pinned": true}', content_type="application/json")
        else:
            response = getattr(client, method)(url)
        got.append(response.status_code)
        if url.startswith("/api/") and response.status_code >= 400:
            assert set(response.json()) == {"detail", "code", "field"}
    assert tuple(got) == ONE[(method, path)], got
