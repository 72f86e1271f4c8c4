"""The documented column template of the member spreadsheet import, and the value vocabularies.

One `Column` per accepted column: its key (the header), whether it is required, a description and an
example. Headers are matched case-insensitively, ignoring a trailing `*` and spaces/underscores, and
a few Norwegian header names are accepted as aliases (e.g. "organisasjonsnummer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from klynge.members.models import Membership, Organisation


@dataclass(frozen=True)
class Column:
    key: str
    required: bool
    description: str | Promise
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("name", True, _("Legal or common name of the organisation."), "Smart Energy Systems AS"),
    Column(
        "org_number",
        False,
        _(
            "Norwegian organisation number, 9 digits (spaces and the NO…MVA form are accepted). "
            "Leave empty for foreign organisations."
        ),
        "988 077 917",
    ),
    Column("country", False, _("ISO 3166 two-letter country code; empty means NO."), "NO"),
    Column(
        "kind",
        False,
        _("Kind of organisation, as a code or its English or Norwegian name (see the list)."),
        "sme",
    ),
    Column("employees", False, _("Number of employees (a whole number)."), "42"),
    Column(
        "nace_codes",
        False,
        _("Industry codes (SN2007/NACE), separated by ';'. The first is the main code."),
        "62.010; 35.140",
    ),
    Column("municipality", False, _("Municipality."), "Halden"),
    Column("county", False, _("County or region."), "Østfold"),
    Column("website", False, _("Website; https:// is added when missing."), "example.no"),
    Column(
        "category",
        False,
        _("Membership category: member, partner or associate; empty means member."),
        "member",
    ),
    Column(
        "joined_on",
        False,
        _("Date the membership started: YYYY-MM-DD or DD.MM.YYYY; empty means today."),
        "01.01.2024",
    ),
    Column("fee_tier", False, _("Name of the fee tier."), "Small company"),
    Column("annual_fee", False, _("Annual fee in NOK (a whole number)."), "15000"),
    Column("contact_name", False, _("Name of the main contact person."), "Kari Nordmann"),
    Column(
        "contact_email",
        False,
        _("Email of the main contact person (needs contact_name)."),
        "kari@example.no",
    ),
    Column(
        "topics",
        False,
        _("Competence topics as slugs or names, separated by ';'."),
        "smart-grids; energy markets",
    ),
)

COLUMN_KEYS: tuple[str, ...] = tuple(column.key for column in COLUMNS)
REQUIRED_KEYS: tuple[str, ...] = tuple(column.key for column in COLUMNS if column.required)

HEADER_ALIASES: dict[str, str] = {
    "navn": "name",
    "organisation": "name",
    "organization": "name",
    "orgnr": "org_number",
    "orgnumber": "org_number",
    "organisationnumber": "org_number",
    "organisasjonsnummer": "org_number",
    "land": "country",
    "type": "kind",
    "ansatte": "employees",
    "antallansatte": "employees",
    "næringskode": "nace_codes",
    "næringskoder": "nace_codes",
    "nace": "nace_codes",
    "kommune": "municipality",
    "fylke": "county",
    "hjemmeside": "website",
    "nettside": "website",
    "kategori": "category",
    "innmeldt": "joined_on",
    "joined": "joined_on",
    "medlemfra": "joined_on",
    "kontingentnivå": "fee_tier",
    "kontingent": "annual_fee",
    "kontaktperson": "contact_name",
    "epost": "contact_email",
    "email": "contact_email",
    "tema": "topics",
}


def _header_token(text: str) -> str:
    return re.sub(r"[\s_\-*.]+", "", text.strip().lower())


_KEY_BY_TOKEN: dict[str, str] = {_header_token(key): key for key in COLUMN_KEYS}
_KEY_BY_TOKEN.update({_header_token(alias): key for alias, key in HEADER_ALIASES.items()})


def column_for_header(header: str) -> str | None:
    """'Org number*' -> 'org_number'; None for a header that is not a known column."""
    return _KEY_BY_TOKEN.get(_header_token(header))


def _token(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


# Norwegian and English names for the kinds, besides the codes and the (translated) labels.
_KIND_WORDS: dict[str, str] = {
    "startup": "startup",
    "start-up": "startup",
    "oppstart": "startup",
    "oppstartsbedrift": "startup",
    "gründerbedrift": "startup",
    "sme": "sme",
    "smb": "sme",
    "små og mellomstore bedrifter": "sme",
    "liten bedrift": "sme",
    "mellomstor bedrift": "sme",
    "small company": "sme",
    "large": "large",
    "large company": "large",
    "stor bedrift": "large",
    "storbedrift": "large",
    "university": "university",
    "universitet": "university",
    "høgskole": "university",
    "høyskole": "university",
    "universitet eller høgskole": "university",
    "university or college": "university",
    "college": "university",
    "research institute": "research_institute",
    "forskningsinstitutt": "research_institute",
    "institutt": "research_institute",
    "public sector": "public_sector",
    "public": "public_sector",
    "offentlig": "public_sector",
    "offentlig sektor": "public_sector",
    "kommune": "public_sector",
    "finance": "finance",
    "investor": "finance",
    "finans": "finance",
    "finance or investor": "finance",
    "finans eller investor": "finance",
    "cluster organisation": "cluster_organisation",
    "klyngeorganisasjon": "cluster_organisation",
    "other": "other",
    "annet": "other",
    "annen": "other",
}

_CATEGORY_WORDS: dict[str, str] = {
    "member": "member",
    "medlem": "member",
    "medlemsbedrift": "member",
    "partner": "partner",
    "klyngepartner": "partner",
    "associate": "associate",
    "assosiert": "associate",
    "assosiert medlem": "associate",
}


def parse_kind(value: str) -> str | None:
    """A kind code from a code, an English or Norwegian name; None when unknown."""
    token = _token(value)
    for code, label in Organisation.Kind.choices:
        if token in {code, _token(str(label))}:
            return code
    return _KIND_WORDS.get(token)


def parse_category(value: str) -> str | None:
    token = _token(value)
    for code, label in Membership.Category.choices:
        if token in {code, _token(str(label))}:
            return code
    return _CATEGORY_WORDS.get(token)


def kind_codes() -> list[str]:
    return [code for code, _label in Organisation.Kind.choices]


def category_codes() -> list[str]:
    return [code for code, _label in Membership.Category.choices]
