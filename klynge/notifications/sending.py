"""Sending a logged delivery: claim it, send it, record how it went; retries with backoff.

A row is claimed (queued -> sending, attempts + 1) in one conditional UPDATE before anything is
sent, so two workers, a retried task or a task queued twice can never send it twice. A failure puts
it back in the queue with exponential backoff (KLYNGE_MAIL_RETRY_SECONDS · 2^(attempts-1)) until
KLYNGE_MAIL_MAX_ATTEMPTS, then it fails. A worker that dies after the claim leaves the row in
"sending": `sweep` marks such rows failed instead of sending them again (at most once, never twice).

Bulk mails (a newsletter) are rows of one `batch`, each due at its own `next_attempt_at` (that is
how the sending rate is kept), rendered when sent by the renderer their kind registered.

A person's mail settings are asked again when a row goes out: a kind they switched off after it was
queued (a newsletter queued for thousands, a reminder queued days ahead) is skipped, not sent.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from klynge.core.links import site_url

from . import kinds
from .models import Delivery

Renderer = Callable[[Delivery], "Message | None"]
_RENDERERS: dict[str, Renderer] = {}

INTERRUPTED = "Interrupted while sending: not sent again, so that nobody gets it twice."


@dataclass(frozen=True)
class Message:
    """A rendered mail plus the headers of this one delivery (e.g. List-Unsubscribe)."""

    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def register_renderer(kind: str, renderer: Renderer) -> None:
    """Render rows of a bulk `kind` when they are sent; the renderer returns None to skip a row."""
    _RENDERERS[kind] = renderer


def max_attempts() -> int:
    return int(settings.KLYNGE_MAIL_MAX_ATTEMPTS)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=int(settings.KLYNGE_MAIL_RETRY_SECONDS) * 2 ** max(attempts - 1, 0))


def message_id(delivery: Delivery) -> str:
    """The same Message-ID for every attempt of a delivery (receivers can drop a duplicate)."""
    host = urlsplit(site_url()).hostname or "klynge.localhost"
    return f"<{hashlib.sha256(delivery.key.encode()).hexdigest()[:32]}@{host}>"


def claim(pk: int) -> Delivery | None:
    """Take a due, queued row for sending (None if it is not due, taken or done)."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(pk=pk, status=Delivery.Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=Delivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=now)
    )
    return Delivery.objects.filter(pk=pk).first() if claimed else None


def _build(delivery: Delivery) -> Message | None:
    renderer = _RENDERERS.get(delivery.kind)
    if renderer is not None and delivery.batch:
        return renderer(delivery)
    return Message(delivery.subject, delivery.body_text, delivery.body_html, delivery.headers)


def _email(delivery: Delivery, message: Message, connection: Any) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        to=[delivery.to_email],
        headers={"Message-ID": message_id(delivery), **message.headers},
        connection=connection,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for item in delivery.attachments:
        content: str | bytes = item["content"]
        if item.get("encoding") == "base64":
            content = base64.b64decode(item["content"])
        email.attach(item["filename"], content, item["mimetype"])
    return email


def _finish(delivery: Delivery, **fields: Any) -> None:
    fields["updated_at"] = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(**fields)


def _switched_off(delivery: Delivery) -> bool:
    """The recipient has switched this optional kind off (transactional kinds always go)."""
    from .services import is_muted

    try:
        kind = kinds.get(delivery.kind)
    except LookupError:  # a kind no longer declared: its rows go as they were queued
        return False
    return not kind.transactional and is_muted(delivery.to_email, delivery.kind)


def send_claimed(delivery: Delivery, connection: Any = None) -> str:
    """Send a claimed row and record the outcome: 'sent', 'skipped', 'retry' or 'failed'."""
    from .services import MUTED_NOTE

    if _switched_off(delivery):
        _finish(delivery, status=Delivery.Status.SKIPPED, last_error=MUTED_NOTE)
        return "skipped"
    try:
        message = _build(delivery)
        if message is None:
            _finish(delivery, status=Delivery.Status.SKIPPED, last_error="Nothing to send.")
            return "skipped"
        _email(delivery, message, connection).send()
    except Exception as exc:  # any failure of rendering or transport is recorded, then retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if delivery.attempts >= max_attempts():
            _finish(delivery, status=Delivery.Status.FAILED, last_error=error)
            return "failed"
        _finish(
            delivery,
            status=Delivery.Status.QUEUED,
            last_error=error,
            next_attempt_at=timezone.now() + backoff(delivery.attempts),
        )
        return "retry"
    # Sent: keep the subject, drop bodies and attachments (they may hold one-time links).
    _finish(
        delivery,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        subject=message.subject[:300],
        body_text="",
        body_html="",
        attachments=[],
        last_error="",
    )
    return "sent"


def deliver_one(pk: int) -> str:
    delivery = claim(pk)
    if delivery is None:
        return "not due"
    return send_claimed(delivery)


def deliver_batch_due(batch: str, *, limit: int = 500) -> dict[str, int]:
    """Send the due rows of a batch (at most `limit`) over one connection. Counts per outcome."""
    now = timezone.now()
    pks = list(
        Delivery.objects.filter(
            batch=batch, status=Delivery.Status.QUEUED, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts: dict[str, int] = {}
    connection = get_connection()
    with connection:
        for pk in pks:
            delivery = claim(pk)
            outcome = "taken" if delivery is None else send_claimed(delivery, connection)
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def next_due(batch: str) -> Any:
    return (
        Delivery.objects.filter(batch=batch, status=Delivery.Status.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


def stale_before() -> Any:
    return timezone.now() - timedelta(minutes=int(settings.KLYNGE_MAIL_STALE_MINUTES))


def sweep() -> dict[str, Any]:
    """Fail rows stuck in 'sending' (their worker died) and list what is due again.

    Returns {"interrupted": n, "due": [single row ids], "batches": [batch names with due rows]}.
    """
    interrupted = Delivery.objects.filter(
        status=Delivery.Status.SENDING, updated_at__lt=stale_before()
    ).update(status=Delivery.Status.FAILED, last_error=INTERRUPTED, updated_at=timezone.now())
    due = Q(status=Delivery.Status.QUEUED) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )
    singles = list(
        Delivery.objects.filter(due, batch="", updated_at__lt=timezone.now() - timedelta(minutes=1))
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    batches = sorted(
        set(Delivery.objects.filter(due).exclude(batch="").values_list("batch", flat=True))
    )
    return {"interrupted": interrupted, "due": singles, "batches": batches}
