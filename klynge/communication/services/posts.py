"""Writing news: create, edit, publish (now or at a date), unpublish, pin, delete. Audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import DomainError

from ..models import Post

FIELDS = (
    "title_nb",
    "title_en",
    "summary_nb",
    "summary_en",
    "body_nb",
    "body_en",
    "image",
    "image_alt",
    "visibility",
    "pinned",
)


def _check(post: Post) -> None:
    if not (post.title_nb.strip() or post.title_en.strip()):
        raise DomainError(_("Give the post a title in at least one language."), field="title_nb")
    if post.visibility not in Post.Visibility.values:
        raise DomainError(_("Choose who may read the post."), field="visibility")
    if post.image and not post.image_alt.strip():
        raise DomainError(_("Describe the image for readers who cannot see it."), field="image_alt")


@transaction.atomic
def post_create(
    *, actor: Actor, cluster: Any, publish_at: datetime.datetime | None = None, **fields: Any
) -> Post:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    post = Post(cluster=cluster, author=actor if getattr(actor, "pk", None) else None, **fields)
    post.publish_at = publish_at
    _check(post)
    post.save()
    log_action(
        actor=actor,
        action="klynge.communication.post.created",
        target=post,
        data={"visibility": post.visibility, "publish_at": publish_at},
    )
    return post


@transaction.atomic
def post_update(*, actor: Actor, post: Post, **fields: Any) -> Post:
    unknown = set(fields) - set(FIELDS) - {"publish_at"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    post = Post.objects.select_for_update().get(pk=post.pk)
    changed = sorted(name for name, value in fields.items() if getattr(post, name) != value)
    for name, value in fields.items():
        setattr(post, name, value)
    _check(post)
    post.save()
    if changed:
        log_action(
            actor=actor,
            action="klynge.communication.post.updated",
            target=post,
            data={"changed": changed},
        )
    return post


@transaction.atomic
def post_publish(*, actor: Actor, post: Post, at: datetime.datetime | None = None) -> Post:
    """Publish now, or at `at` (the post stays hidden until then)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.publish_at = at or timezone.now()
    post.save(update_fields=["publish_at", "updated_at"])
    log_action(
        actor=actor,
        action="klynge.communication.post.published",
        target=post,
        data={"publish_at": post.publish_at},
    )
    return post


@transaction.atomic
def post_unpublish(*, actor: Actor, post: Post) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.publish_at = None
    post.save(update_fields=["publish_at", "updated_at"])
    log_action(actor=actor, action="klynge.communication.post.unpublished", target=post)
    return post


@transaction.atomic
def post_delete(*, actor: Actor, post: Post) -> None:
    log_action(
        actor=actor,
        action="klynge.communication.post.deleted",
        target=post,
        data={"title": post.title},
    )
    if post.image:
        post.image.delete(save=False)
    post.delete()
