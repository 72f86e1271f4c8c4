"""The project: kind, status (changed only through the workflow), dates, lineage and budget."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.models import TimeStampedModel
from klynge.core.weblinks import WebURLField


class Project(TimeStampedModel):
    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        COLLABORATION = "collaboration", _("Collaboration project")
        FEASIBILITY = "feasibility", _("Feasibility study")
        PRE_PROJECT = "pre_project", _("Pre-project")
        MAIN_PROJECT = "main_project", _("Main project")
        INTERNATIONAL = "international", _("EU/international project")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        FORMING = "forming_consortium", _("Forming consortium")
        PLANNED = "planned", _("Planned")
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    lead_cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("lead cluster"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    clusters = models.ManyToManyField(
        Cluster,
        verbose_name=_("other participating clusters"),
        blank=True,
        related_name="participating_projects",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.COLLABORATION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="projects"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("follows"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        editable=False,
    )
    origin_idea = models.OneToOneField(
        "projects.Idea",
        verbose_name=_("from idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project",
        editable=False,
    )
    funder = models.CharField(_("funder or programme"), max_length=200, blank=True)
    funder_reference = models.CharField(
        _("funder's case number"), max_length=100, blank=True, db_index=True
    )
    website = WebURLField(_("project website"), blank=True)
    total_eligible_cost = models.PositiveBigIntegerField(
        _("total eligible cost (NOK)"), null=True, blank=True
    )
    private_cash = models.PositiveBigIntegerField(_("private cash (NOK)"), default=0)
    in_kind = models.PositiveBigIntegerField(_("in-kind (NOK)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="projects_project_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("pk")),
                name="projects_project_not_own_predecessor",
            ),
        ]
        indexes = [
            models.Index(fields=["lead_cluster", "status"]),
            models.Index(fields=["lead_cluster", "kind"]),
            models.Index(fields=["start_date", "end_date"]),
        ]

    def __str__(self) -> str:
        if self.acronym and self.acronym.casefold() not in self.title.casefold():
            return f"{self.title} ({self.acronym})"
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def audit_cluster_id(self) -> int:
        return self.lead_cluster_id

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


CLOSED_STATUSES = frozenset(
    {Project.Status.COMPLETED, Project.Status.CANCELLED, Project.Status.REJECTED}
)
