"""Subscribing and unsubscribing: double opt-in for outside readers, one-click unsubscribe (RFC 8058)
and the preferences page for everyone. Every change of consent is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core.audit import log_action
from klynge.core.errors import DomainError
from klynge.core.links import absolute_url
from klynge.members.services.people import person_set_newsletter_consent
from klynge.notifications.rendering import Recipient
from klynge.notifications.services import notify

from .. import tokens
from ..models import Newsletter, NewsletterEvent, Subscriber
from ..selectors.audience import has_consent


@transaction.atomic
def subscription_request(
    *, cluster: Any, email: str, name: str = "", language: str = "nb"
) -> Subscriber | None:
    """Someone signs up on the public page: a confirmation link goes to the address (double opt-in).

    Nothing is subscribed until the link is used. An address that is already subscribed gets no
    mail and the same answer, so the form does not tell who reads the newsletter.
    """
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(_("Enter a valid email address."), field="email") from exc
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
        cluster=cluster, email=email, defaults={"name": name[:150], "language": language}
    )
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return None
    subscriber.name = name[:150] or subscriber.name
    subscriber.language = language
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.PENDING
    subscriber.save()
    link = absolute_url(
        reverse(
            "communication:confirm",
            args=[tokens.confirm_token(subscriber_id=subscriber.pk, email=email)],
        )
    )
    notify(
        kind="communication.subscription_confirm",
        to=Recipient(email=email, language=language, name=subscriber.name),
        template="communication/email/confirm",
        context={"cluster": cluster, "link": link},
        cluster=cluster,
    )
    log_action(
        actor=None,
        action="klynge.communication.subscriber.requested",
        target=subscriber,
        cluster=cluster,
    )
    return subscriber


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber | None:
    """The confirmation link was used: the address is subscribed (None if the link is not valid)."""
    data = tokens.read_confirm(token)
    if data is None:
        return None
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(pk=data["subscriber_id"], email=data["email"])
        .first()
    )
    if subscriber is None:
        return None
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save()
        log_action(
            actor=None,
            action="klynge.communication.subscriber.confirmed",
            target=subscriber,
            cluster=subscriber.cluster_id,
        )
    return subscriber


@transaction.atomic
def unsubscribe(*, cluster_id: int, email: str, newsletter_id: int | None, source: str) -> int:
    """Stop newsletters to this address: the cluster's subscription ends and people with the address
    withdraw their newsletter consent. Counted for the newsletter's statistics. Returns changes."""
    now = timezone.now()
    changed = 0
    for subscriber in Subscriber.objects.select_for_update().filter(
        cluster_id=cluster_id, email__iexact=email, status__in=["pending", "confirmed"]
    ):
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = now
        subscriber.save()
        log_action(
            actor=None,
            action="klynge.communication.subscriber.unsubscribed",
            target=subscriber,
            cluster=cluster_id,
            data={"source": source, "newsletter": newsletter_id},
        )
        changed += 1
    changed += person_set_newsletter_consent(
        actor=None, email=email, given=False, source=source, cluster=cluster_id
    )
    if changed and newsletter_id and Newsletter.objects.filter(pk=newsletter_id).exists():
        NewsletterEvent.objects.create(
            newsletter_id=newsletter_id,
            kind=NewsletterEvent.Kind.UNSUBSCRIBE,
            reader=tokens.reader_hash(newsletter_id, email),
        )
    return changed


@transaction.atomic
def resubscribe(*, cluster: Any, email: str, language: str = "nb") -> None:
    """From the preferences page (a signed link to the reader's own address): back on the list."""
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
        cluster=cluster, email=email.lower(), defaults={"language": language}
    )
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save()
        log_action(
            actor=None,
            action="klynge.communication.subscriber.confirmed",
            target=subscriber,
            cluster=cluster,
            data={"source": "preferences"},
        )


def is_subscribed(*, cluster_id: int, email: str) -> bool:
    return has_consent(cluster_id=cluster_id, email=email)


def click_record(*, token: str) -> str | None:
    """A counted link was followed: record it and return where to go (None if not genuine)."""
    data = tokens.read_click(token)
    if data is None:
        return None
    if Newsletter.objects.filter(pk=data["newsletter_id"]).exists():
        NewsletterEvent.objects.create(
            newsletter_id=data["newsletter_id"],
            kind=NewsletterEvent.Kind.CLICK,
            reader=data["reader"],
            url=data["url"][:500],
        )
    return str(data["url"])
