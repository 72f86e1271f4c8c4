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
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from klynge.core.cache import cached_figure
from klynge.core.dates import MIN_YEAR, check_dates

from .. import classification as cls
from ..counties import place_county_on
from ..figures import MEMBERS_FIGURES
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


def composition_get(*, cluster: Any, as_of: date | None = None, cached: bool = True) -> Composition:
    """The cluster's composition on `as_of` (default today).

    A cached figure (topic "members", per cluster, day and language: its labels are translated):
    computing it reads every active member and every period of the cluster, too much for each
    view of the composition, readiness and insight pages; member and organisation writes
    invalidate it. Stored snapshots (assessment inputs, annual reports) ask with `cached=False`:
    what they keep must be read from the rows, whatever wrote them.
    """
    as_of = check_as_of(as_of)
    cluster_id = getattr(cluster, "pk", cluster)
    if not cached:
        return _composition(cluster_id, as_of)
    return cached_figure(
        MEMBERS_FIGURES,
        f"composition:{cluster_id}:{as_of.isoformat()}:{get_language() or ''}",
        lambda: _composition(cluster_id, as_of),
    )


def _composition(cluster_id: int, as_of: date) -> Composition:
    base = Membership.objects.filter(cluster_id=cluster_id)
    active = base.filter(active_membership_q(as_of))
    # Every breakdown from one read of the active members' columns (one scan, not one per
    # breakdown, and no sort of the rows to group them), counted per breakdown here in one pass.
    # Periods of an organisation never overlap, so each active membership is one organisation.
    rows = Counter(
        active.values_list(
            "organisation__kind",
            "category",
            "organisation__size_class",
            "organisation__nace_primary",
            "organisation__country",
            "organisation__county",
            "organisation__municipality_number",
        )
    )
    kind_category: Counter[tuple[str, str]] = Counter()
    sizes: Counter[str] = Counter()
    nace: Counter[str] = Counter()
    places: Counter[tuple[str, str, str]] = Counter()
    for (kind, category, size, code, country, county, municipality), n in rows.items():
        kind_category[kind, category] += n
        sizes[size or ""] += n
        nace[code or ""] += n
        places[country, county, municipality] += n

    by_kind: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    for (kind, category), n in kind_category.items():
        by_kind[kind] += n
        by_category[category] += n
        by_type[cls.member_type(kind)] += n
    sections: Counter[str] = Counter()
    for code, n in nace.items():
        sections[cls.nace_section(code) or UNKNOWN] += n
    counties: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for (country, county, municipality), n in places.items():
        country = country or "NO"
        countries[country] += n
        county = place_county_on(
            municipality_number=municipality, county=county, country=country, day=as_of
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
        eligibility=_eligibility(
            [
                {"organisation__kind": k, "category": c, "n": n}
                for (k, c), n in kind_category.items()
            ]
        ),
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

    One query that reads each membership's period; each period then adds to the years it spans
    as a range (a difference array), so the work grows with the periods plus the years, never with
    their product. Periods of an organisation never overlap, so counting periods active on a day
    counts organisations.
    """
    periods = list(base.values_list("joined_on", "left_on"))
    if not periods:
        return [], False
    periods = [(joined, left) for joined, left in periods if joined <= as_of]
    if not periods:
        return [], True
    first = max(min(joined for joined, _left in periods).year, MIN_YEAR)
    last = as_of.year
    joined_in: Counter[int] = Counter()
    left_in: Counter[int] = Counter()
    # Difference arrays by year: +1 where a range of years begins, -1 after it ends.
    at_start: Counter[int] = Counter()
    retained: Counter[int] = Counter()
    at_end: Counter[int] = Counter()
    for joined, left in periods:
        joined_in[joined.year] += 1
        # Active on 1 January of year y: joined on or before it and left after it.
        from_start = joined.year if joined.month == joined.day == 1 else joined.year + 1
        if left is None:
            until_start, until_end, stays = last, last - 1, True
        else:
            if left <= as_of:
                left_in[left.year] += 1
            until_start = left.year - 1 if left.month == left.day == 1 else left.year
            until_end, stays = min(left.year - 1, last - 1), left > as_of
        if from_start <= until_start:
            at_start[from_start] += 1
            at_start[until_start + 1] -= 1
        # Still active on 31 December (years before the as-of year) or on the as-of date.
        if stays:
            until_end = last
        if from_start <= until_end:
            retained[from_start] += 1
            retained[until_end + 1] -= 1
        if joined.year <= until_end:
            at_end[joined.year] += 1
            at_end[until_end + 1] -= 1
    rows = []
    counts = (at_start, retained, at_end)
    running = [sum(n for year, n in diff.items() if year < first) for diff in counts]
    for year in range(first, last + 1):
        for which, diff in enumerate(counts):
            running[which] += diff[year]
        end = min(date(year, 12, 31), as_of)
        rows.append(
            YearRow(
                year=year,
                joined=joined_in[year],
                left=left_in[year],
                members_at_start=running[0],
                retained=running[1],
                members_at_end=running[2],
                partial=end < date(year, 12, 31),
            )
        )
    return rows, True


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
