"""SQLite: ``LIKE`` that ignores case for every letter, not only A-Z.

SQLite's built-in ``LIKE`` folds ASCII letters only, so on SQLite ``name__icontains="øst"`` missed
"Østfold" (PostgreSQL's ``UPPER ... LIKE`` handles it).  Django implements ``icontains``,
``iexact``, ``istartswith`` and friends on SQLite with ``LIKE ... ESCAPE '\\'``; replacing the
``like()`` SQL function on each new connection makes all of them fold Norwegian and other letters.
(SQLite's ``contains`` is case-insensitive already, as Django documents; that does not change.)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

FLAGS = re.IGNORECASE | re.DOTALL


@lru_cache(maxsize=512)
def like_regex(pattern: str, escape: str | None = None) -> re.Pattern[str]:
    """The regular expression of a ``LIKE`` pattern: ``%`` any text, ``_`` one character."""
    parts: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if escape is not None and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), FLAGS)


def unicode_like(pattern: Any, value: Any, escape: Any = None) -> int | None:
    """``value LIKE pattern [ESCAPE escape]`` with Unicode case folding (SQL NULL stays NULL)."""
    if pattern is None or value is None:
        return None
    regex = like_regex(str(pattern), None if escape is None else str(escape))
    return 1 if regex.fullmatch(str(value)) else 0


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: register the function on SQLite connections."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, unicode_like, deterministic=True)
    raw.create_function("like", 3, unicode_like, deterministic=True)
