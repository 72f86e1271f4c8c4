"""GET /api/v1/clusters/{slug}/composition: the composition of a cluster as of a date."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router
from pydantic import WithJsonSchema

from klynge.clusters import selectors as cluster_selectors
from klynge.clusters.models import Cluster
from klynge.core.errors import requested
from klynge.core.permissions import require
from klynge.members.permissions import can_view_composition
from klynge.members.selectors.composition import MAX_YEAR, MIN_YEAR, composition_get

from ..schemas.composition import CompositionOut

router = Router(tags=["composition"])
# The years the composition covers, for the document (JSON Schema has no bounds for dates).
YEARS_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"
assert (MIN_YEAR, MAX_YEAR) == (1900, 2100), "update YEARS_PATTERN"
CompositionDate = Annotated[
    date, WithJsonSchema({"type": "string", "format": "date", "pattern": YEARS_PATTERN})
]


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
    as_of: CompositionDate | None = Query(  # noqa: B008
        None,
        ge=date(MIN_YEAR, 1, 1),
        le=date(MAX_YEAR, 12, 31),
        description=f"YYYY-MM-DD, years {MIN_YEAR}-{MAX_YEAR}",
    ),
) -> dict[str, Any]:
    with requested(Cluster):
        cluster = cluster_selectors.cluster_get(slug=slug)
    require(can_view_composition, request.user, cluster)
    result = composition_get(cluster=cluster, as_of=as_of)
    body = {field.name: getattr(result, field.name) for field in fields(result)}
    return {**body, "cluster": cluster.slug}
