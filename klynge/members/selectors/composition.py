"""Cluster composition as of a date: who the members are, how the cluster grew, and ECCP eligibility.

A membership is active on day d when joined_on <= d and (left_on is empty or left_on > d). All
counts are of distinct organisations, from a fixed number of aggregate queries (seven), however
many members a cluster has. The results are frozen dataclasses so other views (programme
readiness, insight KPIs, PDFs) can reuse them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.core.dates import MIN_YEAR, check_dates

from .. import classification as cls
from ..counties import place_county_on
from ..models import Membership, Organisation
from ..roles import active_membership_q

COMMITTED_CATEGORIES = (Membership.Category.MEMBER, Membership.Category.PARTNER)
MEMBER_TYPES = (cls.INDUSTRY, cls.RESEARCH, cls.PUBLIC, cls.FINANCE, cls.OTHER_TYPE)
MEMBER_TYPE_LABELS = {
    cls.INDUSTRY: gettext_lazy("Industry"),
    cls.RESEARCH: gettext_lazy("Research and education"),
    cls.PUBLIC: gettext_lazy("Public sector"),
    cls.FINANCE: gettext_lazy("Finance and investors"),
    cls.OTHER_TYPE: gettext_lazy("Civil society and other"),
}
NACE_SECTIONS = {
    "A": gettext_lazy("Agriculture, forestry and fishing"),
    "B": gettext_lazy("Mining and quarrying"),
    "C": gettext_lazy("Manufacturing"),
    "D": gettext_lazy("Electricity, gas, steam and air conditioning"),
    "E": gettext_lazy("Water supply, sewerage and waste"),
    "F": gettext_lazy("Construction"),
    "G": gettext_lazy("Wholesale and retail trade"),
    "H": gettext_lazy("Transportation and storage"),
    "I": gettext_lazy("Accommodation and food service"),
    "J": gettext_lazy("Information and communication"),
    "K": gettext_lazy("Financial and insurance activities"),
    "L": gettext_lazy("Real estate activities"),
    "M": gettext_lazy("Professional, scientific and technical"),
    "N": gettext_lazy("Administrative and support services"),
    "O": gettext_lazy("Public administration and defence"),
    "P": gettext_lazy("Education"),
    "Q": gettext_lazy("Human health and social work"),
    "R": gettext_lazy("Arts, entertainment and recreation"),
    "S": gettext_lazy("Other service activities"),
    "T": gettext_lazy("Households as employers"),
    "U": gettext_lazy("Extraterritorial organisations"),
}
COUNTRY_NAMES = {
    "SE": gettext_lazy("Sweden"),
    "DK": gettext_lazy("Denmark"),
    "FI": gettext_lazy("Finland"),
    "IS": gettext_lazy("Iceland"),
    "DE": gettext_lazy("Germany"),
    "NL": gettext_lazy("Netherlands"),
    "BE": gettext_lazy("Belgium"),
    "FR": gettext_lazy("France"),
    "ES": gettext_lazy("Spain"),
    "PT": gettext_lazy("Portugal"),
    "IT": gettext_lazy("Italy"),
    "AT": gettext_lazy("Austria"),
    "CH": gettext_lazy("Switzerland"),
    "PL": gettext_lazy("Poland"),
    "EE": gettext_lazy("Estonia"),
    "GB": gettext_lazy("United Kingdom"),
    "IE": gettext_lazy("Ireland"),
    "US": gettext_lazy("United States"),
}
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Bucket:
    """One group of a breakdown: a stable key, a label for people, and how many members."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class YearRow:
    """One calendar year up to the as-of date. A year not over on that date is `partial`."""

    year: int
    joined: int
    left: int
    members_at_start: int
    retained: int
    members_at_end: int
    partial: bool

    @property
    def retention_rate(self) -> float | None:
        """Share of the members on 1 January still members at the year's end (or the as-of date)."""
        return self.retained / self.members_at_start if self.members_at_start else None


