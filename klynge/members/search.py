"""Finding organisations by a piece of their name, organisation number or VAT id.

PostgreSQL answers from trigram indexes (pg_trgm, GIN, migration 0002) on ``UPPER(name)``,
``UPPER(vat_id)`` and ``org_number``, which serve Django's ``icontains``/``contains`` directly.
SQLite scans (its ``LIKE`` folds every letter, klynge/core/sqlite_text.py): a few milliseconds per
thousand organisations, fine for a cluster's directory and a country's register. An FTS5 index
would answer without scanning, but keeping it up to date cost 21-37 microseconds per organisation
written (measured), more than half of what the Brønnøysund import may spend per record.
"""

from __future__ import annotations

import re

from django.db.models import Q

MIN_DIGITS = 3


def organisation_text_q(term: str, *, prefix: str = "") -> Q:
    """Rows whose organisation (reached through `prefix`, e.g. ``"organisation__"``) has `term` in
    its name or VAT id, or (spaces ignored, at least three digits) in its organisation number."""
    term = term.strip()
    digits = re.sub(r"\s+", "", term)
    condition = Q(**{f"{prefix}name__icontains": term}) | Q(**{f"{prefix}vat_id__icontains": term})
    if digits.isdigit() and len(digits) >= MIN_DIGITS:
        condition |= Q(**{f"{prefix}org_number__contains": digits})
    return condition
