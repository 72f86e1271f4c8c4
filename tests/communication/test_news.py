"""News: Markdown rendered and sanitised, visibility (public, members, drafts, scheduled), feed, pages."""

from __future__ import annotations

import datetime
from typing import Any
from xml.etree import ElementTree

import pytest
import time_machine
from django.test import Client, override_settings

from klynge.communication.markdown import render_markdown
from klynge.communication.models import Post
from klynge.communication.services.posts import post_create, post_publish, post_update
from klynge.core.errors import DomainError
from klynge.core.models import AuditEntry
from tests.http import client_as

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2031, 5, 1, 10, 0, tzinfo=datetime.UTC)


def make(cast: Any, title: str, *, days: float | None = -1, **fields: Any) -> Post:
    publish_at = None if days is None else NOW + datetime.timedelta(days=days)
    return post_create(
        actor=cast.manager_a,
        cluster=cast.cluster_a,
        title_en=title,
        publish_at=publish_at,
        **fields,
    )


@pytest.mark.parametrize(
    ("source", "expected", "absent"),
    [
        ("**bold** and *it*", "<strong>bold</strong> and <em>it</em>", None),
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script>"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))", 'href="javascript'),
        ('<img src=x onerror="alert(1)">', "&lt;img", "<img"),
        ("[site](https://example.org)", 'href="https://example.org"', None),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>", None),
    ],
)
def test_markdown_is_rendered_and_sanitised(source: str, expected: str, absent: str | None) -> None:
    html = render_markdown(source)
    assert expected in html
    if absent:
        assert absent not in html
    if "href" in expected:
        assert 'rel="noopener noreferrer nofollow"' in html


def test_a_post_needs_a_title_and_an_image_needs_a_description(cast: Any) -> None:
    with pytest.raises(DomainError) as error:
        post_create(actor=cast.manager_a, cluster=cast.cluster_a, title_en=" ")
    assert error.value.field == "title_nb"
    post = make(cast, "Fine")
    with pytest.raises(DomainError):
        post_update(actor=cast.manager_a, post=post, image="news/x.png", image_alt="")


def test_titles_follow_the_language_with_a_fallback(cast: Any) -> None:
    post = make(cast, "In English", title_nb="")
    assert post.title_in("nb") == "In English" and post.title_in("en") == "In English"
    post.title_nb = "På norsk"
    assert post.title_in("nb") == "På norsk" and post.title_in("en") == "In English"


@time_machine.travel(NOW, tick=False)
def test_who_sees_which_post_on_the_news_page(member_cast: Any) -> None:
    cast = member_cast
    make(cast, "Public news", days=-2)
    make(cast, "For members", days=-1, visibility="members")
    make(cast, "Draft", days=None)
    make(cast, "Tomorrow", days=1)
    make(cast, "Pinned old", days=-30, pinned=True)
    expected = {
        "anonymous": ["Pinned old", "Public news"],
        "staff_b": ["Pinned old", "Public news"],
        "contact_a": ["Pinned old", "For members", "Public news"],
        "staff_a": ["Pinned old", "For members", "Public news"],
    }
    for role, titles in expected.items():
        api = client_as(cast, role).get("/api/v1/clusters/cluster-a/news").json()
        assert [item["title_en"] for item in api["items"]] == titles, role
        page = client_as(cast, role).get("/clusters/cluster-a/news/")
        assert page.status_code == 200
        for title in ("Public news", "For members", "Draft", "Tomorrow"):
            assert (title.encode() in page.content) is (title in titles), (role, title)


