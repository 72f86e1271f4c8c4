"""News on other apps' pages: the cluster profile, the team's cluster card, a member's home page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from klynge.accounts.typing import Viewer


def _cluster_news(viewer: Viewer, cluster: Any) -> dict[str, Any]:
    from .permissions import can_manage_news
    from .selectors import post_list_visible

    return {
        "cluster": cluster,
        "posts": list(post_list_visible(viewer=viewer, cluster=cluster)[:3]),
        "can_manage": can_manage_news(viewer, cluster),
    }


def _member_news(viewer: Viewer, scope: Any) -> dict[str, Any]:
    from .selectors import post_list_latest_for_member

    items = [
        {
            "text": post.title,
            "url": post.get_absolute_url(),
            "meta": f"{post.cluster.short_name} · "
            + formats.date_format(post.publish_at, "SHORT_DATE_FORMAT"),  # type: ignore[arg-type]  # published posts: set
        }
        for post in post_list_latest_for_member(viewer=viewer)
    ]
    return {"title": _("News from your clusters"), "items": items, "empty": _("No news yet.")}


def _news_url(cluster: Any) -> str:
    return reverse("communication:news", args=[cluster.slug])


def register_sections() -> None:
    from klynge.core import navigation
    from klynge.core.extensions import Section, register
    from klynge.core.permissions import everyone

    from .permissions import can_manage_newsletters, can_read_news_from_own_clusters

    register(
        "cluster_sections",
        Section(
            "news",
            gettext_lazy("News"),
            "communication/_cluster_news.html",
            _cluster_news,
            order=3,
        ),
    )
    register(
        "home",
        Section(
            "member-news",
            gettext_lazy("News from your clusters"),
            "components/home_widget.html",
            _member_news,
            order=15,
            visible=lambda viewer, scope: can_read_news_from_own_clusters(viewer),
        ),
    )
    navigation.add("cluster", "news", gettext_lazy("News"), _news_url, everyone, order=15)
    navigation.add(
        "cluster",
        "newsletters",
        gettext_lazy("Newsletters"),
        "communication:newsletters",
        can_manage_newsletters,
        order=16,
    )
