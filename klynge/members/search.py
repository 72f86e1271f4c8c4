"""Finding organisations by a piece of their name, organisation number or VAT id, from an index.

PostgreSQL: trigram indexes (pg_trgm, GIN) on ``UPPER(name)``, ``UPPER(vat_id)`` and ``org_number``
serve Django's ``icontains``/``contains`` directly. SQLite: an FTS5 table with the trigram tokenizer
(``members_organisation_fts``, kept up to date by triggers) answers the same substring question;
terms shorter than three characters (no trigram) fall back to ``LIKE``. Both fold case for every
letter ("øst" finds "Østfold"). The indexes are created by migration 0002 (on the database in use).
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "members_organisation_fts"
MIN_TRIGRAM = 3


def _phrase(term: str) -> str:
    """An FTS5 string literal (a phrase) for `term`."""
    return '"' + term.replace('"', '""') + '"'


def organisation_text_q(term: str, *, prefix: str = "") -> Q:
    """Rows whose organisation (reached through `prefix`, e.g. ``"organisation__"``) has `term` in
    its name, organisation number (spaces ignored, at least three digits) or VAT id."""
    term = term.strip()
    digits = re.sub(r"\s+", "", term)
    numeric = digits.isdigit() and len(digits) >= MIN_TRIGRAM
    if connection.vendor == "sqlite" and len(term) >= MIN_TRIGRAM:
        phrases = [_phrase(term)] + ([_phrase(digits)] if numeric and digits != term else [])
        matches = RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [" OR ".join(phrases)]
        )
        return Q(**{f"{prefix}pk__in": matches})
    condition = Q(**{f"{prefix}name__icontains": term}) | Q(**{f"{prefix}vat_id__icontains": term})
    if numeric:
        condition |= Q(**{f"{prefix}org_number__contains": digits})
    return condition
