"""Helpers shared by the programme's views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError


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


def transition_with_message(
    request: HttpRequest, change: Callable[[], Any], done: str, workflow: Any
) -> None:
    """Run a workflow step; say the new state (`done` holds `%(status)s`) or why it was refused."""
    try:
        step = change()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"status": workflow.state_label(step.target)})
