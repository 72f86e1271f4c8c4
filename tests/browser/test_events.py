"""A guest registers, the event fills, the next guest waits, a cancellation promotes and mails."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from klynge.events.models import Registration
from tests.factories.clusters import ClusterFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def manage_path(message: Any) -> str:
    match = re.search(r"/events/r/[\w-]+/", message.body)
    assert match, message.body
    return match.group(0)


def register(page: Any, event_url: str, name: str, email: str, button: str) -> None:
    page.goto(event_url)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Organisation").fill("Hvaler kommune")
    page.get_by_role("button", name=button).click()


def test_guest_fills_event_waits_and_is_promoted_after_a_cancellation(page: Any) -> None:
    cluster = ClusterFactory(name="NCE Smart Energy Markets", slug="nce-smart-energy-markets")
    event = EventFactory(cluster=cluster, title="Flexibility markets workshop", capacity=1)
    url = f"/events/{event.pk}/"

    register(page, url, "Ola Nordmann", "ola@example.org", "Register")
    expect(page.get_by_test_id("registration-status")).to_have_text("Confirmed")
    assert [m.subject for m in mail.outbox] == ["You are registered: Flexibility markets workshop"]

    page.goto(url)
    expect(page.get_by_test_id("places")).to_contain_text("1 of 1 taken")
    expect(page.get_by_test_id("full")).to_be_visible()
    register(page, url, "Kari Nordmann", "kari@example.org", "Join the waiting list")
    expect(page.get_by_test_id("registration-status")).to_have_text("Number 1 on the waiting list")
    page.goto(url)
    expect(page.get_by_test_id("places")).to_contain_text("1 on the waiting list")

    ola_link = manage_path(mail.outbox[0])
    page.goto(ola_link)
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("Cancelled")

    promoted = [
        m for m in mail.outbox if m.subject == "You got a place: Flexibility markets workshop"
    ]
    assert [m.to for m in promoted] == [["kari@example.org"]]
    assert promoted[0].attachments[0][0] == f"event-{event.pk}.ics"
    page.goto(manage_path(promoted[0]))
    expect(page.get_by_test_id("registration-status")).to_have_text("Confirmed")
    assert Registration.objects.get(person__email="kari@example.org").status == "confirmed"
