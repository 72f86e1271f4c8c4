"""Summary statistics of answers, as pure functions (no Django): counts, mean, median, NPS.

NPS (Net Promoter Score) = % promoters (9-10) minus % detractors (0-6) among 0-10 answers, an integer
from -100 to 100. Shares of a choice question are of the people who answered that question.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NumericSummary:
    n: int
    mean: float | None
    median: float | None
    distribution: list[tuple[str, int]] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Nps:
    n: int
    promoters: int
    passives: int
    detractors: int

    @property
    def score(self) -> int | None:
        if not self.n:
            return None
        return round(100 * (self.promoters - self.detractors) / self.n)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def numeric_summary(values: Iterable[float | None], points: Sequence[int] = ()) -> NumericSummary:
    """n, mean, median; a count per scale point when `points` are given, else min and max."""
    numbers = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not numbers:
        return NumericSummary(0, None, None, [(str(p), 0) for p in points])
    counts = Counter(int(v) for v in numbers if float(v).is_integer())
    distribution = [(str(p), counts.get(p, 0)) for p in points]
    return NumericSummary(
        n=len(numbers),
        mean=_round(statistics.fmean(numbers)),
        median=_round(statistics.median(numbers)),
        distribution=distribution,
        minimum=min(numbers),
        maximum=max(numbers),
    )


def nps(values: Iterable[float | None]) -> Nps:
    scores = [int(v) for v in values if v is not None]
    return Nps(
        n=len(scores),
        promoters=sum(1 for s in scores if s >= 9),
        passives=sum(1 for s in scores if 7 <= s <= 8),
        detractors=sum(1 for s in scores if s <= 6),
    )


def choice_counts(
    answers: Iterable[str | list[str]], options: Sequence[str]
) -> tuple[int, list[tuple[str, int]]]:
    """(people who answered, [(option, how many chose it)]) for single or multiple choice."""
    counts: Counter[str] = Counter()
    n = 0
    for answer in answers:
        if answer in (None, "", []):
            continue
        n += 1
        chosen = [answer] if isinstance(answer, str) else list(answer)
        counts.update(set(chosen))
    return n, [(option, counts.get(option, 0)) for option in options]


def share(part: int, whole: int) -> float | None:
    return None if not whole else part / whole


def histogram(values: Sequence[float], bins: int = 6) -> list[tuple[str, int]]:
    """Counts in equal-width bins labelled "low–high" (for free numbers)."""
    numbers = sorted(float(v) for v in values)
    if not numbers:
        return []
    low, high = numbers[0], numbers[-1]
    if low == high:
        return [(f"{low:g}", len(numbers))]
    width = (high - low) / bins
    counts = [0] * bins
    for value in numbers:
        counts[min(int((value - low) / width), bins - 1)] += 1
    return [
        (f"{low + i * width:.3g}–{low + (i + 1) * width:.3g}", count)
        for i, count in enumerate(counts)
    ]
