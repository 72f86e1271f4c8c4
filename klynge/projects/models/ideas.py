"""The member-facing ideas board: an idea looking for partners, and who is interested."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.models import TimeStampedModel
from klynge.members.models import Organisation


class Idea(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONVERTED = "converted", _("Turned into a project")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="project_ideas"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("posted for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_ideas",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("the idea"))
    partners_needed = models.TextField(
        _("partners needed"), help_text=_("What kind of partners or competence the idea needs.")
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )

    class Meta:
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["cluster", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:idea", args=[self.pk])

    @property
    def audit_cluster_id(self) -> int:
        return self.cluster_id


class IdeaInterest(models.Model):
    """An organisation is interested in an idea: one row per organisation (a unique constraint)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="idea_interests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest in an idea")
        verbose_name_plural = _("interests in ideas")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "organisation"], name="projects_interest_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.idea}"