@dataclass(frozen=True)
class Eligibility:
    """ECCP profile rule for labels: enough committed members (members and partners) and types."""

    passed: bool
    committed_members: int
    member_types: int
    min_members: int
    min_types: int
    missing_members: int
    missing_types: int
    type_keys: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Composition:
    cluster_id: int
    as_of: date
    total: int
    has_memberships: bool
    by_category: tuple[Bucket, ...]
    by_kind: tuple[Bucket, ...]
    by_member_type: tuple[Bucket, ...]
    by_sme: tuple[Bucket, ...]
    by_size_class: tuple[Bucket, ...]
    by_nace_section: tuple[Bucket, ...]
    by_county: tuple[Bucket, ...]
    by_origin: tuple[Bucket, ...]
    foreign_countries: tuple[Bucket, ...]
    years: tuple[YearRow, ...]
    last_full_year: YearRow | None
    eligibility: Eligibility


def eligibility_thresholds() -> tuple[int, int]:
    return (
        int(settings.KLYNGE_ELIGIBILITY_MIN_MEMBERS),
        int(settings.KLYNGE_ELIGIBILITY_MIN_TYPES),
    )


def check_as_of(as_of: date | None) -> date:
    """Today (local) when None; refuse dates outside the one range of `klynge.core.dates`."""
    as_of = as_of or timezone.localdate()
    check_dates({"as_of": as_of})
    return as_of


def composition_get(*, cluster: Any, as_of: date | None = None) -> Composition:
    """The cluster's composition on `as_of` (default today)."""
    as_of = check_as_of(as_of)
    cluster_id = getattr(cluster, "pk", cluster)
    base = Membership.objects.filter(cluster_id=cluster_id)
    active = base.filter(active_membership_q(as_of))
    kind_category = _kind_category(active)
    sizes = _counts(active, "organisation__size_class")
    nace = _counts(active, "organisation__nace_primary")
    places = active.values(
        "organisation__country", "organisation__county", "organisation__municipality_number"
    )
    places = places.annotate(n=Count("organisation", distinct=True))

    by_kind, by_category, by_type = Counter(), Counter(), Counter()
    for row in kind_category:
        by_kind[row["organisation__kind"]] += row["n"]
        by_category[row["category"]] += row["n"]
        by_type[cls.member_type(row["organisation__kind"])] += row["n"]
    sections: Counter[str] = Counter()
    for code, n in nace.items():
        sections[cls.nace_section(code) or UNKNOWN] += n
    counties, countries = Counter(), Counter()
    for place in places:
        country, n = place["organisation__country"] or "NO", place["n"]
        countries[country] += n
        county = place_county_on(
            municipality_number=place["organisation__municipality_number"],
            county=place["organisation__county"],
            country=country,
            day=as_of,
        )
        counties[(county or UNKNOWN) if country == "NO" else "abroad"] += n
    norwegian = countries.pop("NO", 0)
    sme = sum(sizes.get(size, 0) for size in cls.SME_CLASSES)
    years, has_memberships = _years(base, as_of)
    full_years = [row for row in years if not row.partial]

    return Composition(
        cluster_id=cluster_id,
        as_of=as_of,
        total=sum(sizes.values()),
        has_memberships=has_memberships,
        by_category=_fixed(Membership.Category.choices, by_category),
        by_kind=tuple(b for b in _fixed(Organisation.Kind.choices, by_kind) if b.count),
        by_member_type=_fixed(MEMBER_TYPE_LABELS.items(), by_type),
        by_sme=_fixed(
            [
                ("sme", _("SME")),
                ("large", _("Large")),
                (UNKNOWN, _("Unknown size")),
                (cls.NOT_APPLICABLE, _("Not an enterprise")),
            ],
            {
                "sme": sme,
                "large": sizes.get(cls.LARGE, 0),
                UNKNOWN: sizes.get(cls.UNKNOWN, 0),
                cls.NOT_APPLICABLE: sizes.get(cls.NOT_APPLICABLE, 0),
            },
        ),
        by_size_class=_fixed(Organisation.SizeClass.choices, sizes),
        by_nace_section=_ranked(
            sections, lambda key: f"{key} – {NACE_SECTIONS[key]}", last={UNKNOWN: _("Not given")}
        ),
        by_county=_ranked(
            counties, str, last={UNKNOWN: _("Not given"), "abroad": _("Outside Norway")}
        ),
        by_origin=_fixed(
            [("norwegian", _("Norwegian")), ("international", _("International"))],
            {"norwegian": norwegian, "international": sum(countries.values())},
        ),
        foreign_countries=_ranked(countries, lambda code: str(COUNTRY_NAMES.get(code, code))),
        years=tuple(years),
        last_full_year=full_years[-1] if full_years else None,
        eligibility=_eligibility(kind_category),
    )


