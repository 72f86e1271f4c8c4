"""Sections of a cluster's programme page contributed by the areas (assessments, applications...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _assessments(user: Any, cluster: Any) -> dict[str, Any]:
    from ..permissions import can_create_assessment
    from ..selectors.assessments import assessment_list_visible

    return {
        "cluster": cluster,
        "assessments": list(assessment_list_visible(user=user, cluster=cluster)[:10]),
        "can_create": can_create_assessment(user, cluster),
    }


SECTIONS: list[tuple[str, Callable[[Any, Any], dict[str, Any]]]] = [
    ("programme/_section_assessments.html", _assessments),
]
