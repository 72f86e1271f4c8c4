"""Finding organisations by a piece of their name, organisation number or VAT id; the global
search's organisations and people (`find_organisations`, `find_people`).

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

from klynge.accounts.typing import Viewer
from klynge.core.search import Hit, allowed, candidates

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


def find_organisations(user: Viewer, term: str, limit: int) -> list[Hit]:
    """Organisations `user` may open whose name, VAT id or organisation number matches `term`."""
    from .orgnumbers import format_org_number
    from .permissions import can_view_organisation
    from .selectors.organisations import organisation_list_visible

    rows = organisation_list_visible(user=user, search=term)[: candidates(limit)]
    return [
        Hit(org.name, org.get_absolute_url(), format_org_number(org.org_number) or org.country)
        for org in allowed(user, rows, can_view_organisation, limit)
    ]


def find_people(user: Viewer, term: str, limit: int) -> list[Hit]:
    """People `user` may open whose name or email address contains `term`."""
    from .permissions import can_view_person
    from .selectors.people import person_list_search

    people = person_list_search(user=user, term=term)[: candidates(limit)]
    return [
        Hit(
            person.full_name,
            person.get_absolute_url(),
            person.organisation.name if person.organisation_id else "",
        )
        for person in allowed(user, people, can_view_person, limit)
    ]
