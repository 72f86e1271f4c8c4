"""GET /api/v1/clusters/{slug}/composition: the composition of a cluster as of a date."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from klynge.core.permissions import require
from klynge.members.permissions import can_view_composition
from klynge.members.selectors.composition import composition_get

from ..lookups import path_cluster
from ..schemas.composition import CompositionOut
from ..schemas.types import Date

router = Router(tags=["composition"])


@router.get(
    "/{slug}/composition",
    response=CompositionOut,
    summary="Composition of a cluster's members as of a date",
    description=(
        "Members on `as_of` (default today): joined on or before it and not yet left. Breakdowns "
        "by category, kind, member type (triple helix), size (SME estimated from headcount), NACE "
        "section, county and country; joined, left and retention per year; and the ECCP "
        "eligibility rule (committed members = members and partners)."
    ),
)
def composition(
    request: HttpRequest,
    slug: str,
    as_of: Date | None = Query(None, description="YYYY-MM-DD"),  # noqa: B008
) -> dict[str, Any]:
    cluster = path_cluster(slug)
    require(can_view_composition, request.user, cluster)
    result = composition_get(cluster=cluster, as_of=as_of)
    body = {field.name: getattr(result, field.name) for field in fields(result)}
    return {**body, "cluster": cluster.slug}
