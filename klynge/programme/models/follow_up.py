"""Follow-up of funded projects: the reporting plan an approved application gets (progress reports
on dates from the call and a final report), what the cluster reports, and the officer's review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel

from .applications import Application


class FollowUpReport(TimeStampedModel):
    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        FINAL = "final", _("Final report")

    class Status(models.TextChoices):
        DUE = "due", _("To be written")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="follow_up_reports"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    due_on = models.DateField(_("due"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DUE, editable=False
    )
    outcomes_text = models.TextField(_("Outcomes against the project's objectives"), blank=True)
    outcomes = models.JSONField(_("outcomes to record"), default=list, blank=True)
    budget = models.PositiveBigIntegerField(_("budget (NOK)"), default=0)
    spent = models.PositiveBigIntegerField(_("spent so far (NOK)"), default=0)
    spending_text = models.TextField(_("Spending against the budget"), blank=True)
    contributions_text = models.TextField(_("Partners' contributions"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("programme officer's comment"), blank=True)
    reminded_before_on = models.DateField(null=True, blank=True)
    reminded_overdue_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "number"], name="programme_follow_up_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        if self.kind == self.Kind.FINAL:
            return str(_("Final report"))
        return str(_("Progress report %(n)s") % {"n": self.number})

    def get_absolute_url(self) -> str:
        return reverse("programme:follow_up", args=[self.pk])

    @property
    def audit_cluster_id(self) -> int:
        return self.application.cluster_id

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DUE, self.Status.CHANGES)
