"""A cluster's own engagement weights, half-life and thresholds (the defaults live in `scoring`)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel


class EngagementSettings(TimeStampedModel):
    """Per-cluster settings of the engagement score; a cluster without a row uses the defaults."""

    cluster = models.OneToOneField(
        Cluster, on_delete=models.CASCADE, related_name="engagement_settings"
    )
    weights = models.JSONField(_("weights per kind of activity"), default=dict, blank=True)
    half_life_days = models.PositiveSmallIntegerField(
        _("half-life (days)"),
        validators=[MinValueValidator(7), MaxValueValidator(3650)],
        help_text=_("An activity counts half as much after this many days."),
    )
    window_months = models.PositiveSmallIntegerField(
        _("window (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Activity older than this does not count; a member without any is dormant."),
    )
    active_threshold = models.FloatField(
        _("score for “active”"),
        validators=[MinValueValidator(0.1)],
        help_text=_("Members at or above this score are active; below it, occasional."),
    )

    class Meta:
        verbose_name = _("engagement settings")
        verbose_name_plural = _("engagement settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(half_life_days__gte=7) & Q(window_months__gte=1),
                name="insight_engagement_settings_positive",
            ),
            models.CheckConstraint(
                condition=Q(active_threshold__gt=0), name="insight_engagement_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster}"

    @property
    def audit_cluster_id(self) -> int:
        return self.cluster_id
