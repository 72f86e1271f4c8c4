"""The cluster organisation's income per year: record (create or replace) a year's figures."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster
from klynge.core.audit import log_action
from klynge.core.errors import DomainError

from ..models import ClusterFinance
from ..models.finance import SOURCES

MAX_AMOUNT = 10**12  # NOK; anything larger is a typing error


@transaction.atomic
def cluster_finance_set(
    *, actor: Actor | None, cluster: Cluster, year: int, amounts: dict[str, Any], note: str = ""
) -> ClusterFinance:
    """Create or replace the cluster's income for `year` (amounts in NOK by source)."""
    if not 2000 <= year <= timezone.localdate().year:
        raise DomainError(_("Choose a year up to this year."), field="year")
    values: dict[str, int] = {}
    for name in SOURCES:
        raw = amounts.get(name) or 0
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_AMOUNT:
            raise DomainError(_("Enter an amount in whole kroner, 0 or more."), field=name)
        values[name] = raw
    finance, created = ClusterFinance.objects.update_or_create(
        cluster=cluster, year=year, defaults={**values, "note": (note or "").strip()}
    )
    log_action(
        actor=actor,
        action="klynge.programme.finance.recorded",
        target=finance,
        cluster=cluster,
        data={"year": year, "created": created, **values},
    )
    return finance
