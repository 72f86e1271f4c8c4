"""Reads of the hub: the delivery log (filtered), counts per status, a person's kinds of mail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from . import kinds
from .models import Delivery, MutedKind


def delivery_list(
    *,
    cluster_ids: Iterable[int] | None = None,
    kind: str = "",
    email: str = "",
    status: str = "",
    batch: str = "",
) -> QuerySet[Delivery]:
    """The log, newest first. `cluster_ids` None means every row (else only those clusters')."""
    rows = Delivery.objects.defer("body_text", "body_html", "attachments", "headers")
    if cluster_ids is not None:
        rows = rows.filter(cluster_id__in=list(cluster_ids))
    if kind:
        rows = rows.filter(kind=kind)
    if email:
        rows = rows.filter(to_email__iexact=email.strip())
    if status:
        rows = rows.filter(status=status)
    if batch:
        rows = rows.filter(batch=batch)
    return rows.order_by("-created_at", "-id")


def delivery_counts(*, batch: str) -> dict[str, int]:
    """How many rows of a batch are in each status (every status present, 0 when none)."""
    found = dict(
        Delivery.objects.filter(batch=batch)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    counts = {status: int(found.get(status, 0)) for status in Delivery.Status.values}
    counts["total"] = sum(counts.values())
    return counts


@dataclass(frozen=True)
class KindSetting:
    key: str
    label: Any
    help_text: Any
    transactional: bool
    enabled: bool


def kind_settings_for(email: str) -> list[KindSetting]:
    """Every kind of mail with whether `email` gets it (transactional ones always)."""
    muted = set(MutedKind.objects.filter(email=email.lower()).values_list("kind", flat=True))
    return [
        KindSetting(
            key=kind.key,
            label=kind.label,
            help_text=kind.help_text,
            transactional=kind.transactional,
            enabled=kind.transactional or kind.key not in muted,
        )
        for kind in sorted(kinds.all_kinds(), key=lambda k: (k.transactional, str(k.label)))
    ]


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, str(kind.label)) for kind in kinds.all_kinds()]
