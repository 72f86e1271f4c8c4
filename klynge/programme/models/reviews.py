"""Evaluator assignments with conflict-of-interest declarations, and scores per criterion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel

from .applications import Application
from .frameworks import Criterion


class ReviewAssignment(TimeStampedModel):
    class Conflict(models.TextChoices):
        PENDING = "pending", _("Not declared yet")
        NONE = "none", _("No conflict of interest")
        DECLARED = "declared", _("Conflict of interest declared")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        SUBMITTED = "submitted", _("Review submitted")
        RECUSED = "recused", _("Recused")

    class Recommendation(models.TextChoices):
        FUND = "fund", _("Fund")
        FUND_WITH_CONDITIONS = "fund_with_conditions", _("Fund with conditions")
        DO_NOT_FUND = "do_not_fund", _("Do not fund")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    flagged_conflict = models.CharField(
        _("flagged by Klynge"),
        max_length=300,
        blank=True,
        help_text=_("The evaluator's own organisation is a partner in the project."),
    )
    conflict = models.CharField(
        _("conflict of interest"), max_length=12, choices=Conflict.choices, default=Conflict.PENDING
    )
    conflict_note = models.TextField(_("conflict of interest: details"), blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED, db_index=True
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=24, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"],
                name="programme_assignment_once_per_evaluator",
                violation_error_message=_("This evaluator is already assigned."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} – {self.application}"

    @property
    def audit_cluster_id(self) -> int:
        return self.application.cluster_id

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ReviewScore(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        ordering = ["assignment", "criterion__position", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="programme_review_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.score}"
