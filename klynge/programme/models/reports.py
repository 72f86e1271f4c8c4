"""Annual results reports: pre-filled figures from Klynge's data plus the cluster's narrative."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel

NARRATIVE_FIELDS = (
    "highlights",
    "members_text",
    "activities_text",
    "projects_text",
    "international_text",
    "learning_text",
    "plans_text",
)


class AnnualReport(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for changes")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    figures_as_of = models.DateField(_("figures as of"), null=True, blank=True)
    figures_refreshed_at = models.DateTimeField(null=True, blank=True)
    highlights = models.TextField(_("Highlights of the year"), blank=True)
    members_text = models.TextField(_("Members and composition"), blank=True)
    activities_text = models.TextField(_("Meeting places and services"), blank=True)
    projects_text = models.TextField(_("Projects and results"), blank=True)
    international_text = models.TextField(_("International orientation"), blank=True)
    learning_text = models.TextField(_("Competence and courses"), blank=True)
    plans_text = models.TextField(_("Plans for next year"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("programme officer's comment"), blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "cluster__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="programme_report_once_per_year",
                violation_error_message=_("The cluster already has a report for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="programme_report_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("programme:report", args=[self.pk])

    @property
    def audit_cluster_id(self) -> int:
        return self.cluster_id

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReportCorrection(TimeStampedModel):
    """A cluster's correction of one computed figure; the computed value stays beside it."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="corrections")
    key = models.CharField(_("figure"), max_length=80)
    value = models.DecimalField(_("corrected value"), max_digits=16, decimal_places=2)
    computed = models.DecimalField(
        _("computed value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=500)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("correction of a figure")
        verbose_name_plural = _("corrections of figures")
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key"], name="programme_correction_once_per_figure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.key}"

    @property
    def audit_cluster_id(self) -> int:
        return self.report.cluster_id