def eligibility_get(*, cluster: Any, as_of: date | None = None) -> Eligibility:
    """Only the eligibility check (one query), for lists of clusters and readiness views."""
    as_of = check_as_of(as_of)
    cluster_id = getattr(cluster, "pk", cluster)
    active = Membership.objects.filter(active_membership_q(as_of), cluster_id=cluster_id)
    return _eligibility(_kind_category(active))


def _kind_category(active: Any) -> list[dict[str, Any]]:
    rows = active.values("organisation__kind", "category")
    return list(rows.annotate(n=Count("organisation", distinct=True)))


def _eligibility(kind_category: list[dict[str, Any]]) -> Eligibility:
    min_members, min_types = eligibility_thresholds()
    committed = [row for row in kind_category if row["category"] in COMMITTED_CATEGORIES]
    members = sum(row["n"] for row in committed)
    present = {cls.member_type(row["organisation__kind"]) for row in committed if row["n"]}
    type_keys = tuple(key for key in MEMBER_TYPES if key in present)
    missing_members = max(min_members - members, 0)
    missing_types = max(min_types - len(type_keys), 0)
    missing = []
    if missing_members:
        missing.append(
            ngettext("%(n)d more committed member", "%(n)d more committed members", missing_members)
            % {"n": missing_members}
        )
    if missing_types:
        missing.append(
            ngettext("%(n)d more member type", "%(n)d more member types", missing_types)
            % {"n": missing_types}
        )
    return Eligibility(
        passed=not missing,
        committed_members=members,
        member_types=len(type_keys),
        min_members=min_members,
        min_types=min_types,
        missing_members=missing_members,
        missing_types=missing_types,
        type_keys=type_keys,
        missing=tuple(missing),
    )


def _years(base: Any, as_of: date) -> tuple[list[YearRow], bool]:
    """Joined, left, start, retained and end counts for each year since the first join.

    One query that reads each membership's period (rows grow with the memberships, never with the
    span of years); the counting per year happens here.
    """
    periods = list(base.values_list("organisation_id", "joined_on", "left_on"))
    if not periods:
        return [], False
    joined_dates = [joined for _org, joined, _left in periods if joined <= as_of]
    if not joined_dates:
        return [], True
    rows = []
    # A join before the range of dates (a row older than the checks) counts from the range's start.
    for year in range(max(min(joined_dates).year, MIN_YEAR), as_of.year + 1):
        start, end = date(year, 1, 1), min(date(year, 12, 31), as_of)
        joined = left = 0
        at_start, retained, at_end = set(), set(), set()
        for org, joined_on, left_on in periods:
            joined += start <= joined_on <= end
            left += left_on is not None and start <= left_on <= end
            if joined_on <= start and (left_on is None or left_on > start):
                at_start.add(org)
                if left_on is None or left_on > end:
                    retained.add(org)
            if joined_on <= end and (left_on is None or left_on > end):
                at_end.add(org)
        rows.append(
            YearRow(
                year=year,
                joined=joined,
                left=left,
                members_at_start=len(at_start),
                retained=len(retained),
                members_at_end=len(at_end),
                partial=end < date(year, 12, 31),
            )
        )
    return rows, True


def _counts(queryset: Any, field: str) -> dict[str, int]:
    rows = queryset.values(field).annotate(n=Count("organisation", distinct=True))
    return {row[field] or "": row["n"] for row in rows}


def _fixed(choices: Any, counts: dict[str, int]) -> tuple[Bucket, ...]:
    """Every choice in its own order, zeros included (a missing type is information too)."""
    return tuple(Bucket(str(key), str(label), counts.get(key, 0)) for key, label in choices)


def _ranked(
    counts: dict[str, int], label: Any, last: dict[str, str] | None = None
) -> tuple[Bucket, ...]:
    """Largest first (ties by key); the catch-all keys in `last` go to the end."""
    last = last or {}
    ranked = sorted(
        ((k, n) for k, n in counts.items() if k not in last and n), key=lambda kn: (-kn[1], kn[0])
    )
    buckets = [Bucket(key, label(key), n) for key, n in ranked]
    buckets += [
        Bucket(key, str(text), counts[key]) for key, text in last.items() if counts.get(key)
    ]
    return tuple(buckets)
