"""Calls for applications: kind, eligibility as data, dates, quota per cluster per period, limits."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel

from .frameworks import Framework
from .labels import CertificationLabel
from .levels import Level


class Call(TimeStampedModel):
    class Kind(models.TextChoices):
        PRE_PROJECT = "pre_project", _("Pre-project")
        MAIN_PROJECT = "main_project", _("Main project")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.PRE_PROJECT
    )
    allowed_levels = models.ManyToManyField(
        Level,
        verbose_name=_("open to levels"),
        blank=True,
        related_name="calls",
        help_text=_("Leave empty to open the call to every level."),
    )
    label_required = models.CharField(
        _("valid label required"),
        max_length=8,
        choices=CertificationLabel.Grade.choices,
        blank=True,
        help_text=_("The lowest label grade an applicant must hold on the day it submits."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    full_closes_at = models.DateTimeField(
        _("full applications close"),
        null=True,
        blank=True,
        help_text=_("Two-stage calls: the deadline for invited full applications."),
    )
    period = models.CharField(
        _("quota period"),
        max_length=20,
        help_text=_(
            "Applications in calls of the same kind and period share the quota, e.g. 2021."
        ),
    )
    quota_per_cluster = models.PositiveSmallIntegerField(
        _("applications per cluster in the period"),
        null=True,
        blank=True,
        help_text=_(
            "Counted at submission; a withdrawn application frees its place. Empty: no limit."
        ),
    )
    progress_report_months = models.PositiveSmallIntegerField(
        _("progress report every (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("A funded project reports its progress this often, counted from its start."),
    )
    final_report_days = models.PositiveSmallIntegerField(
        _("final report due (days after the end)"),
        default=60,
        validators=[MaxValueValidator(365)],
    )
    max_grant = models.PositiveBigIntegerField(_("maximum grant (NOK)"), null=True, blank=True)
    max_public_share = models.DecimalField(
        _("maximum public share"),
        max_digits=4,
        decimal_places=3,
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Of eligible costs; 0.5 = 50 % (GBER art. 27)."),
    )
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("evaluation criteria"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    two_stage = models.BooleanField(
        _("two stages"),
        default=False,
        help_text=_("A sketch first; invited applicants send a full application."),
    )
    reviews_per_application = models.PositiveSmallIntegerField(
        _("evaluators per application"), default=2
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="programme_call_closes_after_opening",
                violation_error_message=_("The call must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(max_public_share__gte=0, max_public_share__lte=1),
                name="programme_call_public_share_range",
            ),
            models.CheckConstraint(
                condition=Q(full_closes_at__isnull=True) | Q(full_closes_at__gt=F("closes_at")),
                name="programme_call_full_after_sketch",
                violation_error_message=_("Full applications must close after the sketches."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:call", args=[self.pk])

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now <= self.closes_at

    def accepts_full_applications(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        deadline = self.full_closes_at or self.closes_at
        return self.is_published and now <= deadline

    @property
    def state(self) -> str:
        """'draft', 'upcoming', 'open' or 'closed'."""
        now = timezone.now()
        if not self.is_published:
            return "draft"
        if now < self.opens_at:
            return "upcoming"
        return "open" if now <= self.closes_at else "closed"
