"""Figures communication adds to other apps' documents: news and newsletters in a period.

The annual report (owned by the programme, which may not import this app) gets its news figures
from here: `register()` runs in `CommunicationConfig.ready()`. A scope is anything with
`cluster_id`, `begin` and `finish` (see `klynge.core.extensions.register_figures`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.core.extensions import register_figures
from klynge.core.figures import SUM, FigureSource

from .models import Newsletter, Post

ANNUAL_REPORT = "annual_report"


def news_posts(scope: Any) -> QuerySet:
    return Post.objects.filter(
        cluster_id=scope.cluster_id, publish_at__gte=scope.begin, publish_at__lte=scope.finish
    ).select_related("cluster")


def newsletters_sent(scope: Any) -> QuerySet:
    return Newsletter.objects.filter(
        cluster_id=scope.cluster_id,
        status=Newsletter.Status.QUEUED,
        send_at__gte=scope.begin,
        send_at__lte=scope.finish,
    ).select_related("cluster")


def register() -> None:
    register_figures(
        ANNUAL_REPORT,
        [
            FigureSource("news.posts", "reach", _("News posts published"), news_posts),
            FigureSource("news.newsletters", "reach", _("Newsletters sent"), newsletters_sent),
            FigureSource(
                "news.recipients",
                "reach",
                _("Newsletter recipients (sum over sendings)"),
                newsletters_sent,
                measure=SUM,
                column="recipients",
            ),
        ],
        order=200,
    )
