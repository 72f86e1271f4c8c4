"""Every demo role follows the links of their home page and the pages it leads to: none of them
answers 403 (shown a page they may not open), 404 or 405, and no page fails."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.core import navigation

from .conftest import ROLES, client_as
from .crawl import crawl


@pytest.mark.parametrize("role", list(ROLES))
def test_no_link_a_role_is_shown_is_refused(demo_site: Any, role: str) -> None:
    result = crawl(client_as(role), "/")
    assert len(result.visited) > 15, result.visited
    assert result.broken == [], "\n".join(
        f"{status} {url} (linked from {parent})" for url, status, parent in result.broken
    )


def test_anonymous_visitor_is_shown_only_public_links(demo_site: Any) -> None:
    from django.test import Client

    result = crawl(Client(), "/", depth=1)
    assert result.broken == []
    refused = [url for url, status in result.visited if status == 302 and "/login" in url]
    assert refused == []


@pytest.mark.parametrize("menu", navigation.MENUS)
def test_every_menu_entry_names_a_page_and_a_predicate(menu: str) -> None:
    for entry in navigation.registered(menu):
        assert callable(entry.visible), entry.key
        assert entry.visible.__name__.startswith(("can_", "everyone")), entry


def test_calendar_and_mail_links_follow_the_base_url(demo_site: Any, settings: Any) -> None:
    """`make demo PORT=8010` serves with KLYNGE_BASE_URL=http://127.0.0.1:8010: links follow."""
    import re

    from django.core import mail

    from klynge.events.models import Event

    settings.KLYNGE_BASE_URL = "http://127.0.0.1:8010"
    event = Event.objects.filter(status="published").order_by("-starts_at").first()
    body = client_as("contact").get(f"/events/{event.pk}/event.ics").content.decode()
    ours = re.compile(r"https?://(?:127\.0\.0\.1|localhost|testserver)[^\s\"<>]*")
    links = ours.findall(body.replace("\r\n ", ""))
    assert links and all(link.startswith("http://127.0.0.1:8010/") for link in links), links
    mail.outbox = []
    client = client_as("manager")
    client.post(f"/events/{event.pk}/feedback-requests/")
    for message in mail.outbox:
        for link in ours.findall(message.body):
            assert link.startswith("http://127.0.0.1:8010/"), link
