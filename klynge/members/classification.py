"""Pure rules for classifying organisations: EU SME size class, member types, NACE sections, counties."""

from __future__ import annotations

from datetime import date

from .counties import REFORM_2024, county_on

# EU recommendation 2003/361/EC, headcount part only (turnover and balance sheet are not known from
# the register), so every size class derived here is an estimate. Only enterprises can be SMEs:
# universities, research institutes, public bodies and associations are never counted as SMEs,
# whatever their headcount; their size class is "not applicable" (NOT_APPLICABLE).
MICRO, SMALL, MEDIUM, LARGE, UNKNOWN, NOT_APPLICABLE = (
    "micro",
    "small",
    "medium",
    "large",
    "unknown",
    "na",
)
SME_CLASSES = (MICRO, SMALL, MEDIUM)

# Organisation kinds that are not enterprises (DOMAIN.md: never SMEs).
NON_ENTERPRISE_KINDS = ("university", "research_institute", "public_sector")
# Brønnøysund organisation forms of associations and public bodies: FLI association, STAT/ORGL
# the state, FYLK county, KOMM municipality, KF/FKF municipal and county enterprises, IKS
# inter-municipal company. (Publicly controlled enterprises are not SMEs under 2003/361/EC art. 3(4).)
NON_ENTERPRISE_FORMS = ("FLI", "STAT", "ORGL", "FYLK", "KOMM", "KF", "FKF", "IKS")


def is_enterprise(kind: str, org_form: str = "") -> bool:
    return kind not in NON_ENTERPRISE_KINDS and (org_form or "").upper() not in NON_ENTERPRISE_FORMS


def size_class_from_headcount(employees: int | None) -> str:
    if employees is None:
        return UNKNOWN
    if employees < 10:
        return MICRO
    if employees < 50:
        return SMALL
    if employees < 250:
        return MEDIUM
    return LARGE


def size_class(kind: str, org_form: str, employees: int | None) -> str:
    """The estimated EU size class; "not applicable" for organisations that are not enterprises.

    `Organisation.size_class` is the same rule as a generated column (`size_class_expression`).
    """
    if not is_enterprise(kind, org_form):
        return NOT_APPLICABLE
    return size_class_from_headcount(employees)


def is_sme(kind: str, org_form: str, employees: int | None) -> bool | None:
    """SME by headcount (estimated); None when an enterprise's headcount is unknown."""
    size = size_class(kind, org_form, employees)
    if size == UNKNOWN:
        return None
    return size in SME_CLASSES


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


def county_from_municipality_number(number: str | None, on: date | None = None) -> str:
    """The county of a municipality number on `on` (default: in the newest county division).

    The rule lives in `counties.county_on`.
    """
    return county_on(number, on or REFORM_2024)
