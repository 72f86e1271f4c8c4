"""A cluster's choices for its collaboration network (a cluster without a row uses the defaults)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel

DEFAULT_SMALL_GATHERING = 30


class NetworkSettings(TimeStampedModel):
    cluster = models.OneToOneField(
        Cluster, on_delete=models.CASCADE, related_name="network_settings"
    )
    small_gathering = models.PositiveSmallIntegerField(
        _("largest event or course that links its participants"),
        default=DEFAULT_SMALL_GATHERING,
        validators=[MinValueValidator(2), MaxValueValidator(500)],
        help_text=_(
            "Organisations checked in at the same event or course count as linked only if no more "
            "than this many organisations took part."
        ),
    )
    shared_with_members = models.BooleanField(
        _("members may see the whole network"),
        default=False,
        help_text=_("Otherwise a member contact sees only the own organisation's network."),
    )

    class Meta:
        verbose_name = _("network settings")
        verbose_name_plural = _("network settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(small_gathering__gte=2), name="insight_network_gathering_min"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cluster}"

    @property
    def audit_cluster_id(self) -> int:
        return self.cluster_id
