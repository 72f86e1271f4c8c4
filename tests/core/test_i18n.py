"""Norwegian translations: compiled .mo files match the .po sources and nothing is left blank."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "klynge" / "locale" / "nb" / "LC_MESSAGES"


def test_po_has_no_untranslated_or_fuzzy_entries() -> None:
    catalog = polib.pofile(str(LOCALE / "django.po"))
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []


def test_compiled_mo_is_not_stale() -> None:
    catalog = polib.pofile(str(LOCALE / "django.po"))
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                key = (entry.msgid, int(index))
                got = compiled._catalog.get(key)  # type: ignore[attr-defined]  # gettext's private table
                assert got == text, f"stale plural {entry.msgid!r}: run `make messages`"
        else:
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            got = compiled._catalog.get(key)  # type: ignore[attr-defined]  # gettext's private table
            assert got == entry.msgstr, f"stale {entry.msgid!r}: run `make messages`"
    assert len(compiled._catalog) >= len(catalog.translated_entries())  # type: ignore[attr-defined]  # private
