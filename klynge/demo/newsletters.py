"""Demo newsletters of NCE Smart Energy Markets: three sent issues with statistics (deliveries,
clicks, an unsubscribe), one draft, and a few external subscribers. Fictional content; the readers
are the demo's consenting member contacts. Idempotent (natural keys, fixed seed)."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster
from klynge.communication.models import (
    Newsletter,
    NewsletterEvent,
    NewsletterItem,
    NewsletterSettings,
    Post,
    Subscriber,
)
from klynge.communication.selectors.audience import audience_people
from klynge.communication.tokens import reader_hash
from klynge.core.links import absolute_url
from klynge.notifications.models import Delivery
from klynge.notifications.services import delivery_key

SEED = 2020_11_20
SUBSCRIBERS = ("reader.one@example.org", "reader.two@example.org", "pending.reader@example.org")
ISSUES = (
    # subject_en, subject_nb, days ago, how many posts
    (
        "Mature cluster: what it means for members",
        "Moden klynge: hva det betyr for medlemmene",
        60,
        2,
    ),
    ("News from the cluster (fictional)", "Nytt fra klyngen (fiktivt)", 30, 2),
    ("This month in NCE SEM (fictional)", "Denne måneden i NCE SEM (fiktivt)", 3, 3),
)


def _subscribers(cluster: Cluster) -> None:
    now = timezone.now()
    for email in SUBSCRIBERS:
        confirmed = not email.startswith("pending")
        Subscriber.objects.update_or_create(
            cluster=cluster,
            email=email,
            defaults={
                "name": "Demo reader (fictional)",
                "language": "nb",
                "status": "confirmed" if confirmed else "pending",
                "confirmed_at": now if confirmed else None,
            },
        )


def _issue(
    cluster: Cluster, spec: tuple, posts: list[Post], author: Actor | None, rng: random.Random
) -> None:
    subject_en, subject_nb, days, count = spec
    sent_at = timezone.now().replace(
        hour=9, minute=0, second=0, microsecond=0
    ) - datetime.timedelta(days=days)
    newsletter, _created = Newsletter.objects.update_or_create(
        cluster=cluster,
        subject_en=subject_en,
        defaults={
            "subject_nb": subject_nb,
            "intro_en": "Dear members, here is what happened. *Fictional demo text.*",
            "intro_nb": "Kjære medlemmer, her er det som har skjedd. *Fiktiv demotekst.*",
            "audience": {"members": True, "subscribers": True},
            "status": Newsletter.Status.QUEUED,
            "send_at": sent_at,
            "queued_at": sent_at,
            "created_by": author,
            "rate_per_minute": 600,
            "track_clicks": True,
        },
    )
    NewsletterItem.objects.filter(newsletter=newsletter).delete()
    NewsletterItem.objects.bulk_create(
        [
            NewsletterItem(newsletter=newsletter, post=post, position=i)
            for i, post in enumerate(posts[:count])
        ]
    )
    readers = list(audience_people(newsletter).values_list("email", "full_name", "language"))
    readers += [(email, "", "nb") for email in SUBSCRIBERS if not email.startswith("pending")]
    Delivery.objects.filter(batch=newsletter.batch).delete()
    rows = []
    for index, (email, name, language) in enumerate(readers):
        failed = index % 23 == 7
        rows.append(
            Delivery(
                kind="communication.newsletter",
                key=delivery_key(f"newsletter:{newsletter.pk}", email),
                to_email=email,
                to_name=name[:200],
                language=language or "nb",
                cluster_id=cluster.pk,
                batch=newsletter.batch,
                subject=newsletter.subject_in(language or "nb"),
                status="failed" if failed else "sent",
                attempts=5 if failed else 1,
                last_error="SMTPRecipientsRefused: mailbox unavailable (demo)" if failed else "",
                next_attempt_at=sent_at + datetime.timedelta(seconds=index / 10),
                sent_at=None if failed else sent_at + datetime.timedelta(seconds=index / 10),
            )
        )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    newsletter.recipients = len(rows)
    newsletter.save(update_fields=["recipients"])
    NewsletterEvent.objects.filter(newsletter=newsletter).delete()
    events = []
    for email, _name, _language in rng.sample(
        readers, k=min(len(readers), max(1, len(readers) // 3))
    ):
        post = rng.choice(posts[:count])
        events.append(
            NewsletterEvent(
                newsletter=newsletter,
                kind="click",
                reader=reader_hash(newsletter.pk, email),
                url=absolute_url(post.get_absolute_url()),
            )
        )
    if readers:
        events.append(
            NewsletterEvent(
                newsletter=newsletter,
                kind="unsubscribe",
                reader=reader_hash(newsletter.pk, "left@example.org"),
            )
        )
    NewsletterEvent.objects.bulk_create(events)


def load() -> None:
    cluster = Cluster.objects.filter(slug="nce-smart-energy-markets").first()
    if cluster is None:
        return
    rng = random.Random(SEED)
    author = get_user_model().objects.filter(email="manager@nce-sem.demo").first()
    NewsletterSettings.objects.update_or_create(
        cluster=cluster, defaults={"track_clicks": True, "rate_per_minute": 600}
    )
    _subscribers(cluster)
    posts = list(
        Post.objects.filter(cluster=cluster, publish_at__lte=timezone.now()).order_by(
            "-pinned", "-publish_at"
        )
    )
    if not posts:
        return
    for spec in ISSUES:
        _issue(cluster, spec, posts, author, rng)
    draft, _created = Newsletter.objects.update_or_create(
        cluster=cluster,
        subject_en="Draft: next issue (fictional)",
        defaults={
            "subject_nb": "Utkast: neste utgave (fiktivt)",
            "intro_en": "Work in progress.",
            "intro_nb": "Under arbeid.",
            "audience": {"members": True, "subscribers": True},
            "status": Newsletter.Status.DRAFT,
            "created_by": author,
        },
    )
    NewsletterItem.objects.get_or_create(newsletter=draft, post=posts[0])
