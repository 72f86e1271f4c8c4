"""A cluster's programme page, and the programme-wide list of labels with their expiry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.display import choice_labels
from klynge.core.exports import QUERY_CHUNK_ROWS, csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import require

from ..models import CertificationLabel
from ..permissions import (
    can_manage_programme_status,
    can_view_programme_portfolio,
    can_view_programme_record,
)
from ..selectors import statuses as selectors
from ..selectors.statuses import WARNING_DAYS
from .common import cluster_or_404, export_format


@login_required
def cluster_programme(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_view_programme_record, request.user, cluster)
    today = timezone.localdate()
    labels = list(selectors.label_history(cluster=cluster))
    history = list(selectors.status_history(cluster=cluster))
    context = {
        "cluster": cluster,
        "badge": selectors.badge_from_history(history, labels, on=today),
        "history": history,
        "labels": [(label, selectors.days_left(label, on=today)) for label in labels],
        "can_manage": can_manage_programme_status(request.user, cluster),
        "extra_sections": cluster_sections(request.user, cluster),
    }
    return render(request, "programme/cluster_programme.html", context)


def cluster_sections(user: Viewer, cluster: Cluster) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of the sections the later areas add (assessments, applications...)."""
    from .sections import SECTIONS

    return [(template, build(user, cluster)) for template, build in SECTIONS]


@login_required
def label_list(request: HttpRequest) -> HttpResponseBase:
    require(can_view_programme_portfolio, request.user)
    grade = request.GET.get("grade", "")
    if grade not in CertificationLabel.Grade.values:
        grade = ""
    within = request.GET.get("expiring", "")
    expiring = int(within) if within in {str(d) for d in WARNING_DAYS} else None
    labels = selectors.label_list(grade=grade, expiring_within=expiring)
    today = timezone.localdate()
    fmt = export_format(request)
    if fmt:
        header = [
            _("Cluster"),
            _("Label"),
            _("Awarded"),
            _("Valid until"),
            _("Days left"),
            _("Score (%)"),
            _("Assessor"),
            _("Reference"),
        ]
        grades = choice_labels(CertificationLabel.Grade.choices)
        rows = (
            [
                lb.cluster.name,
                grades.get(lb.grade, lb.grade),
                lb.awarded_on,
                lb.valid_until,
                selectors.days_left(lb, on=today),
                lb.score_percent,
                lb.assessor,
                lb.reference,
            ]
            for lb in labels.iterator(chunk_size=QUERY_CHUNK_ROWS)
        )
        if fmt == "csv":
            return csv_response("klynge-labels", header, rows)
        return xlsx_response("klynge-labels", header, rows, title=_("Labels"))
    page = paginate(request, labels)
    page.object_list = [(lb, selectors.days_left(lb, on=today)) for lb in page.object_list]
    context = {
        "page": page,
        "grade": grade,
        "expiring": expiring,
        "grades": CertificationLabel.Grade.choices,
        "warning_days": WARNING_DAYS,
    }
    return render(request, "programme/label_list.html", context)


urlpatterns: list[URLPattern] = [
    path("clusters/<slug:slug>/", cluster_programme, name="cluster"),
    path("labels/", label_list, name="labels"),
]
