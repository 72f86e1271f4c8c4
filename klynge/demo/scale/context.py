"""The state shared by the generation steps: scale, seed, dates, and the ids handed out so far."""

from __future__ import annotations

import base64
import datetime
import random
import unicodedata
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from .sizes import Scale

T = TypeVar("T")
OSLO = ZoneInfo("Europe/Oslo")
EMAIL_DOMAIN = "scale.example"
PASSWORD = "klynge-scale-2026"  # the bench logins' password; generated data is never production


class Weighted:
    """Fast repeated weighted choice (cumulative weights computed once)."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [item for item, _weight in pairs]
        self.cumulative = list(accumulate(weight for _item, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


@dataclass
class Context:
    scale: Scale
    seed: int
    today: datetime.date
    report: Callable[[str, int], None] = lambda label, rows: None
    counts: dict[str, int] = field(default_factory=dict)
    # Filled by the steps, read by later ones (indexes are positions in these lists).
    topic_ids: dict[str, int] = field(default_factory=dict)
    cluster_ids: list[int] = field(default_factory=list)
    cluster_country: list[str] = field(default_factory=list)
    cluster_founded: list[int] = field(default_factory=list)
    cluster_topics: list[tuple[str, ...]] = field(default_factory=list)
    cluster_sizes: list[int] = field(default_factory=list)
    manager_ids: list[int] = field(default_factory=list)
    officer_id: int = 0
    contact_user_ids: list[int] = field(default_factory=list)
    org_ids: list[int] = field(default_factory=list)
    org_country: list[str] = field(default_factory=list)
    org_kind: list[str] = field(default_factory=list)
    org_size: list[str] = field(default_factory=list)
    org_name: list[str] = field(default_factory=list)
    members: list[list[int]] = field(default_factory=list)  # per cluster: org indexes, active
    former: list[list[int]] = field(default_factory=list)  # per cluster: org indexes, left
    contact_orgs: list[int] = field(default_factory=list)  # org indexes whose first person logs in
    person_range: list[tuple[int, int]] = field(default_factory=list)  # per org: first id, count
    guest_ids: list[int] = field(default_factory=list)
    big_event_id: int = 0
    big_organisation: int = 0  # org index with `big_organisation_people` people

    @property
    def now(self) -> datetime.datetime:
        return datetime.datetime.combine(self.today, datetime.time(12, 0), tzinfo=OSLO)

    def rng(self, step: str) -> random.Random:
        """An independent, reproducible random stream per step (same seed -> same data)."""
        return random.Random(f"klynge-scale:{self.seed}:{step}")

    def added(self, label: str, rows: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + rows
        self.report(label, rows)


def token(rng: random.Random) -> str:
    """A 32-character URL-safe token, like `secrets.token_urlsafe(24)` but reproducible."""
    return base64.urlsafe_b64encode(rng.getrandbits(192).to_bytes(24, "big")).decode()


def ascii_fold(text: str) -> str:
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def recent_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A day in [start, end], more often near the end (clusters grow)."""
    if end <= start:
        return start
    span = (end - start).days
    return start + datetime.timedelta(days=int(span * (rng.random() ** 0.5)))


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=OSLO)


def spread(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` into integers proportional to `weights`, each at least `minimum`."""
    free = max(0, total - minimum * len(weights))
    scale = free / (sum(weights) or 1)
    parts = [minimum + int(w * scale) for w in weights]
    remainder = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    for i in range(max(0, remainder)):
        parts[order[i % len(order)]] += 1
    return parts
