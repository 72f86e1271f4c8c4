"""The hub: after commit only, in the recipient's language, logged, idempotent, retried with backoff."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.test import override_settings

from klynge.core.models import AuditEntry
from klynge.notifications import kinds, sending
from klynge.notifications.kinds import Kind
from klynge.notifications.models import Delivery, MutedKind
from klynge.notifications.services import (
    Attachment,
    Recipient,
    deliveries_forget,
    notify,
    preferences_set,
)
from klynge.notifications.tasks import deliver, resume
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2031, 3, 4, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def test_kinds() -> Iterator[None]:
    kinds.register(
        Kind("tests.hello", "Hello (test)"),
        Kind("tests.digest", "Digest (test)", transactional=False),
    )
    yield
    kinds.unregister("tests.hello", "tests.digest")


def hello(to: Any, *, key: str = "", kind: str = "tests.hello", **extra: Any) -> None:
    notify(
        kind=kind,
        to=to,
        template="accounts/email/password_reset",
        context={"link": "https://klynge.example.net/x/"},
        key=key,
        **extra,
    )


class FlakyBackend(EmailBackend):
    """Fails the first `failures` sends, then delivers to the locmem outbox."""

    failures = 0

    def send_messages(self, messages: Any) -> int:
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("SMTP server down")
        return super().send_messages(messages)


FLAKY = "tests.notifications.test_hub.FlakyBackend"


def test_nothing_is_queued_or_sent_before_commit_nor_after_a_rollback(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        hello(Recipient("kari@example.org"))
    assert len(callbacks) == 1
    assert Delivery.objects.count() == 0 and mail.outbox == []
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["kari@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        hello(Recipient("kari@example.org"))
        raise RuntimeError("rolled back")
    assert Delivery.objects.count() == 0 and mail.outbox == []
    with transaction.atomic():
        hello(Recipient("kari@example.org"))
        assert mail.outbox == []
    assert len(mail.outbox) == 1


def test_one_logged_row_per_address_with_text_html_headers_and_attachment(
    run_on_commit: None,
) -> None:
    notify(
        kind="tests.hello",
        to=[Recipient("a@example.org", "en"), Recipient("A@example.org"), Recipient("")],
        template="events/email/cancelled",
        context={
            "person": {"full_name": "Kari & Ola"},
            "event": {"title": "Grid <day>"},
            "event_url": "https://klynge.example.net/e/",
        },
        attachments=[Attachment("x.ics", b"BEGIN:VCALENDAR", "text/calendar")],
        cluster=7,
    )
    (message,) = mail.outbox
    assert "Kari & Ola" in message.body  # plain text is never HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Kari &amp; Ola" in html
    assert message.extra_headers["Content-Language"] == "en"
    assert message.extra_headers["Message-ID"].startswith("<")
    assert message.attachments == [("x.ics", "BEGIN:VCALENDAR", "text/calendar")]
    (row,) = Delivery.objects.all()
    assert (row.kind, row.to_email, row.cluster_id, row.status, row.attempts) == (
        "tests.hello",
        "a@example.org",
        7,
        "sent",
        1,
    )
    assert row.sent_at is not None and row.subject == message.subject
    assert row.body_text == row.body_html == "" and row.attachments == []  # dropped once sent


def test_language_is_the_recipients_then_their_logins_then_the_sites(run_on_commit: None) -> None:
    UserFactory(email="per@example.org", language="nb")
    hello(Recipient("kari@example.org", language="en"))
    hello(Recipient("per@example.org"))
    hello(Recipient("nobody@example.org"))
    languages = [m.extra_headers["Content-Language"] for m in mail.outbox]
    assert languages == ["en", "nb", "en"]
    assert mail.outbox[1].subject == "Tilbakestill passordet ditt i Klynge"


def test_the_same_key_never_sends_twice(run_on_commit: None) -> None:
    for _ in range(3):
        hello(Recipient("kari@example.org"), key="order:1")
    hello(Recipient("ola@example.org"), key="order:1")  # the key is per address
    assert sorted(m.to[0] for m in mail.outbox) == ["kari@example.org", "ola@example.org"]
    assert Delivery.objects.count() == 2


def test_a_retried_or_doubled_task_never_sends_twice(run_on_commit: None) -> None:
    hello(Recipient("kari@example.org"))
    (row,) = Delivery.objects.all()
    assert deliver.enqueue(row.pk).return_value == "not due"
    assert sending.deliver_one(row.pk) == "not due"
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_claiming_is_exclusive(run_on_commit: None) -> None:
    """Two workers that find the same queued row: only the first claim gets it."""
    with override_settings(EMAIL_BACKEND=FLAKY):
        FlakyBackend.failures = 1
        hello(Recipient("kari@example.org"))
    row = Delivery.objects.get()
    row.next_attempt_at = None
    row.save()
    first, second = sending.claim(row.pk), sending.claim(row.pk)
    assert first is not None and first.status == "sending" and second is None


@override_settings(EMAIL_BACKEND=FLAKY, KLYNGE_MAIL_RETRY_SECONDS=60, KLYNGE_MAIL_MAX_ATTEMPTS=3)
def test_failures_are_retried_with_backoff_then_sent_once(run_on_commit: None) -> None:
    FlakyBackend.failures = 2
    with time_machine.travel(T0, tick=False) as clock:
        hello(Recipient("kari@example.org"))
        row = Delivery.objects.get()
        assert (row.status, row.attempts, row.next_attempt_at) == (
            "queued",
            1,
            T0 + datetime.timedelta(seconds=60),
        )
        assert "SMTP server down" in row.last_error
        assert sending.deliver_one(row.pk) == "not due"  # backoff holds
        clock.shift(61)
        assert resume()["retried"] == 1  # the cron command picks it up
        row.refresh_from_db()
        assert (row.status, row.attempts) == ("queued", 2)
        assert row.next_attempt_at == T0 + datetime.timedelta(seconds=61 + 120)
        clock.shift(121)
        resume()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, "")
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND=FLAKY, KLYNGE_MAIL_MAX_ATTEMPTS=2)
def test_after_the_last_attempt_the_row_fails_and_stays_failed(run_on_commit: None) -> None:
    FlakyBackend.failures = 5
    with time_machine.travel(T0, tick=False) as clock:
        hello(Recipient("kari@example.org"))
        clock.shift(3600)
        resume()
        clock.shift(3600)
        assert resume()["retried"] == 0
    row = Delivery.objects.get()
    assert (row.status, row.attempts) == ("failed", 2)
    assert row.body_text  # kept for a manual resend
    FlakyBackend.failures = 0


def test_a_row_left_sending_by_a_dead_worker_is_failed_not_resent(run_on_commit: None) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        with override_settings(EMAIL_BACKEND=FLAKY):
            FlakyBackend.failures = 1
            hello(Recipient("kari@example.org"))
        row = Delivery.objects.get()
        Delivery.objects.filter(pk=row.pk).update(next_attempt_at=None)
        assert sending.claim(row.pk) is not None  # the worker dies right after this
        clock.shift(60 * 14)
        assert resume()["interrupted"] == 0  # not stale yet
        clock.shift(60 * 2)
        assert resume() == {"interrupted": 1, "retried": 0, "batches": []}
    row.refresh_from_db()
    assert row.status == "failed" and row.last_error == sending.INTERRUPTED
    assert mail.outbox == []


def test_optional_kinds_can_be_switched_off_transactional_ones_cannot(
    run_on_commit: None,
) -> None:
    user = UserFactory(email="kari@example.org")
    muted = preferences_set(actor=user, email="Kari@example.org", enabled=[])
    assert "tests.digest" in muted and "tests.hello" not in muted
    hello(Recipient("kari@example.org"), kind="tests.digest")
    hello(Recipient("kari@example.org"), kind="tests.hello")
    assert [m.to for m in mail.outbox] == [["kari@example.org"]]
    skipped = Delivery.objects.get(kind="tests.digest")
    assert skipped.status == "skipped" and skipped.subject == ""
    preferences_set(actor=user, email="kari@example.org", enabled=["tests.digest", "tests.hello"])
    assert not MutedKind.objects.filter(kind="tests.digest").exists()
    assert AuditEntry.objects.filter(action="klynge.notifications.preferences.changed").count() == 2


def test_unknown_kinds_fail_at_the_call_site() -> None:
    with pytest.raises(LookupError):
        hello(Recipient("kari@example.org"), kind="tests.nope")


def test_forgetting_an_address_scrubs_the_log(run_on_commit: None) -> None:
    hello(Recipient("kari@example.org"), key="k")
    hello(Recipient("ola@example.org"), key="k")
    assert deliveries_forget(email="KARI@example.org") == 1
    assert sorted(Delivery.objects.values_list("to_email", flat=True)) == [
        "erased@invalid",
        "ola@example.org",
    ]
    assert not Delivery.objects.filter(key__contains="kari").exists()
