"""Pure rules for classifying organisations: EU SME size class, member types, NACE sections, counties."""

from __future__ import annotations

# EU recommendation 2003/361/EC, headcount part only (turnover and balance sheet are not known from
# the register), so every size class derived here is an estimate.
MICRO, SMALL, MEDIUM, LARGE, UNKNOWN = "micro", "small", "medium", "large", "unknown"
SME_CLASSES = (MICRO, SMALL, MEDIUM)


# Member types for composition (triple helix+), from an organisation's kind.
INDUSTRY, RESEARCH, PUBLIC, FINANCE, OTHER_TYPE = (
    "industry",
    "research",
    "public",
    "finance",
    "other",
)
MEMBER_TYPE_BY_KIND = {
    "startup": INDUSTRY,
    "sme": INDUSTRY,
    "large": INDUSTRY,
    "university": RESEARCH,
    "research_institute": RESEARCH,
    "public_sector": PUBLIC,
    "finance": FINANCE,
    "cluster_organisation": OTHER_TYPE,
    "other": OTHER_TYPE,
}


def member_type(kind: str) -> str:
    return MEMBER_TYPE_BY_KIND.get(kind, OTHER_TYPE)


# NACE Rev. 2 sections by two-digit division (SN2007 uses the same divisions).
_SECTION_RANGES = [
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
]


def nace_section(code: str | None) -> str | None:
    """'62.010' -> 'J'; None when the code is missing or not a NACE division."""
    if not code:
        return None
    digits = "".join(ch for ch in code if ch.isdigit())[:2]
    if len(digits) < 2:
        return None
    division = int(digits)
    for section, low, high in _SECTION_RANGES:
        if low <= division <= high:
            return section
    return None


# Norwegian counties by the first two digits of the municipality number (2024 division, with the
# 2020-2023 merged counties kept so older register data still maps).
COUNTY_BY_PREFIX = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
    "30": "Viken",
    "38": "Vestfold og Telemark",
    "54": "Troms og Finnmark",
}


def county_from_municipality_number(number: str | None) -> str:
    if not number or len(number) < 2:
        return ""
    return COUNTY_BY_PREFIX.get(number[:2], "")
