"""Reads of newsletters: lists, a newsletter's state and progress, statistics, the archive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from klynge.notifications.selectors import delivery_counts

from ..models import Newsletter, NewsletterEvent, Subscriber

DRAFT, SCHEDULED, SENDING, SENT, CANCELLED = "draft", "scheduled", "sending", "sent", "cancelled"


@dataclass(frozen=True)
class Stats:
    state: str
    recipients: int
    queued: int
    sent: int
    failed: int
    skipped: int
    unsubscribed: int
    clicks: int
    unique_clicks: int

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.recipients) if self.recipients else 0


def newsletter_stats(newsletter: Newsletter) -> Stats:
    counts = delivery_counts(batch=newsletter.batch)
    events = dict(
        NewsletterEvent.objects.filter(newsletter=newsletter)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    unique = (
        NewsletterEvent.objects.filter(newsletter=newsletter, kind=NewsletterEvent.Kind.CLICK)
        .values("reader")
        .distinct()
        .count()
    )
    waiting = counts["queued"] + counts["sending"]
    return Stats(
        state=newsletter_state(newsletter, waiting=waiting),
        recipients=counts["total"],
        queued=waiting,
        sent=counts["sent"],
        failed=counts["failed"],
        skipped=counts["skipped"],
        unsubscribed=int(events.get(NewsletterEvent.Kind.UNSUBSCRIBE, 0)),
        clicks=int(events.get(NewsletterEvent.Kind.CLICK, 0)),
        unique_clicks=unique,
    )


def newsletter_state(newsletter: Newsletter, *, waiting: int | None = None) -> str:
    if newsletter.status == Newsletter.Status.DRAFT:
        return DRAFT
    if newsletter.status == Newsletter.Status.CANCELLED:
        return CANCELLED
    if newsletter.send_at and newsletter.send_at > timezone.now():
        return SCHEDULED
    if waiting is None:
        counts = delivery_counts(batch=newsletter.batch)
        waiting = counts["queued"] + counts["sending"]
    return SENDING if waiting else SENT


def newsletter_list_for_cluster(*, cluster: Any) -> QuerySet[Newsletter]:
    return Newsletter.objects.filter(cluster=cluster).order_by("-created_at", "-pk")


def newsletter_list_archive(*, cluster: Any) -> QuerySet[Newsletter]:
    """Newsletters that went out (queued, their time come), newest first: the public archive."""
    return Newsletter.objects.filter(
        cluster=cluster, status=Newsletter.Status.QUEUED, send_at__lte=timezone.now()
    ).order_by("-send_at", "-pk")


def newsletter_get(*, pk: int, cluster: Any) -> Newsletter:
    return Newsletter.objects.select_related("cluster").get(pk=pk, cluster=cluster)


def subscriber_list(*, cluster: Any, status: str = "") -> QuerySet[Subscriber]:
    rows = Subscriber.objects.filter(cluster=cluster)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("email")
