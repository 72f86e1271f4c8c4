"""Case-insensitive text lookups fold Norwegian letters on SQLite as on PostgreSQL."""

from __future__ import annotations

import pytest

from klynge.core.sqlite_text import like_regex, unicode_like
from klynge.members.models import Organisation
from tests.factories.members import OrganisationFactory


@pytest.mark.parametrize(
    ("pattern", "value", "escape", "expected"),
    [
        ("%øst%", "Østfold Energi AS", None, 1),
        ("%ØST%", "Vestøst AS", None, 1),
        ("_sa", "Åsa", None, 1),
        ("_sa", "Åssa", None, 0),
        ("æøå%", "ÆØÅ Kraft", None, 1),
        (r"%50\%%", "Rabatt 50% AS", "\\", 1),
        (r"%50\%%", "Rabatt 500 AS", "\\", 0),
        (r"%a\_b%", "xa_by", "\\", 1),
        (r"%a\_b%", "xacby", "\\", 0),
        ("%", "", None, 1),
        ("a.c", "abc", None, 0),  # regex characters are literal
    ],
)
def test_like_semantics(pattern: str, value: str, escape: str | None, expected: int) -> None:
    assert unicode_like(pattern, value, escape) == expected


def test_null_stays_null_and_patterns_are_cached() -> None:
    assert unicode_like(None, "x") is None
    assert unicode_like("%", None) is None
    assert like_regex("%abc%") is like_regex("%abc%")


@pytest.mark.django_db
def test_icontains_and_friends_fold_norwegian_letters() -> None:
    OrganisationFactory(name="Østfold Energi AS")
    OrganisationFactory(name="Ærlig Kraft AS")
    OrganisationFactory(name="Rabatt 50% AS")
    OrganisationFactory(name="Rabatt 500 AS")
    names = Organisation.objects.values_list("name", flat=True)
    assert list(names.filter(name__icontains="øst")) == ["Østfold Energi AS"]
    assert list(names.filter(name__istartswith="ærlig")) == ["Ærlig Kraft AS"]
    assert list(names.filter(name__iexact="ØSTFOLD ENERGI AS")) == ["Østfold Energi AS"]
    assert list(names.filter(name__icontains="50%")) == ["Rabatt 50% AS"]
