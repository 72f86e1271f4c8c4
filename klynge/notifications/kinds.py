"""Kinds of mail: every app declares what it sends, once, in its `AppConfig.ready()`.

A kind has a stable key (``"events.reminder"``), a label people read on their notification settings
page, and a flag: transactional mails (a registration confirmation, a password reset) always go
out; the others can be switched off per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any
    transactional: bool = True
    help_text: Any = ""


_KINDS: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Declare (or redeclare, by key) kinds of mail."""
    for kind in kinds:
        if "." not in kind.key:
            raise ValueError(f"Kind {kind.key!r} must look like '<app>.<name>'.")
        _KINDS[kind.key] = kind


def get(key: str) -> Kind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"Unknown kind of mail {key!r}: register it first.") from None


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)


def optional_kinds() -> list[Kind]:
    """The kinds a person may switch off."""
    return [kind for kind in all_kinds() if not kind.transactional]


def unregister(*keys: str) -> None:
    for key in keys:
        _KINDS.pop(key, None)
