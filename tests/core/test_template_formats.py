"""Dates and times in templates go through Django's localisation: a named format
(DATE_FORMAT, SHORT_DATETIME_FORMAT, ...) and never literal format characters, which would show
English month names in Norwegian ("Des"). Machine formats in `datetime`/`value` attributes
(ISO 8601 for <time> and <input type="date">) are not for people to read and may stay."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "klynge"
FILTER = re.compile(r"\|(?:date|time):([\"'])([^\"']*)\1")
MACHINE = re.compile(r"(?:datetime|value)=\"\{\{[^}]*\|date:'(?:c|Y-m-d)'\s*\}\}\"")


def test_no_template_hard_codes_a_date_format() -> None:
    found = []
    for path in sorted(ROOT.rglob("*.html")):
        text = MACHINE.sub("", path.read_text())
        for match in FILTER.finditer(text):
            if not match.group(2).endswith("_FORMAT"):
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert found == []


def test_no_link_doubles_its_question_mark() -> None:
    """`{% querystring %}` writes its own "?"; a "?" before it made links like "??export=xlsx"."""
    found = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.rglob("*.html"))
        if "?{% querystring" in path.read_text()
    ]
    assert found == []


def test_money_is_grouped_in_the_reader_language() -> None:
    from django.utils import translation

    from klynge.core.templatetags.money import money

    with translation.override("nb"):
        assert money(18000000) == "18\u00a0000\u00a0000\u00a0kr"
    with translation.override("en"):
        assert money(18000000) == "NOK\u00a018,000,000"
        assert money("1234.5") == "NOK\u00a01,234.50"
        assert money(None) == ""
