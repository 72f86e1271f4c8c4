"""Assessments of a cluster against a framework: computed snapshot, scores, decision."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel
from klynge.core.weblinks import WebURLField

from .frameworks import Criterion, Framework
from .labels import CertificationLabel
from .levels import Level


class Assessment(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment by the cluster")
        IN_REVIEW = "in_review", _("In review")
        DECIDED = "decided", _("Decided")

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="assessments"
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=20, help_text=_("For example 2020."))
    as_of = models.DateField(
        _("figures as of"), help_text=_("The date the computed indicators describe.")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        db_index=True,
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assessors"), blank=True, related_name="+"
    )
    computed_at = models.DateTimeField(_("indicators computed"), null=True, blank=True)
    total_points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    granted_level = models.ForeignKey(
        Level,
        verbose_name=_("level granted"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.ForeignKey(
        CertificationLabel,
        verbose_name=_("label"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-as_of", "cluster__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "framework", "period"],
                name="programme_assessment_once_per_period",
                violation_error_message=_(
                    "The cluster already has an assessment with this framework for this period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="decided") | Q(outcome=""),
                name="programme_assessment_outcome_only_when_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} – {self.framework} ({self.period})"

    @property
    def audit_cluster_id(self) -> int:
        return self.cluster_id

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED


class AssessmentItem(models.Model):
    """One criterion of an assessment: the computed snapshot (value, points, inputs) and scores."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    computed_value = models.FloatField(_("computed value"), null=True, blank=True)
    computed_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    self_score = models.DecimalField(
        _("self-assessment"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    self_comment = models.TextField(_("cluster's comment"), blank=True)
    score = models.DecimalField(
        _("assessor's score"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    comment = models.TextField(_("assessor's comment"), blank=True)
    evidence_url = WebURLField(_("evidence link"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["assessment", "criterion__position", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="programme_item_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.criterion.code}"

    @property
    def points(self) -> Decimal | None:
        """The points that count: the assessor's score, else the computed points."""
        return self.score if self.score is not None else self.computed_points
