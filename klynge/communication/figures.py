"""Communication figures of a cluster over a date range, for apps that may not import this one
(the programme's communication indicator reads them through `core.extensions.figures`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import Newsletter, Post, Subscriber


def _bounds(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    def aware(day: datetime.date, at: datetime.time) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, at))

    return aware(start, datetime.time.min), aware(end, datetime.time.max)


def communication_figures(
    cluster_id: int, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """Published news posts, newsletters sent and their recipients, and confirmed subscribers
    (three queries)."""
    low, high = _bounds(start, end)
    posts = Post.objects.filter(
        cluster_id=cluster_id, publish_at__gte=low, publish_at__lte=min(high, timezone.now())
    ).aggregate(n=Count("pk"), public=Count("pk", filter=Q(visibility=Post.Visibility.PUBLIC)))
    letters = Newsletter.objects.filter(
        cluster_id=cluster_id,
        status=Newsletter.Status.QUEUED,
        send_at__gte=low,
        send_at__lte=min(high, timezone.now()),
    ).aggregate(n=Count("pk"), recipients=Sum("recipients"))
    subscribers = Subscriber.objects.filter(
        cluster_id=cluster_id, status=Subscriber.Status.CONFIRMED
    ).count()
    return {
        "news_posts": posts["n"],
        "public_news_posts": posts["public"],
        "newsletters_sent": letters["n"],
        "newsletter_recipients": letters["recipients"] or 0,
        "subscribers": subscribers,
    }
