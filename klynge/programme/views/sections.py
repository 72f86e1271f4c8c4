"""Sections of a cluster's programme page contributed by the areas (assessments, applications...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from klynge.accounts.typing import Viewer

from ..permissions import can_apply_for, can_create_assessment, can_create_report


def _assessments(user: Viewer, cluster: Any) -> dict[str, Any]:
    from ..selectors.assessments import assessment_list_visible

    return {
        "cluster": cluster,
        "assessments": list(assessment_list_visible(user=user, cluster=cluster)[:10]),
        "can_create": can_create_assessment(user, cluster),
    }


def _applications(user: Viewer, cluster: Any) -> dict[str, Any]:
    from ..selectors.applications import application_list_visible

    return {
        "cluster": cluster,
        "applications": list(application_list_visible(user=user, cluster=cluster)[:10]),
        "can_apply": can_apply_for(user, cluster),
    }


def _reports(user: Viewer, cluster: Any) -> dict[str, Any]:
    from ..models import AnnualReport

    return {
        "cluster": cluster,
        "reports": list(AnnualReport.objects.filter(cluster=cluster).order_by("-year")[:5]),
        "can_create": can_create_report(user, cluster),
    }


SECTIONS: list[tuple[str, Callable[[Viewer, Any], dict[str, Any]]]] = [
    ("programme/_section_assessments.html", _assessments),
    ("programme/_section_applications.html", _applications),
    ("programme/_section_reports.html", _reports),
]
