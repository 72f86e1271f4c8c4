"""A manager writes a post, publishes it, builds a newsletter from it, test-sends and schedules it;
an outside reader subscribes (double opt-in) and unsubscribes in one click."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from klynge.communication.models import Newsletter, Post, Subscriber
from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_manager_publishes_and_schedules_a_newsletter(page: Any) -> None:
    cluster = ClusterFactory(name="NCE Smart Energy Markets", slug="nce-sem")
    manager = UserFactory(email="manager@example.org", language="en")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    organisation = OrganisationFactory()
    MembershipFactory(cluster=cluster, organisation=organisation)
    PersonFactory(organisation=organisation, email="reader@example.org", consent_newsletter=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, manager.email, PASSWORD)

    page.goto("/clusters/nce-sem/news/manage/")
    page.get_by_test_id("new-post").click()
    page.get_by_label("Title (English)").fill("Flexibility pilot results")
    page.get_by_label("Summary (English)").fill("What we learnt in Hvaler.")
    page.get_by_label("Text (English, Markdown)").fill("The pilot **worked**.")
    page.get_by_test_id("save-publish").click()
    expect(page.get_by_test_id("posts")).to_contain_text("Flexibility pilot results")
    post = Post.objects.get(title_en="Flexibility pilot results")
    assert post.is_published
    page.goto(post.get_absolute_url())
    expect(page.get_by_test_id("post").locator("strong")).to_have_text("worked")

    page.goto("/clusters/nce-sem/newsletters/")
    page.get_by_test_id("new-newsletter").click()
    page.get_by_label("Subject (English)").fill("June news")
    page.get_by_label("Flexibility pilot results").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("send-box")).to_contain_text("1 address")
    # The preview is the mail itself, framed by the page (the site-wide headers forbid framing
    # anywhere else, which once left this box empty).
    preview = page.frame_locator('[data-testid="preview"]')
    expect(preview.get_by_role("heading", name="June news")).to_be_visible()
    expect(preview.get_by_text("Flexibility pilot results")).to_be_visible()
    newsletter = Newsletter.objects.get(subject_en="June news")

    page.get_by_test_id("test-send").click()
    expect(page.locator(".messages")).to_contain_text("manager@example.org")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["manager@example.org"], "[TEST] June news")
    ]

    page.get_by_label("Send at").fill("2031-06-01T09:00")
    page.get_by_test_id("schedule").click()
    expect(page.get_by_test_id("state")).to_have_text("Scheduled")
    newsletter.refresh_from_db()
    assert newsletter.status == "queued" and newsletter.recipients == 1
    assert len(mail.outbox) == 1  # nothing goes out before its time


def test_visitor_subscribes_with_double_opt_in_and_unsubscribes_in_one_click(page: Any) -> None:
    ClusterFactory(name="NCE Smart Energy Markets", slug="nce-sem")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/clusters/nce-sem/newsletter/")
    box = page.get_by_test_id("subscribe-box")
    box.get_by_label("Email address").fill("visitor@example.org")
    box.get_by_label("Name").fill("Vera Visitor")
    box.get_by_label("Yes, send me the newsletter").check()
    page.get_by_test_id("subscribe").click()
    expect(page.get_by_test_id("subscribe-sent")).to_be_visible()
    assert Subscriber.objects.get(email="visitor@example.org").status == "pending"

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", message.body).group(0)
    page.goto(path_of(link))
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("confirmed")).to_be_visible()
    subscriber = Subscriber.objects.get(email="visitor@example.org")
    assert subscriber.status == "confirmed"

    from klynge.communication.tokens import unsubscribe_token

    token = unsubscribe_token(
        cluster_id=subscriber.cluster_id, email=subscriber.email, newsletter_id=None
    )
    page.goto(f"/newsletter/unsubscribe/{token}/")
    page.get_by_test_id("unsubscribe").click()
    expect(page.get_by_test_id("unsubscribed")).to_be_visible()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    # The mail program's button (RFC 8058) is a bare POST: no cookies, no CSRF token.
    response = page.request.post(
        f"/newsletter/unsubscribe/{token}/", form={"List-Unsubscribe": "One-Click"}
    )
    assert response.status == 200
