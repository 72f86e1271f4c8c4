"""What news and newsletters hold about a person: their newsletter subscriptions (by address) and
the posts and newsletters they wrote. Exported with the person; erasure ends the subscriptions and
takes their name off what they wrote (the posts stay: they are the cluster's)."""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Actor
from klynge.core.personal_data import PersonalData, register_personal_data

from .models import Newsletter, Post, Subscriber


def export_newsletters(person: Any) -> dict[str, Any]:
    email = (getattr(person, "email", "") or "").strip()
    user_id = getattr(person, "user_id", None)
    return {
        "subscriptions": [
            {"cluster": row.cluster.name, "status": row.status, "since": row.created_at}
            for row in Subscriber.objects.filter(email__iexact=email).select_related("cluster")
        ]
        if email
        else [],
        "posts_written": list(
            Post.objects.filter(author_id=user_id).values_list("title_en", "title_nb")
        )
        if user_id
        else [],
    }


def erase_newsletters(*, actor: Actor | None, person: Any) -> None:
    email = (getattr(person, "email", "") or "").strip()
    if email:
        Subscriber.objects.filter(email__iexact=email).delete()
    user_id = getattr(person, "user_id", None)
    if user_id:
        Post.objects.filter(author_id=user_id).update(author=None)
        Newsletter.objects.filter(created_by_id=user_id).update(created_by=None)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="news_and_newsletters",
            fields={
                "communication.Subscriber": ("email", "name"),
                "communication.Post": ("author",),
            },
            export=export_newsletters,
            erase=erase_newsletters,
            order=95,
        )
    )
