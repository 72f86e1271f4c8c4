"""The newsletter as a mail: one recipient's context (their language, their unsubscribe and
preferences links, counted links), and the renderer the hub calls for each delivery row.

Rows are rendered when they are sent, so an edit before sending shows, and consent is checked at
that moment: anyone who unsubscribed after the newsletter was queued is skipped, never mailed.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.core.links import absolute_url
from klynge.notifications.kinds import Kind
from klynge.notifications.rendering import render
from klynge.notifications.sending import Message

from . import tokens
from .markdown import render_markdown
from .models import Newsletter, Post

TEMPLATE = "communication/email/newsletter"
KIND = "communication.newsletter"
KINDS = (
    Kind(
        KIND,
        _("Cluster newsletters"),
        transactional=False,
        help_text=_("Switched on and off per cluster with the link in every newsletter."),
    ),
    Kind("communication.newsletter_test", _("Newsletter test copies (to the sender)")),
    Kind("communication.subscription_confirm", _("Newsletter sign-up confirmations")),
)


def counted(newsletter: Newsletter, url: str, reader: str) -> str:
    """The link as the reader gets it: through the click counter unless the cluster switched it off."""
    if not newsletter.track_clicks:
        return url
    token = tokens.click_token(newsletter_id=newsletter.pk, url=url, reader=reader)
    return absolute_url(reverse("communication:click", args=[token]))


def newsletter_context(
    newsletter: Newsletter, *, email: str, language: str, posts: list[Post] | None = None
) -> dict[str, Any]:
    """Everything the newsletter template needs for one reader."""
    reader = tokens.reader_hash(newsletter.pk, email)
    token = tokens.unsubscribe_token(
        cluster_id=newsletter.cluster_id, email=email, newsletter_id=newsletter.pk
    )
    posts = posts if posts is not None else [item.post for item in newsletter.items.all()]
    return {
        "newsletter": newsletter,
        "cluster": newsletter.cluster,
        "subject": newsletter.subject_in(language),
        "intro": render_markdown(newsletter.intro_in(language)),
        "posts": [
            {
                "title": post.title_in(language),
                "summary": post.summary_in(language),
                "url": counted(newsletter, absolute_url(post.get_absolute_url()), reader),
            }
            for post in posts
        ],
        "web_url": counted(newsletter, absolute_url(newsletter.get_archive_url()), reader),
        "unsubscribe_url": absolute_url(reverse("communication:unsubscribe", args=[token])),
        "manage_url": absolute_url(reverse("communication:preferences", args=[token])),
    }


def unsubscribe_headers(context: dict[str, Any]) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe (with RFC 2369's List-Unsubscribe)."""
    return {
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


_CACHE: dict[int, tuple[Any, Newsletter, list[Post]]] = {}


def _newsletter(pk: int) -> tuple[Newsletter, list[Post]] | None:
    """The newsletter and its posts, cached per process while it is unchanged (a batch of rows)."""
    stamp = Newsletter.objects.filter(pk=pk).values_list("updated_at", flat=True).first()
    if stamp is None:
        return None
    cached = _CACHE.get(pk)
    if cached is None or cached[0] != stamp:
        newsletter = Newsletter.objects.select_related("cluster").get(pk=pk)
        posts = [item.post for item in newsletter.items.select_related("post", "post__cluster")]
        _CACHE.clear()
        _CACHE[pk] = (stamp, newsletter, posts)
    _stamp, newsletter, posts = _CACHE[pk]
    return newsletter, posts


def render_delivery(delivery: Any) -> Message | None:
    """The hub's renderer for newsletter rows; None (skip) when consent is gone or it was cancelled."""
    from .selectors.audience import has_consent

    found = _newsletter(int(delivery.batch.split(":", 1)[1]))
    if found is None:
        return None
    newsletter, posts = found
    if newsletter.status != Newsletter.Status.QUEUED:
        return None
    if not has_consent(cluster_id=newsletter.cluster_id, email=delivery.to_email):
        return None
    language = delivery.language or "nb"
    context = newsletter_context(
        newsletter, email=delivery.to_email, language=language, posts=posts
    )
    rendered = render(TEMPLATE, context, language=language)
    headers = {"Content-Language": language, **unsubscribe_headers(context)}
    return Message(rendered.subject, rendered.text, rendered.html, headers)
