""" "You may want to meet": a pure scoring function over plain profile data (no database).

The score of `other` for `me` adds
* 3 points per shared topic,
* 2 points per word of my needs found in their offers (what they can give me),
* 1 point per word of their needs found in my offers (what I can give them),
and is 0 for myself. Words are lower-cased, stripped of punctuation, without stop words and
shorter than 3 letters; a crude stem (plural "s" dropped) lets "grids" match "grid".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

TOPIC_POINTS = 3
NEED_MET_POINTS = 2
OFFER_WANTED_POINTS = 1

_STOP = (
    "the and for with our your their you are can from into about more need needs looking look "
    "want wants offer offers who what that this them they have has will new all any other some "
    "partner partners company companies med til som det den har vil kan fra eller ikke vår våre "
    "deres nye samt etter også skal"
)
STOP_WORDS = frozenset(_STOP.split(" "))
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Profile:
    id: int
    topics: frozenset[int] = frozenset()
    offers: str = ""
    needs: str = ""
    organisation_id: int | None = None


@dataclass(frozen=True)
class Suggestion:
    id: int
    score: int
    shared_topics: frozenset[int] = frozenset()
    they_offer: tuple[str, ...] = field(default_factory=tuple)
    they_need: tuple[str, ...] = field(default_factory=tuple)


def keywords(text: str) -> frozenset[str]:
    words = set()
    for word in _WORD.findall(text.lower()):
        if len(word) < 3 or word in STOP_WORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def score(me: Profile, other: Profile) -> Suggestion:
    if me.id == other.id:
        return Suggestion(other.id, 0)
    shared = me.topics & other.topics
    they_offer = keywords(me.needs) & keywords(other.offers)
    they_need = keywords(other.needs) & keywords(me.offers)
    total = (
        TOPIC_POINTS * len(shared)
        + NEED_MET_POINTS * len(they_offer)
        + OFFER_WANTED_POINTS * len(they_need)
    )
    return Suggestion(other.id, total, shared, tuple(sorted(they_offer)), tuple(sorted(they_need)))


def rank(
    me: Profile,
    others: Iterable[Profile],
    *,
    exclude: Iterable[int] = (),
    limit: int = 10,
    same_organisation: bool = False,
) -> list[Suggestion]:
    """Best matches first (ties by id); never me, the excluded ids or, by default, colleagues."""
    skip = set(exclude) | {me.id}
    found = []
    for other in others:
        if other.id in skip:
            continue
        if (
            not same_organisation
            and me.organisation_id is not None
            and other.organisation_id == me.organisation_id
        ):
            continue
        suggestion = score(me, other)
        if suggestion.score > 0:
            found.append(suggestion)
    found.sort(key=lambda s: (-s.score, s.id))
    return found[:limit]
