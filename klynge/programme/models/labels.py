"""Certification labels (ESCA bronze, silver, gold) with their validity and expiry warnings."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel
from klynge.core.weblinks import WebURLField


def private_storage() -> FileSystemStorage:
    """Files that are only ever served through a view that checks permissions (never /media/)."""
    return FileSystemStorage(location=str(settings.KLYNGE_PRIVATE_MEDIA_ROOT), base_url=None)


class CertificationLabel(TimeStampedModel):
    class Grade(models.TextChoices):
        BRONZE = "bronze", _("Bronze")
        SILVER = "silver", _("Silver")
        GOLD = "gold", _("Gold")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="labels"
    )
    grade = models.CharField(_("label"), max_length=8, choices=Grade.choices)
    awarded_on = models.DateField(_("awarded"))
    valid_until = models.DateField(_("valid until"))
    score_percent = models.DecimalField(
        _("score (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    assessor = models.CharField(_("assessor"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    evidence = models.FileField(
        _("evidence document"), storage=private_storage, upload_to="labels/", blank=True
    )
    evidence_url = WebURLField(_("evidence link"), blank=True)
    note = models.TextField(_("note"), blank=True)
    warned_90_at = models.DateTimeField(_("90-day warning sent"), null=True, blank=True)
    warned_30_at = models.DateTimeField(_("30-day warning sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("certification label")
        verbose_name_plural = _("certification labels")
        ordering = ["cluster", "-awarded_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("awarded_on")),
                name="programme_label_valid_after_award",
                violation_error_message=_("A label must be valid after the day it was awarded."),
            ),
            models.CheckConstraint(
                condition=Q(score_percent__isnull=True)
                | Q(score_percent__gte=0, score_percent__lte=100),
                name="programme_label_score_percent",
            ),
            models.CheckConstraint(
                condition=Q(grade__in=["bronze", "silver", "gold"]), name="programme_label_grade"
            ),
        ]
        indexes = [models.Index(fields=["cluster", "grade", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.cluster} – {self.get_grade_display()} ({self.awarded_on:%Y})"

    @property
    def audit_cluster_id(self) -> int:
        return self.cluster_id


GRADE_RANK = {"bronze": 1, "silver": 2, "gold": 3}
