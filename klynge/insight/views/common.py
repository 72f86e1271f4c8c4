"""Helpers shared by the insight pages: finding the cluster or survey, or a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.permissions import require

from ..models import Survey
from ..selectors.surveys import survey_get


def cluster_or_404(slug: str) -> Cluster:
    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        raise Http404(_("No such cluster."))
    return cluster


def survey_or_404(pk: int, user: Viewer, predicate: Any) -> Survey:
    """The survey, or 404; then `require(predicate)` (403 for a logged-in user without the right)."""
    try:
        survey = survey_get(pk=pk)
    except Survey.DoesNotExist as exc:
        raise Http404(_("No such survey.")) from exc
    require(predicate, user, survey)
    return survey


def step_of(request: Any) -> int:
    return -1 if request.POST.get("direction") == "up" else 1
