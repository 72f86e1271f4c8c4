"""Readiness: what a cluster meets today from live data for a framework, and what is missing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klynge.members.selectors.composition import composition_get

from ..indicators import INDICATORS, IndicatorInputs, compute, needed_value, shortfall
from ..models import Framework
from .inputs import indicator_inputs, params_window
from .statuses import WARNING_DAYS


@dataclass(frozen=True)
class ReadinessRow:
    code: str
    name: str
    group: str
    computed: bool
    required: bool
    max_points: Decimal
    threshold: Decimal | None
    value: float | None
    points: Decimal | None
    explanation: str
    missing: str
    warning: str

    @property
    def meets(self) -> bool | None:
        """True/False for computed criteria; None for criteria the assessors score."""
        if not self.computed or self.points is None:
            return None
        return self.threshold is None or self.points >= self.threshold


@dataclass(frozen=True)
class Readiness:
    framework: Framework
    as_of: datetime.date
    inputs: IndicatorInputs
    rows: tuple[ReadinessRow, ...]

    @property
    def computed_rows(self) -> list[ReadinessRow]:
        return [r for r in self.rows if r.computed]

    @property
    def manual_rows(self) -> list[ReadinessRow]:
        return [r for r in self.rows if not r.computed]

    @property
    def met(self) -> int:
        return sum(1 for r in self.rows if r.meets)

    @property
    def missing(self) -> list[ReadinessRow]:
        return [r for r in self.rows if r.meets is False]

    @property
    def warnings(self) -> list[ReadinessRow]:
        return [r for r in self.rows if r.warning]


def _label_warning(inputs: IndicatorInputs) -> str:
    if inputs.label_valid_until is None:
        return ""
    days = (inputs.label_valid_until - inputs.as_of).days
    if days > WARNING_DAYS[0]:
        return ""
    return ngettext("Label expires in %(n)d day", "Label expires in %(n)d days", days) % {"n": days}


def readiness_get(
    *, cluster: Any, framework: Framework, as_of: datetime.date | None = None
) -> Readiness:
    """The framework's criteria against the cluster's live data on `as_of` (default today).

    A page: the composition is the cached one the composition page shows (member and organisation
    writes invalidate it), the rest is counted in one query (`indicator_inputs`)."""
    day = as_of or timezone.localdate()
    criteria = list(framework.criteria.order_by("position", "code"))
    inputs = indicator_inputs(
        cluster=cluster,
        as_of=day,
        window_years=params_window(c.params for c in criteria),
        composition=composition_get(cluster=cluster, as_of=day),
    )
    rows = []
    for criterion in criteria:
        key = criterion.indicator
        value = points = None
        explanation = missing = warning = ""
        if key in INDICATORS:
            result = compute(key, inputs, max_points=criterion.max_points, params=criterion.params)
            value, points, explanation = result.value, result.points, result.explanation
            needed = needed_value(
                key,
                threshold=criterion.threshold,
                max_points=criterion.max_points,
                params=criterion.params,
            )
            missing = shortfall(key, value, needed, result.inputs)
            if key == "valid_label" and value:
                warning = _label_warning(inputs)
        elif key:
            explanation = _("Unknown indicator %(key)s.") % {"key": key}
        rows.append(
            ReadinessRow(
                code=criterion.code,
                name=criterion.name,
                group=criterion.group,
                computed=key in INDICATORS,
                required=criterion.required,
                max_points=criterion.max_points,
                threshold=criterion.threshold,
                value=value,
                points=points,
                explanation=explanation,
                missing=missing,
                warning=warning,
            )
        )
    return Readiness(framework=framework, as_of=day, inputs=inputs, rows=tuple(rows))
