"""The one way Klynge sends mail: `notify` after commit, through the task queue, logged per recipient.

    notify(kind="events.reminder", to=Recipient.of(person), template="events/email/reminder",
           context={...}, cluster=event.cluster_id, key=f"event-reminder:{registration.pk}")

Nothing is rendered or sent until the surrounding transaction commits (nothing at all if it rolls
back). Then each recipient gets a `Delivery` row, rendered in their language, and a background task
sends it. The same `key` never makes a second row for the same address, so a retried caller never
mails twice; optional kinds that an address switched off are logged as skipped.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from klynge.core.audit import log_action
from klynge.core.typing import BaseActor

from . import kinds
from .models import Delivery, MutedKind
from .rendering import Attachment, Recipient, language_for, render

__all__ = ["Attachment", "Recipient", "notify", "preferences_set"]

MAX_KEY = 200
MUTED_NOTE = "Switched off by the recipient."


def delivery_key(key: str, email: str) -> str:
    """The row's idempotency key: the caller's key per address (hashed when it would be too long)."""
    full = f"{key}:{email.lower()}"
    if len(full) <= MAX_KEY:
        return full
    return f"{key[:100]}:sha256:{hashlib.sha256(full.encode()).hexdigest()}"


def _attachment_json(attachment: Attachment) -> dict[str, str]:
    content = attachment.content
    if isinstance(content, bytes):
        try:
            text, encoding = content.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = base64.b64encode(content).decode("ascii"), "base64"
    else:
        text, encoding = content, "utf-8"
    return {
        "filename": attachment.filename,
        "mimetype": attachment.mimetype,
        "content": text,
        "encoding": encoding,
    }


def is_muted(email: str, kind: str) -> bool:
    return MutedKind.objects.filter(email=email.lower(), kind=kind).exists()


def notify(
    *,
    kind: str,
    to: Recipient | Iterable[Recipient],
    template: str,
    context: dict[str, Any] | None = None,
    cluster: Any = None,
    attachments: Sequence[Attachment] = (),
    headers: dict[str, str] | None = None,
    key: str = "",
) -> None:
    """Queue a mail of `kind` to each recipient once the current transaction commits.

    `template` names the text/HTML/subject templates (see `rendering`), `context` fills them;
    `cluster` (object or id) scopes the log for the cluster's team; `key` makes the call idempotent
    per address (a fresh one is made when empty).
    """
    kinds.get(kind)  # unknown kinds fail at the call site, not after commit
    recipients = [to] if isinstance(to, Recipient) else list(to)
    transaction.on_commit(
        partial(
            _queue,
            kind=kind,
            recipients=recipients,
            template=template,
            context=dict(context or {}),
            cluster_id=getattr(cluster, "pk", cluster),
            attachments=list(attachments),
            headers=dict(headers or {}),
            key=key or uuid.uuid4().hex,
        )
    )


def _queue(
    *,
    kind: str,
    recipients: list[Recipient],
    template: str,
    context: dict[str, Any],
    cluster_id: int | None,
    attachments: list[Attachment],
    headers: dict[str, str],
    key: str,
) -> list[int]:
    from .tasks import deliver

    transactional = kinds.get(kind).transactional
    queued: list[int] = []
    seen: set[str] = set()
    for recipient in recipients:
        email = recipient.email.strip()
        if not email or email.lower() in seen:
            continue
        seen.add(email.lower())
        row_key = delivery_key(key, email)
        if Delivery.objects.filter(key=row_key).exists():
            continue
        language = language_for(recipient)
        base = {
            "kind": kind,
            "key": row_key,
            "to_email": email,
            "to_name": recipient.name[:200],
            "language": language,
            "cluster_id": cluster_id,
        }
        if not transactional and is_muted(email, kind):
            _create(**base, status=Delivery.Status.SKIPPED, last_error=MUTED_NOTE)
            continue
        rendered = render(template, {**context, "recipient": recipient}, language=language)
        row = _create(
            **base,
            subject=rendered.subject,
            body_text=rendered.text,
            body_html=rendered.html,
            headers={"Content-Language": language, **headers},
            attachments=[_attachment_json(a) for a in attachments],
        )
        if row is not None:
            queued.append(row.pk)
    for pk in queued:
        deliver.enqueue(pk)
    return queued


def _create(**fields: Any) -> Delivery | None:
    try:
        with transaction.atomic():
            return Delivery.objects.create(**fields)
    except IntegrityError:  # the same key was queued meanwhile: it is sent once, by the other
        return None


@transaction.atomic
def preferences_set(*, actor: BaseActor, email: str, enabled: Iterable[str]) -> list[str]:
    """Switch the optional kinds of mail for `email`: those in `enabled` on, the others off.

    Transactional kinds are always on and ignored here. Returns the muted kinds. Audited.
    """
    email = email.strip().lower()
    optional = {kind.key for kind in kinds.optional_kinds()}
    muted = sorted(optional - set(enabled))
    before = set(MutedKind.objects.filter(email=email).values_list("kind", flat=True))
    MutedKind.objects.filter(email=email).exclude(kind__in=muted).delete()
    MutedKind.objects.bulk_create(
        [MutedKind(email=email, kind=kind) for kind in muted if kind not in before]
    )
    if set(muted) != before:
        log_action(
            actor=actor,
            action="klynge.notifications.preferences.changed",
            data={"muted": muted, "before": sorted(before)},
        )
    return muted


def deliveries_forget(*, email: str) -> int:
    """Erase an address from the delivery log and the preferences (anonymisation). Returns rows."""
    email = email.strip()
    if not email:
        return 0
    now = timezone.now()
    count = Delivery.objects.filter(to_email__iexact=email).update(
        key=Concat(Value("erased:"), Cast("pk", CharField())),
        to_email="erased@invalid",
        to_name="",
        body_text="",
        body_html="",
        attachments=[],
        headers={},
        updated_at=now,
    )
    MutedKind.objects.filter(email=email.lower()).delete()
    return count
