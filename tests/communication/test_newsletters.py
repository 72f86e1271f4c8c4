"""Newsletters: queueing at a rate, sending once (restarts, retries), one-click unsubscribe,
double opt-in, counted clicks, statistics and the archive."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings

from klynge.communication.models import Newsletter, NewsletterEvent, Subscriber
from klynge.communication.selectors.newsletters import newsletter_stats
from klynge.communication.services.newsletters import (
    newsletter_cancel,
    newsletter_create,
    newsletter_queue,
    newsletter_settings_update,
    newsletter_test_send,
)
from klynge.communication.services.posts import post_create
from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.notifications import sending
from klynge.notifications.models import Delivery
from klynge.notifications.tasks import resume

from .conftest import T0

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]
BASE = "https://letters.example.net"


def letter(cast: Any, **audience: Any) -> Newsletter:
    post = post_create(
        actor=cast.manager_a,
        cluster=cast.cluster_a,
        title_en="Grid news",
        title_nb="Nettnytt",
        summary_en="Short",
        publish_at=T0 - datetime.timedelta(days=1),
    )
    return newsletter_create(
        actor=cast.manager_a,
        cluster=cast.cluster_a,
        subject_en="May letter",
        subject_nb="Mai-brev",
        intro_en="Hello **members**",
        posts=[post.pk],
        audience=audience or {"members": True, "subscribers": True},
    )


def sent_to() -> list[str]:
    return sorted(address for m in mail.outbox for address in m.to)


@override_settings(KLYNGE_BASE_URL=BASE)
def test_queue_at_the_rate_then_send_each_consenting_reader_once(
    member_cast: Any, readers: Any
) -> None:
    newsletter_settings_update(
        actor=member_cast.manager_a,
        cluster=member_cast.cluster_a,
        track_clicks=True,
        rate_per_minute=2,
    )
    with time_machine.travel(T0, tick=False) as clock:
        newsletter = newsletter_queue(actor=member_cast.manager_a, newsletter=letter(member_cast))
        due = list(
            Delivery.objects.filter(batch=newsletter.batch)
            .order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True)
        )
        assert newsletter.recipients == 3 and due == [
            T0 + datetime.timedelta(seconds=30 * i) for i in range(3)
        ]
        assert sent_to() == ["yes0@example.org"]  # only the first row is due at once
        clock.shift(30)
        resume()
        assert len(mail.outbox) == 2
        clock.shift(600)
        resume()
        resume()  # a second sweep (or a restarted worker) sends nothing again
        stats = newsletter_stats(newsletter)
    assert sent_to() == ["yes0@example.org", "yes1@example.org", "yes2@example.org"]
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        rf"<{BASE}/newsletter/unsubscribe/[^>]+/>", message.extra_headers["List-Unsubscribe"]
    )
    html = message.alternatives[0][0]
    assert "<strong>members</strong>" in html and f"{BASE}/newsletter/c/" in html
    assert f"{BASE}/newsletter/preferences/" in message.body
    assert (stats.state, stats.recipients, stats.sent, stats.queued) == ("sent", 3, 3, 0)
    with pytest.raises(ConflictError):
        newsletter_queue(actor=member_cast.manager_a, newsletter=newsletter)


def test_a_worker_that_dies_mid_batch_never_causes_a_second_copy(
    member_cast: Any, readers: Any
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        newsletter_settings_update(
            actor=member_cast.manager_a,
            cluster=member_cast.cluster_a,
            track_clicks=False,
            rate_per_minute=60,
        )
        newsletter = newsletter_queue(actor=member_cast.manager_a, newsletter=letter(member_cast))
        clock.shift(1)
        # A worker claims the second row and dies before it can send or record anything.
        row = (
            Delivery.objects.filter(batch=newsletter.batch, status="queued")
            .order_by("next_attempt_at")
            .first()
        )
        assert sending.claim(row.pk) is not None
        clock.shift(60 * 30)  # the worker is restarted much later; cron resumes the batch
        found = resume()
        assert found["interrupted"] == 1 and found["batches"] == [newsletter.batch]
        resume()
    assert len(mail.outbox) == 2 and len(set(sent_to())) == 2  # nobody twice
    row.refresh_from_db()
    assert row.status == "failed" and row.last_error == sending.INTERRUPTED


def test_withdrawn_consent_before_sending_is_skipped_and_stop_skips_the_rest(
    member_cast: Any, readers: Any
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        newsletter_settings_update(
            actor=member_cast.manager_a,
            cluster=member_cast.cluster_a,
            track_clicks=False,
            rate_per_minute=1,
        )
        newsletter = newsletter_queue(actor=member_cast.manager_a, newsletter=letter(member_cast))
        readers.yes[1].consent_newsletter = False
        readers.yes[1].save()
        clock.shift(61)
        resume()
        assert newsletter_cancel(actor=member_cast.manager_a, newsletter=newsletter) == 1
        clock.shift(600)
        resume()
    assert sent_to() == ["yes0@example.org"]
    newsletter.refresh_from_db()
    stats = newsletter_stats(newsletter)
    assert (stats.state, stats.sent, stats.skipped) == ("cancelled", 1, 2)


def test_nobody_with_consent_means_nothing_is_queued(member_cast: Any, readers: Any) -> None:
    newsletter = letter(member_cast, members=False, subscribers=True)
    with pytest.raises(DomainError) as error:
        newsletter_queue(actor=member_cast.manager_a, newsletter=newsletter)
    assert error.value.field == "audience"
    newsletter.refresh_from_db()
    assert (
        newsletter.status == "draft"
        and not Delivery.objects.filter(batch=newsletter.batch).exists()
    )


def test_audience_filters_by_kind_county_and_adds_participants_and_subscribers(
    member_cast: Any, readers: Any
) -> None:
    from klynge.communication.selectors.audience import audience_rows
    from tests.factories.events import RegistrationFactory

    newsletter = letter(member_cast, members=True, member_kinds=["university"], subscribers=True)
    assert list(audience_rows(newsletter)) == []
    newsletter.audience = {"members": True, "counties": ["Østfold"]}
    assert {row[0] for row in audience_rows(newsletter)} == {p.email for p in readers.yes}
    registration = RegistrationFactory(
        event__cluster=member_cast.cluster_a, person=readers.outsider, status="attended"
    )
    Subscriber.objects.create(
        cluster=member_cast.cluster_a, email="sub@example.org", status="confirmed"
    )
    Subscriber.objects.create(
        cluster=member_cast.cluster_a, email="pending@example.org", status="pending"
    )
    newsletter.audience = {"events": [registration.event_id], "subscribers": True}
    assert sorted(row[0] for row in audience_rows(newsletter)) == [
        "out@example.org",
        "sub@example.org",
    ]


@override_settings(KLYNGE_BASE_URL=BASE)
def test_one_click_unsubscribe_is_a_post_without_cookies_and_is_audited(
    member_cast: Any, readers: Any
) -> None:
    with time_machine.travel(T0, tick=False):
        newsletter = newsletter_queue(actor=member_cast.manager_a, newsletter=letter(member_cast))
    message = next(m for m in mail.outbox if m.to == ["yes0@example.org"])
    url = message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix(BASE)
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)  # a link scanner: nothing changes
    assert page.status_code == 200 and b'data-testid="unsubscribe"' in page.content
    readers.yes[0].refresh_from_db()
    assert readers.yes[0].consent_newsletter is True
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    readers.yes[0].refresh_from_db()
    assert (
        readers.yes[0].consent_newsletter is False and readers.yes[0].consent_newsletter_at is None
    )
    entry = AuditEntry.objects.get(action="klynge.members.person.consent_changed")
    assert entry.data == {"consent_newsletter": False, "source": "one-click"}
    assert newsletter_stats(newsletter).unsubscribed == 1
    assert Client().post("/newsletter/unsubscribe/forged/").status_code == 400


def test_double_opt_in_then_preferences_and_unsubscribe(member_cast: Any) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        response = client.post(
            "/clusters/cluster-a/newsletter/subscribe/",
            {"email": "Guest@Example.org", "name": "Guest", "language": "en", "consent": "on"},
        )
    assert response.status_code == 200 and b"subscribe-sent" in response.content
    subscriber = Subscriber.objects.get(email="guest@example.org")
    assert subscriber.status == "pending"
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", message.body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200  # a page with a button
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    with time_machine.travel(T0 + datetime.timedelta(days=8)):
        assert client.post(path).status_code == 400  # too old
    with time_machine.travel(T0 + datetime.timedelta(days=1)):
        assert client.post(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at is not None
    # Signing up again is answered the same and mails nothing.
    client.post(
        "/clusters/cluster-a/newsletter/subscribe/",
        {"email": "guest@example.org", "language": "en", "consent": "on"},
    )
    assert len(mail.outbox) == 1
    actions = list(
        AuditEntry.objects.filter(action__startswith="klynge.communication.subscriber")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "klynge.communication.subscriber.requested",
        "klynge.communication.subscriber.confirmed",
    ]


def test_clicks_are_counted_unless_switched_off(member_cast: Any, readers: Any) -> None:
    with time_machine.travel(T0, tick=False):
        newsletter = newsletter_queue(actor=member_cast.manager_a, newsletter=letter(member_cast))
    html = mail.outbox[0].alternatives[0][0]
    counted = re.search(r'href="https?://[^/"]+(/newsletter/c/[^"]+/)"', html).group(1)
    response = Client().get(counted)
    assert response.status_code == 302 and "/clusters/cluster-a/" in response["Location"]
    Client().get(counted)
    stats = newsletter_stats(newsletter)
    assert (stats.clicks, stats.unique_clicks) == (2, 1)
    assert Client().get("/newsletter/c/forged/").status_code == 404
    newsletter_settings_update(
        actor=member_cast.manager_a,
        cluster=member_cast.cluster_a,
        track_clicks=False,
        rate_per_minute=600,
    )
    mail.outbox.clear()
    newsletter_test_send(actor=member_cast.manager_a, newsletter=letter(member_cast))
    assert "/newsletter/c/" in mail.outbox[0].alternatives[0][0]  # a draft keeps the old choice
    with time_machine.travel(T0, tick=False):
        second = newsletter_queue(actor=member_cast.manager_a, newsletter=letter(member_cast))
    assert second.track_clicks is False
    last = [m for m in mail.outbox if m.subject == "May letter"][-1]
    assert "/newsletter/c/" not in last.alternatives[0][0]


def test_pages_preview_test_send_schedule_progress_and_archive(
    member_cast: Any, readers: Any
) -> None:
    client = Client()
    client.force_login(member_cast.manager_a)
    newsletter = letter(member_cast)
    base = f"/clusters/cluster-a/newsletters/{newsletter.pk}/"
    page = client.get(base)
    assert page.status_code == 200 and b"3 addresses" in page.content
    preview = client.get(base + "preview/?language=en")
    assert b"May letter" in preview.content
    # framed by the newsletter's page on this site (the site-wide headers forbid any framing)
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    client.post(base + "test/")
    assert [m.subject for m in mail.outbox] == ["[TEST] May letter"]  # in the manager's language
    with time_machine.travel(T0, tick=False):
        client.force_login(member_cast.manager_a)  # a session started in the test's own time
        client.post(base + "schedule/", {"send_at": "2031-05-02T09:00"})
        newsletter.refresh_from_db()
        assert newsletter.status == "queued" and newsletter.send_at > T0
        progress = client.get(base + "?part=progress", HTTP_HX_REQUEST="true")
        assert b'data-testid="progress"' in progress.content and b"every 3s" in progress.content
        assert b"May letter" not in Client().get("/clusters/cluster-a/newsletter/").content
    with time_machine.travel(datetime.datetime(2031, 5, 3, tzinfo=datetime.UTC)):
        resume()
        archive = Client().get("/clusters/cluster-a/newsletter/")
        assert b"Mai-brev" in archive.content or b"May letter" in archive.content
        web = Client().get(f"/clusters/cluster-a/newsletter/{newsletter.pk}/")
        assert web.status_code == 200
        # the mail is one escaped srcdoc attribute: its quotes do not end the attribute early
        frame = re.search(rb'<iframe srcdoc="([^"]*)"([^>]*)>', web.content)
        assert frame.group(1).startswith(b"&lt;!doctype html&gt;")
        assert b"May letter" in frame.group(1) and b'class="mail-preview"' in frame.group(2)
        assert b"unsubscribe" not in web.content.lower().split(b"web-version")[0]
    assert len([m for m in mail.outbox if m.subject in ("May letter", "Mai-brev")]) == 3
    assert NewsletterEvent.objects.count() == 0


def test_a_reader_who_switches_newsletters_off_in_mail_settings_is_skipped(
    member_cast: Any, readers: Any
) -> None:
    """Mail settings are asked when each row goes out, also for a newsletter queued before."""
    from klynge.notifications.services import MUTED_NOTE, preferences_set

    with time_machine.travel(T0, tick=False) as clock:
        newsletter = newsletter_queue(actor=member_cast.manager_a, newsletter=letter(member_cast))
        preferences_set(actor=None, email="yes2@example.org", enabled=[])
        clock.shift(600)
        resume()
    assert sent_to() == ["yes0@example.org", "yes1@example.org"]
    row = Delivery.objects.get(batch=newsletter.batch, to_email="yes2@example.org")
    assert (row.status, row.last_error) == ("skipped", MUTED_NOTE)
