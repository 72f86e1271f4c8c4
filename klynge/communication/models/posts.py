"""Cluster news: posts in Norwegian and English (Markdown), public or for members, published at a date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel


def in_language(nb: str, en: str, language: str | None = None) -> str:
    """The text in `language` (the active one by default), else in the other language."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    first, second = (nb, en) if language.startswith("nb") else (en, nb)
    return first or second


class Post(TimeStampedModel):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members only")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="posts"
    )
    title_nb = models.CharField(_("title (Norwegian)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_nb = models.TextField(_("summary (Norwegian)"), max_length=600, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    body_nb = models.TextField(_("text (Norwegian, Markdown)"), blank=True)
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    image = models.ImageField(_("image"), upload_to="news/%Y/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    publish_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-pinned", "-publish_at", "-pk"]
        indexes = [models.Index(fields=["cluster", "publish_at"], name="comm_post_cluster_pub")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_nb="", title_en=""), name="comm_post_has_title"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_nb, self.title_en)

    @property
    def summary(self) -> str:
        return in_language(self.summary_nb, self.summary_en)

    @property
    def body(self) -> str:
        return in_language(self.body_nb, self.body_en)

    def title_in(self, language: str) -> str:
        return in_language(self.title_nb, self.title_en, language)

    def summary_in(self, language: str) -> str:
        return in_language(self.summary_nb, self.summary_en, language)

    @property
    def is_published(self) -> bool:
        return self.publish_at is not None and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.publish_at is not None and self.publish_at > timezone.now()

    def get_absolute_url(self) -> str:
        return reverse("communication:post", args=[self.cluster.slug, self.pk])
