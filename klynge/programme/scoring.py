"""Pure scoring: totals, pass/fail against thresholds, and review statistics per criterion."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def _q(value: Decimal | float, places: str = "0.1") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionScore:
    code: str
    max_points: Decimal
    threshold: Decimal | None
    required: bool
    points: Decimal | None

    @property
    def meets_threshold(self) -> bool | None:
        if self.points is None:
            return None
        return self.threshold is None or self.points >= self.threshold


@dataclass(frozen=True)
class ScoreSummary:
    total: Decimal
    maximum: Decimal
    percent: Decimal | None
    pass_percent: Decimal
    unscored: tuple[str, ...]
    below_threshold: tuple[str, ...]
    failed_required: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.unscored

    @property
    def meets_pass_mark(self) -> bool:
        return self.percent is not None and self.percent >= self.pass_percent

    @property
    def passed(self) -> bool:
        return self.complete and self.meets_pass_mark and not self.failed_required


def summarise(scores: Iterable[CriterionScore], *, pass_percent: Decimal | float) -> ScoreSummary:
    """Total and percentage of the points that count; pass needs every criterion scored, the pass
    mark reached and every minimum requirement at or above its threshold."""
    rows = list(scores)
    total = sum((r.points for r in rows if r.points is not None), Decimal(0))
    maximum = sum((r.max_points for r in rows), Decimal(0))
    percent = _q(total * 100 / maximum) if maximum else None
    return ScoreSummary(
        total=_q(total, "0.01"),
        maximum=_q(maximum, "0.01"),
        percent=percent,
        pass_percent=Decimal(str(pass_percent)),
        unscored=tuple(r.code for r in rows if r.points is None),
        below_threshold=tuple(r.code for r in rows if r.meets_threshold is False),
        failed_required=tuple(r.code for r in rows if r.required and r.meets_threshold is False),
    )


@dataclass(frozen=True)
class Spread:
    """Statistics of several evaluators' scores on one criterion."""

    code: str
    count: int
    average: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    stdev: Decimal | None

    @property
    def range(self) -> Decimal | None:
        if self.minimum is None or self.maximum is None:
            return None
        return self.maximum - self.minimum


def spread(code: str, values: Sequence[Decimal]) -> Spread:
    if not values:
        return Spread(code, 0, None, None, None, None)
    floats = [float(v) for v in values]
    deviation = statistics.pstdev(floats) if len(floats) > 1 else 0.0
    return Spread(
        code=code,
        count=len(values),
        average=_q(statistics.fmean(floats), "0.01"),
        minimum=min(values),
        maximum=max(values),
        stdev=_q(deviation, "0.01"),
    )
