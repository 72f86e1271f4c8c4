"""Programme status levels (Arena, Arena Pro, NCE, GCE, mature cluster) and each cluster's history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel


def _nb() -> bool:
    return (get_language() or "en").startswith("nb")


class Level(TimeStampedModel):
    """A level of the cluster programme, as data: name, order, and when the level existed."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=80)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_nb = models.TextField(_("description (Norwegian)"), blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher levels have a higher rank.")
    )
    introduced_on = models.DateField(_("introduced"), null=True, blank=True)
    retired_on = models.DateField(_("no longer awarded from"), null=True, blank=True)
    typical_years = models.PositiveSmallIntegerField(
        _("typical duration (years)"), null=True, blank=True
    )
    operating_support = models.BooleanField(
        _("gives operating support"),
        default=True,
        help_text=_("Mature clusters get project funding instead of operating support."),
    )

    class Meta:
        verbose_name = _("programme level")
        verbose_name_plural = _("programme levels")
        ordering = ["rank", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retired_on__isnull=True)
                | Q(introduced_on__isnull=True)
                | Q(retired_on__gt=F("introduced_on")),
                name="programme_level_retired_after_introduced",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_nb if _nb() else self.name_en

    @property
    def description(self) -> str:
        return (self.description_nb if _nb() else self.description_en) or self.description_en


class ClusterStatus(TimeStampedModel):
    """A cluster held a level from `starts_on` until `ends_on` (empty: still holds it)."""

    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="programme_statuses",
    )
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="statuses"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    assessment = models.ForeignKey(
        "programme.Assessment",
        verbose_name=_("from assessment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statuses",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("cluster status")
        verbose_name_plural = _("cluster statuses")
        ordering = ["cluster", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="programme_status_ends_after_start",
                violation_error_message=_("The status must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(ends_on__isnull=True),
                name="programme_status_one_open_per_cluster",
                violation_error_message=_("The cluster already has an open status."),
            ),
        ]
        indexes = [models.Index(fields=["cluster", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        until = f"{self.ends_on:%Y-%m-%d}" if self.ends_on else "…"
        return f"{self.cluster} – {self.level} ({self.starts_on:%Y-%m-%d}–{until})"

    @property
    def audit_cluster_id(self) -> int:
        return self.cluster_id
