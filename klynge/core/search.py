"""The global search: one box in the header (the "/" key focuses it), one page, `/search/?q=`.

Each app adds what it can find with one line in `AppConfig.ready()`:

    search.register("events", _("Events"), find_events, order=30)

A finder takes ``(user, term, limit)`` and returns at most `limit` `Hit`s of objects `user` may
open. Finders narrow in the database with the app's visibility selector and then keep only rows the
page's own `can_view_*` predicate allows (`allowed`), so the search never shows a link that answers
403. The page asks every source for ``limit + 1`` hits to know whether there are more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from klynge.core.typing import BaseViewer

MIN_LENGTH = 2
MAX_LENGTH = 100
PER_SOURCE = 8
CANDIDATES = 4  # a finder reads at most CANDIDATES × limit rows before the predicate check


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    meta: str = ""


Finder = Callable[[Any, str, int], list[Hit]]


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    find: Finder
    order: int = 100


_SOURCES: dict[str, Source] = {}


def register(key: str, label: Any, find: Finder, *, order: int = 100) -> None:
    """Add (or replace, by key) a kind of object the search finds."""
    _SOURCES[key] = Source(key, label, find, order)


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.key))


def allowed(
    user: BaseViewer, rows: Iterable[Any], predicate: Callable[[Any, Any], bool], limit: int
) -> list[Any]:
    """The first `limit` of `rows` that `predicate(user, row)` allows (the page's own check)."""
    kept = []
    for row in rows:
        if predicate(user, row):
            kept.append(row)
            if len(kept) >= limit:
                break
    return kept


def candidates(limit: int) -> int:
    return max(limit, 1) * CANDIDATES


@dataclass(frozen=True)
class Group:
    key: str
    label: Any
    hits: list[Hit]
    more: bool


def search(*, user: BaseViewer, term: str, limit: int = PER_SOURCE) -> list[Group]:
    """Every source's hits for `term` (groups without hits left out)."""
    term = " ".join(term.split())[:MAX_LENGTH]
    if len(term) < MIN_LENGTH:
        return []
    groups = []
    for source in sources():
        hits = source.find(user, term, limit + 1)
        if hits:
            groups.append(Group(source.key, source.label, hits[:limit], len(hits) > limit))
    return groups


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    term = " ".join(request.GET.get("q", "").split())[:MAX_LENGTH]
    groups = search(user=request.user, term=term) if term else []
    context = {
        "q": term,
        "groups": groups,
        "too_short": bool(term) and len(term) < MIN_LENGTH,
        "min_length": MIN_LENGTH,
        "title": _("Search"),
    }
    return render(request, "search.html", context)
