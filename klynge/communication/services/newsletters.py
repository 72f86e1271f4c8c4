"""Newsletters: compose, test-send to oneself, queue for a time (or now), cancel; cluster settings.

Queueing writes one delivery row per address of the audience in chunks (bulk inserts from a
streamed query: flat memory), each due at its own time so that the cluster's rate holds; the
notifications hub sends them in the background, renders each when it goes out and checks consent
again then. The same newsletter can never be queued twice for one address (the row's unique key).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.notifications.models import Delivery
from klynge.notifications.rendering import Recipient
from klynge.notifications.services import delivery_key, notify
from klynge.notifications.tasks import start_batch

from ..letters import KIND, TEMPLATE, newsletter_context, unsubscribe_headers
from ..models import Newsletter, NewsletterItem, NewsletterSettings, Post
from ..selectors.audience import audience_rows, clean_audience

CHUNK = 2000


def settings_for(cluster: Any) -> NewsletterSettings:
    found, _created = NewsletterSettings.objects.get_or_create(
        cluster_id=getattr(cluster, "pk", cluster)
    )
    return found


@transaction.atomic
def newsletter_settings_update(
    *, actor: Actor, cluster: Any, track_clicks: bool, rate_per_minute: int
) -> NewsletterSettings:
    if not 1 <= rate_per_minute <= 100_000:
        raise DomainError(
            _("Choose between 1 and 100,000 messages per minute."), field="rate_per_minute"
        )
    found = settings_for(cluster)
    found.track_clicks = track_clicks
    found.rate_per_minute = rate_per_minute
    found.save()
    log_action(
        actor=actor,
        action="klynge.communication.newsletter_settings.changed",
        target=found,
        cluster=cluster,
        data={"track_clicks": track_clicks, "rate_per_minute": rate_per_minute},
    )
    return found


def _check(newsletter: Newsletter) -> None:
    if not (newsletter.subject_nb.strip() or newsletter.subject_en.strip()):
        raise DomainError(
            _("Give the newsletter a subject in at least one language."), field="subject_nb"
        )


def _set_posts(newsletter: Newsletter, post_ids: Iterable[int]) -> None:
    ids = list(dict.fromkeys(int(pk) for pk in post_ids))
    found = set(
        Post.objects.filter(cluster_id=newsletter.cluster_id, pk__in=ids).values_list(
            "pk", flat=True
        )
    )
    if set(ids) - found:
        raise DomainError(_("Choose posts of this cluster."), field="posts")
    NewsletterItem.objects.filter(newsletter=newsletter).delete()
    NewsletterItem.objects.bulk_create(
        [NewsletterItem(newsletter=newsletter, post_id=pk, position=i) for i, pk in enumerate(ids)]
    )


def _ensure_draft(newsletter: Newsletter) -> None:
    if newsletter.status != Newsletter.Status.DRAFT:
        raise ConflictError(_("Only a draft can be changed."), code="not_draft")


@transaction.atomic
def newsletter_create(
    *,
    actor: Actor,
    cluster: Any,
    subject_nb: str = "",
    subject_en: str = "",
    intro_nb: str = "",
    intro_en: str = "",
    posts: Iterable[int] = (),
    audience: dict[str, Any] | None = None,
) -> Newsletter:
    newsletter = Newsletter(
        cluster=cluster,
        subject_nb=subject_nb,
        subject_en=subject_en,
        intro_nb=intro_nb,
        intro_en=intro_en,
        audience=clean_audience(audience or {"members": True, "subscribers": True}),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _check(newsletter)
    newsletter.save()
    _set_posts(newsletter, posts)
    log_action(actor=actor, action="klynge.communication.newsletter.created", target=newsletter)
    return newsletter


@transaction.atomic
def newsletter_update(
    *, actor: Actor, newsletter: Newsletter, posts: Iterable[int] | None = None, **fields: Any
) -> Newsletter:
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    _ensure_draft(newsletter)
    allowed = {"subject_nb", "subject_en", "intro_nb", "intro_en", "audience"}
    if set(fields) - allowed:
        raise TypeError(f"unknown fields: {sorted(set(fields) - allowed)}")
    if "audience" in fields:
        fields["audience"] = clean_audience(fields["audience"] or {})
    for name, value in fields.items():
        setattr(newsletter, name, value)
    _check(newsletter)
    newsletter.save()
    if posts is not None:
        _set_posts(newsletter, posts)
    log_action(
        actor=actor,
        action="klynge.communication.newsletter.updated",
        target=newsletter,
        data={"changed": sorted(fields) + (["posts"] if posts is not None else [])},
    )
    return newsletter


def newsletter_test_send(*, actor: Actor, newsletter: Newsletter) -> None:
    """Mail the newsletter to the actor, as a reader would get it (links and all)."""
    language = getattr(actor, "language", "") or "nb"
    context = newsletter_context(newsletter, email=actor.email, language=language)
    context["subject"] = "[TEST] " + context["subject"]
    notify(
        kind="communication.newsletter_test",
        to=Recipient(email=actor.email, language=language, name=getattr(actor, "full_name", "")),
        template=TEMPLATE,
        context=context,
        cluster=newsletter.cluster_id,
        headers=unsubscribe_headers(context),
    )
    log_action(actor=actor, action="klynge.communication.newsletter.tested", target=newsletter)


def queue_rows(newsletter: Newsletter, *, start: datetime.datetime, rate: int) -> int:
    """Write the delivery rows of the audience in chunks; row i is due at start + i/rate minutes.

    Returns how many rows the newsletter has. Addresses repeated in the audience (or rows already
    written by an earlier, interrupted call) are skipped by the rows' unique key.
    """
    batch = newsletter.batch
    step = datetime.timedelta(minutes=1) / max(rate, 1)
    key = f"newsletter:{newsletter.pk}"
    rows: list[Delivery] = []
    for index, (email, name, language) in enumerate(audience_rows(newsletter, chunk=CHUNK)):
        rows.append(
            Delivery(
                kind=KIND,
                key=delivery_key(key, email),
                to_email=email,
                to_name=(name or "")[:200],
                language=language or "nb",
                cluster_id=newsletter.cluster_id,
                batch=batch,
                next_attempt_at=start + step * index,
            )
        )
        if len(rows) >= CHUNK:
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return Delivery.objects.filter(batch=batch).count()


@transaction.atomic
def newsletter_queue(
    *, actor: Actor, newsletter: Newsletter, send_at: datetime.datetime | None = None
) -> Newsletter:
    """Queue the newsletter for its audience: now, or at `send_at` (a scheduled newsletter).

    The audience is taken now; whoever withdraws consent before their mail goes out is skipped.
    """
    newsletter = (
        Newsletter.objects.select_for_update().select_related("cluster").get(pk=newsletter.pk)
    )
    _ensure_draft(newsletter)
    if not newsletter.items.exists():
        raise DomainError(_("Choose at least one post."), field="posts")
    now = timezone.now()
    start = max(send_at or now, now)
    settings = settings_for(newsletter.cluster_id)
    newsletter.status = Newsletter.Status.QUEUED
    newsletter.send_at = start
    newsletter.queued_at = now
    newsletter.rate_per_minute = settings.rate_per_minute
    newsletter.track_clicks = settings.track_clicks
    newsletter.save()
    newsletter.recipients = queue_rows(newsletter, start=start, rate=newsletter.rate_per_minute)
    if newsletter.recipients == 0:
        raise DomainError(
            _("Nobody in this audience has agreed to get newsletters."), field="audience"
        )
    newsletter.save(update_fields=["recipients", "updated_at"])
    log_action(
        actor=actor,
        action="klynge.communication.newsletter.queued",
        target=newsletter,
        data={
            "send_at": start,
            "recipients": newsletter.recipients,
            "rate": newsletter.rate_per_minute,
        },
    )
    if start <= now:
        transaction.on_commit(lambda: start_batch(newsletter.batch))
    else:
        transaction.on_commit(lambda: _start_later(newsletter.batch, start))
    return newsletter


def _start_later(batch: str, when: datetime.datetime) -> None:
    from klynge.notifications.tasks import can_defer, deliver_batch

    if can_defer():
        deliver_batch.using(run_after=when).enqueue(batch)
    # Otherwise `manage.py send_queued_mail` (cron) starts it when its first rows fall due.


@transaction.atomic
def newsletter_cancel(*, actor: Actor, newsletter: Newsletter) -> int:
    """Stop a queued newsletter: rows not sent yet are skipped. Returns how many were stopped."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.status != Newsletter.Status.QUEUED:
        raise ConflictError(_("Only a queued newsletter can be stopped."), code="not_queued")
    stopped = Delivery.objects.filter(batch=newsletter.batch, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED,
        last_error="Stopped by the sender.",
        updated_at=timezone.now(),
    )
    newsletter.status = Newsletter.Status.CANCELLED
    newsletter.save(update_fields=["status", "updated_at"])
    log_action(
        actor=actor,
        action="klynge.communication.newsletter.cancelled",
        target=newsletter,
        data={"stopped": stopped},
    )
    return stopped
