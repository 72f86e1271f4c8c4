"""Newsletters: chosen posts plus an intro, an audience as data, sent at a time at a rate; external
subscribers (double opt-in); clicks and unsubscribes for the statistics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel

from .posts import Post, in_language


def default_rate() -> int:
    return int(settings.KLYNGE_NEWSLETTER_RATE)


class NewsletterSettings(models.Model):
    """A cluster's choices for its newsletters."""

    cluster = models.OneToOneField(
        Cluster, on_delete=models.CASCADE, related_name="newsletter_settings"
    )
    track_clicks = models.BooleanField(
        _("count clicks on links"),
        default=True,
        help_text=_("Links go through Klynge to be counted. Switch off to link directly."),
    )
    rate_per_minute = models.PositiveIntegerField(_("messages per minute"), default=default_rate)

    class Meta:
        verbose_name = _("newsletter settings")
        verbose_name_plural = _("newsletter settings")

    def __str__(self) -> str:
        return str(self.cluster)


class Newsletter(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        QUEUED = "queued", _("Queued")  # scheduled or sending or sent: see `state`
        CANCELLED = "cancelled", _("Cancelled")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="newsletters"
    )
    subject_nb = models.CharField(_("subject (Norwegian)"), max_length=200, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    intro_nb = models.TextField(_("introduction (Norwegian, Markdown)"), blank=True)
    intro_en = models.TextField(_("introduction (English, Markdown)"), blank=True)
    posts = models.ManyToManyField(Post, through="NewsletterItem", related_name="newsletters")
    audience = models.JSONField(_("audience"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(default=default_rate)
    track_clicks = models.BooleanField(default=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-send_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(subject_nb="", subject_en=""),
                name="comm_newsletter_has_subject",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def subject(self) -> str:
        return in_language(self.subject_nb, self.subject_en)

    def subject_in(self, language: str) -> str:
        return in_language(self.subject_nb, self.subject_en, language)

    def intro_in(self, language: str) -> str:
        return in_language(self.intro_nb, self.intro_en, language)

    @property
    def batch(self) -> str:
        """The delivery log's name for this newsletter's rows."""
        return f"newsletter:{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("communication:newsletter", args=[self.cluster.slug, self.pk])

    def get_archive_url(self) -> str:
        return reverse("communication:archive_item", args=[self.cluster.slug, self.pk])


class NewsletterItem(models.Model):
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="items")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "post"], name="comm_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.newsletter_id}: {self.post_id}"


class Subscriber(TimeStampedModel):
    """Someone outside the member registry who signed up on the public page (double opt-in)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="subscribers", verbose_name=_("cluster")
    )
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nb"
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.PENDING
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "email"], name="comm_subscriber_unique")
        ]
        indexes = [models.Index(fields=["cluster", "status"], name="comm_subscriber_status")]

    def __str__(self) -> str:
        return self.email


class NewsletterEvent(models.Model):
    """A click on a counted link or an unsubscribe, for a newsletter's statistics.

    The reader is kept only as a hash of their address (unique counts, no personal data)."""

    class Kind(models.TextChoices):
        CLICK = "click", _("Click")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribe")

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reader = models.CharField(max_length=64, blank=True)
    url = models.CharField(max_length=500, blank=True)  # a signed link of ours, not input
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["newsletter", "kind"], name="comm_event_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.newsletter_id}"
