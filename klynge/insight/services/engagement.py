"""A cluster's engagement settings: its own weights, half-life, window and threshold, or defaults."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import DomainError

from .. import scoring
from ..models import EngagementSettings


@transaction.atomic
def engagement_settings_update(
    *,
    actor: Actor,
    cluster: Any,
    weights: dict[str, float],
    half_life_days: int,
    window_months: int,
    active_threshold: float,
) -> EngagementSettings:
    unknown = set(weights) - set(scoring.KINDS)
    if unknown:
        raise DomainError(_("Unknown kind of activity."), field="weights")
    for kind, weight in weights.items():
        if not 0 <= weight <= 100:
            raise DomainError(_("Weights go from 0 to 100."), field=f"weight_{kind}")
    if not 7 <= half_life_days <= 3650:
        raise DomainError(_("The half-life goes from 7 to 3650 days."), field="half_life_days")
    if not 1 <= window_months <= 60:
        raise DomainError(_("The window goes from 1 to 60 months."), field="window_months")
    if active_threshold <= 0:
        raise DomainError(_("The threshold must be above 0."), field="active_threshold")
    row, _created = EngagementSettings.objects.update_or_create(
        cluster=cluster,
        defaults={
            "weights": {k: float(weights[k]) for k in scoring.KINDS if k in weights},
            "half_life_days": half_life_days,
            "window_months": window_months,
            "active_threshold": active_threshold,
        },
    )
    log_action(
        actor=actor,
        action="klynge.insight.engagement_settings.updated",
        target=row,
        cluster=cluster,
        data={
            "weights": row.weights,
            "half_life_days": half_life_days,
            "window_months": window_months,
            "active_threshold": active_threshold,
        },
    )
    return row


@transaction.atomic
def engagement_settings_reset(*, actor: Actor, cluster: Any) -> None:
    deleted, _rows = EngagementSettings.objects.filter(cluster=cluster).delete()
    if deleted:
        log_action(
            actor=actor,
            action="klynge.insight.engagement_settings.reset",
            target=cluster,
            cluster=cluster,
            data={},
        )
