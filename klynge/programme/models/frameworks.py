"""Assessment frameworks as data: criteria with points, thresholds and computed indicators."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel

from .levels import Level


def _nb() -> bool:
    return (get_language() or "en").startswith("nb")


class Framework(TimeStampedModel):
    """A set of criteria used to assess a cluster (status, label) or to evaluate applications."""

    class Use(models.TextChoices):
        ASSESSMENT = "assessment", _("Cluster assessment")
        EVALUATION = "evaluation", _("Application evaluation")
        BOTH = "both", _("Assessment and evaluation")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=160)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=160)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_nb = models.TextField(_("description (Norwegian)"), blank=True)
    use = models.CharField(_("used for"), max_length=12, choices=Use.choices, default=Use.BOTH)
    pass_percent = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=1,
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    grants_level = models.ForeignKey(
        Level,
        verbose_name=_("level granted on a pass"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="frameworks",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_nb if _nb() else self.name_en

    @property
    def description(self) -> str:
        return (self.description_nb if _nb() else self.description_en) or self.description_en


class Criterion(models.Model):
    """One criterion: scored by assessors, or computed from the cluster's data by `indicator`."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=16)
    group_en = models.CharField(_("group (English)"), max_length=120, blank=True)
    group_nb = models.CharField(_("group (Norwegian)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=200)
    help_en = models.TextField(_("guidance (English)"), blank=True)
    help_nb = models.TextField(_("guidance (Norwegian)"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    threshold = models.DecimalField(
        _("threshold (points)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Minimum points for the criterion to count as met. Empty: no threshold."),
    )
    required = models.BooleanField(
        _("minimum requirement"),
        default=False,
        help_text=_("The assessment fails when this criterion is below its threshold."),
    )
    indicator = models.CharField(
        _("computed indicator"),
        max_length=40,
        blank=True,
        help_text=_("Empty: scored by the assessors."),
    )
    params = models.JSONField(
        _("indicator settings"),
        default=dict,
        blank=True,
        help_text=_('For example {"full_at": 50}: the value that earns full points.'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="programme_criterion_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(threshold__isnull=True)
                | Q(threshold__gte=0, threshold__lte=F("max_points")),
                name="programme_criterion_threshold_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_nb if _nb() else self.name_en

    @property
    def group(self) -> str:
        return (self.group_nb if _nb() else self.group_en) or self.group_en

    @property
    def help(self) -> str:
        return (self.help_nb if _nb() else self.help_en) or self.help_en

    @property
    def is_computed(self) -> bool:
        return bool(self.indicator)
