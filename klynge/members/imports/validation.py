"""Turn a `RawTable` into cleaned values per row, with field-level errors and warnings.

Pure apart from the topic vocabulary passed in: no database access, so it can be tested on its own.
An empty cell is left out of `values` (on update it keeps what the organisation already has).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from klynge.core.spreadsheets import ImportFileError, RawTable

from .cleaners import CLEANERS, RowError, text_cleaner
from .columns import COLUMN_KEYS, REQUIRED_KEYS, column_for_header
from .report import WARNING, Issue, RowPlan

FORMULA_PREFIXES = ("=", "+", "-", "@")
REJECT_FORMULAS = {"name", "org_number"}
MAX_LENGTH = {
    "name": 255,
    "municipality": 100,
    "county": 100,
    "fee_tier": 60,
    "contact_name": 200,
    "contact_email": 254,
    "website": 200,
}


def map_header(header: list[str]) -> tuple[dict[int, str], list[Issue]]:
    """Column index -> key; raise for missing required columns, warn about unknown/duplicate ones."""
    mapping: dict[int, str] = {}
    issues: list[Issue] = []
    for index, title in enumerate(header):
        if not title:
            continue
        key = column_for_header(title)
        if key is None:
            issues.append(
                Issue(
                    0, "", _("Unknown column “%(title)s” is ignored.") % {"title": title}, WARNING
                )
            )
        elif key in mapping.values():
            issues.append(
                Issue(
                    0,
                    key,
                    _("Column “%(title)s” appears twice; the first one is used.")
                    % {"title": title},
                    WARNING,
                )
            )
        else:
            mapping[index] = key
    missing = [key for key in REQUIRED_KEYS if key not in mapping.values()]
    if missing:
        raise ImportFileError(
            _("The file lacks the required column(s): %(missing)s. Columns found: %(found)s.")
            % {"missing": ", ".join(missing), "found": ", ".join(h for h in header if h) or "—"}
        )
    return mapping, issues


def validate_table(
    table: RawTable, *, topic_lookup: Mapping[str, str], today: datetime.date
) -> tuple[list[RowPlan], list[Issue]]:
    mapping, file_issues = map_header(table.header)
    plans = []
    for row_number, cells in table.rows:
        raw = {key: (cells[i].strip() if i < len(cells) else "") for i, key in mapping.items()}
        plans.append(validate_row(row_number, raw, topic_lookup=topic_lookup, today=today))
    _flag_duplicates(plans)
    return plans, file_issues


def validate_row(
    row: int, raw: dict[str, str], *, topic_lookup: Mapping[str, str], today: datetime.date
) -> RowPlan:
    plan = RowPlan(row=row, name=raw.get("name", ""))
    values: dict[str, Any] = {}
    for key in COLUMN_KEYS:
        text = raw.get(key, "")
        if text.startswith(FORMULA_PREFIXES) and not (key == "annual_fee" or key == "employees"):
            if key in REJECT_FORMULAS:
                plan.issues.append(
                    Issue(
                        row,
                        key,
                        _(
                            "starts with “%(char)s”, which a spreadsheet "
                            "would run as a formula; remove it."
                        )
                        % {"char": text[0]},
                    )
                )
                continue
            text = text.lstrip("".join(FORMULA_PREFIXES) + " ")
            plan.issues.append(
                Issue(row, key, _("leading formula characters were removed."), WARNING)
            )
        if not text:
            if key in REQUIRED_KEYS:
                plan.issues.append(Issue(row, key, _("is required.")))
            continue
        limit = MAX_LENGTH.get(key, 2_000)
        if len(text) > limit:
            plan.issues.append(
                Issue(row, key, _("is longer than %(max)s characters.") % {"max": limit})
            )
            continue
        try:
            values[key] = CLEANERS.get(key, text_cleaner)(text, topic_lookup, today)
        except RowError as error:
            plan.issues.append(Issue(row, key, error.message))
    values.setdefault("country", "NO")
    if values.get("org_number") and values["country"] != "NO":
        plan.issues.append(
            Issue(
                row,
                "org_number",
                _(
                    "only Norwegian organisations (country NO) "
                    "have a Norwegian organisation number."
                ),
            )
        )
    if values.get("contact_email") and not values.get("contact_name"):
        plan.issues.append(Issue(row, "contact_name", _("is needed when contact_email is given.")))
    plan.values = values
    plan.name = values.get("name", plan.name)
    plan.org_number = values.get("org_number")
    return plan


def _flag_duplicates(plans: list[RowPlan]) -> None:
    by_key: dict[tuple[str, ...], list[RowPlan]] = defaultdict(list)
    for plan in plans:
        if plan.values.get("org_number"):
            by_key[("org", plan.values["org_number"])].append(plan)
        elif plan.values.get("name"):
            by_key[("name", plan.values["name"].casefold(), plan.values["country"])].append(plan)
    for key, group in by_key.items():
        if len(group) < 2:
            continue
        field = "org_number" if key[0] == "org" else "name"
        for plan in group:
            others = ", ".join(str(other.row) for other in group if other is not plan)
            message = (
                _("the same organisation number is also in row %(rows)s.")
                if field == "org_number"
                else _("the same organisation (name and country) is also in row %(rows)s.")
            )
            plan.issues.append(Issue(plan.row, field, message % {"rows": others}))
