"""Helpers shared by the programme's views."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from klynge.clusters.models import Cluster


def cluster_or_404(slug: str) -> Cluster:
    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        raise Http404(_("No such cluster."))
    return cluster


def export_format(request: Any) -> str | None:
    value = request.GET.get("export")
    return value if value in {"csv", "xlsx"} else None


def naive(value: Any) -> Any:
    """Local time without a zone, for spreadsheets (Excel has no time zones)."""
    from django.utils import timezone

    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None)