@time_machine.travel(NOW, tick=False)
def test_post_pages_by_visibility(member_cast: Any) -> None:
    cast = member_cast
    members = make(cast, "For members", visibility="members")
    draft = make(cast, "Draft", days=None)
    url = members.get_absolute_url()
    assert client_as(cast, "anonymous").get(url).status_code == 302  # log in first
    assert client_as(cast, "staff_b").get(url).status_code == 403
    assert client_as(cast, "contact_a").get(url).status_code == 200
    assert client_as(cast, "contact_a").get(draft.get_absolute_url()).status_code == 403
    assert client_as(cast, "staff_a").get(draft.get_absolute_url()).status_code == 200
    assert client_as(cast, "anonymous").get(f"/api/v1/news/{members.pk}").status_code == 404


@time_machine.travel(NOW, tick=False)
@override_settings(KLYNGE_BASE_URL="https://news.example.net")
def test_atom_feed_carries_public_published_posts_with_absolute_links(cast: Any) -> None:
    make(cast, "Public news", body_en="Hello **all**")
    make(cast, "For members", visibility="members")
    make(cast, "Draft", days=None)
    response = Client().get("/clusters/cluster-a/news/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == ["Public news"]
    link = entries[0].find("a:link", ns).attrib["href"]
    assert link.startswith("https://news.example.net/clusters/cluster-a/news/")
    assert "<strong>all</strong>" in entries[0].find("a:summary", ns).text


@time_machine.travel(NOW, tick=False)
def test_the_team_writes_publishes_and_the_profile_and_member_home_show_it(
    member_cast: Any,
) -> None:
    cast = member_cast
    staff = client_as(cast, "staff_a")
    response = staff.post(
        "/clusters/cluster-a/news/new/",
        {
            "title_en": "Grid day",
            "title_nb": "Nettdag",
            "summary_en": "Come along",
            "body_en": "A *grid* day.",
            "visibility": "public",
            "action": "save",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(title_en="Grid day")
    assert post.publish_at is None and post.author == cast.staff_a
    assert b"Grid day" not in Client().get("/clusters/cluster-a/").content
    staff.post(f"/clusters/cluster-a/news/{post.pk}/publish/")
    post.refresh_from_db()
    assert post.publish_at == NOW
    profile = Client().get("/clusters/cluster-a/")
    assert b'data-testid="cluster-news"' in profile.content and b"Grid day" in profile.content
    home = client_as(cast, "contact_a").get("/")
    assert b"widget-member-news" in home.content and b"Grid day" in home.content
    assert client_as(cast, "contact_a").get("/clusters/cluster-a/news/new/").status_code == 403
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"klynge.communication.post.created", "klynge.communication.post.published"} <= actions


def test_publishing_later_keeps_the_post_hidden_until_then(cast: Any) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        post = make(cast, "Later", days=None)
        post_publish(actor=cast.manager_a, post=post, at=NOW + datetime.timedelta(hours=2))
        url = "/api/v1/clusters/cluster-a/news"
        assert Client().get(url).json()["count"] == 0
        clock.shift(datetime.timedelta(hours=2))
        assert Client().get(url).json()["count"] == 1


def test_api_patch_null_leaves_texts_and_flags_as_they_are_and_unpublishes(cast: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        post = make(cast, "Grid day", summary_en="Short", pinned=True)
        client = client_as(cast, "manager_a")
        patched = client.patch(
            f"/api/v1/news/{post.pk}",
            {
                "title_en": None,
                "title_nb": None,
                "summary_en": None,
                "body_en": None,
                "visibility": None,
                "pinned": None,
            },
            content_type="application/json",
        )
        assert patched.status_code == 200, patched.content
        post.refresh_from_db()
        assert (post.title_en, post.summary_en, post.visibility, post.pinned) == (
            "Grid day",
            "Short",
            "public",
            True,
        )
        assert post.publish_at is not None
        unpublished = client.patch(
            f"/api/v1/news/{post.pk}", {"publish_at": None}, content_type="application/json"
        )
        assert unpublished.status_code == 200 and unpublished.json()["publish_at"] is None
        blank = client.patch(
            f"/api/v1/news/{post.pk}", {"title_en": ""}, content_type="application/json"
        )
        assert blank.status_code == 400
