"""The cluster organisation's own funding per year, by source (not its projects' budgets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Sources of the cluster organisation's income: private ones first, then public ones.
PRIVATE_SOURCES = ("membership_fees", "services", "other_private")
PUBLIC_SOURCES = ("public_programme", "other_public")
SOURCES = PRIVATE_SOURCES + PUBLIC_SOURCES


def _amount(label: StrOrPromise, help_text: StrOrPromise = "") -> models.PositiveBigIntegerField:
    return models.PositiveBigIntegerField(
        label, default=0, validators=[MinValueValidator(0)], help_text=help_text
    )


class ClusterFinance(TimeStampedModel):
    """What the cluster organisation received in one calendar year, in NOK, by source.

    The share of private funding (gold indicator 3.2) is taken from these records; project
    co-funding is a separate figure.
    """

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="finances"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    membership_fees = _amount(_("membership fees"))
    services = _amount(_("paid services"), _("Courses, events, consulting sold to members."))
    other_private = _amount(_("other private income"), _("Sponsors, private foundations."))
    public_programme = _amount(
        _("programme funding"), _("Funding from the cluster programme (Innovation Norway, Siva).")
    )
    other_public = _amount(
        _("other public funding"), _("County, municipalities, research council, EU.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("cluster finances")
        verbose_name_plural = _("cluster finances")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"], name="programme_finance_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cluster} {self.year}"

    @property
    def amounts(self) -> list[int]:
        """The amounts in `SOURCES` order (private sources first)."""
        return [getattr(self, name) for name in SOURCES]

    @property
    def private_total(self) -> int:
        return sum(getattr(self, name) for name in PRIVATE_SOURCES)

    @property
    def public_total(self) -> int:
        return sum(getattr(self, name) for name in PUBLIC_SOURCES)

    @property
    def total(self) -> int:
        return self.private_total + self.public_total

    @property
    def private_share(self) -> float | None:
        return self.private_total / self.total if self.total else None
