"""What a PATCH body changes: the one rule for null, shared by every partial update.

A field left out is not changed. A field sent as null clears it only where the field can be empty
(a date, an optional link: the caller names those in `clearable`); for any other field (texts, flags,
choices: NOT NULL columns) null leaves the value as it is, so a schema-valid body is never a 500.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ninja import Schema


def patch_changes(payload: Schema, *, clearable: Iterable[str] = ()) -> dict[str, Any]:
    allowed = set(clearable)
    return {
        key: value
        for key, value in payload.model_dump(exclude_unset=True).items()
        if value is not None or key in allowed
    }
