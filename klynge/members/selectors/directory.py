"""The member directory of a cluster: one row per organisation, with its relevant membership.

"Active" means a membership active on the day (today unless `as_of`); "former" means a membership
that had ended by then and none active; "all" means every organisation that has (had) a membership.
A row is a `Membership` (with its organisation joined): the active one, else the latest.

Periods of one organisation in one cluster never overlap, so "active" needs no deduplication: the
list is a plain filter that the database answers from its indexes in the order asked for (walking
organisations by name, or memberships by join date, and stopping after one page). "Former" and
"all" keep the latest period per organisation with a NOT EXISTS on the (cluster, organisation,
joined) index, never a window over the whole history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.aggregates import joined_text
from klynge.core.cache import cached_figure
from klynge.core.exports import QUERY_CHUNK_ROWS

from ..figures import MEMBERS_FIGURES
from ..models import Membership, Organisation
from ..orgnumbers import format_org_number
from ..roles import active_membership_q
from ..search import organisation_text_q

STATUSES = ("active", "former", "all")
SORT_KEYS = ("name", "kind", "size", "county", "joined")
TopicLinks = Organisation.topics.through
EXPORT_FIELDS = (
    "organisation__name",
    "organisation__org_number",
    "organisation__country",
    "organisation__kind",
    "organisation__size_class",
    "organisation__employees",
    "organisation__nace_codes",
    "organisation__county",
    "organisation__municipality",
    "organisation__website",
    "category",
    "joined_on",
    "left_on",
    "fee_tier",
    "annual_fee",
    "topic_names",
)


@dataclass(frozen=True)
class DirectoryFilters:
    search: str = ""
    kind: str = ""
    size_class: str = ""
    category: str = ""
    county: str = ""
    country: str = ""
    topic: str = ""  # a topic slug
    status: str = "active"
    as_of: datetime.date | None = None
    sort: str = "name"  # one of SORT_KEYS, "-" in front for descending
    changed_since: datetime.datetime | None = None  # written since (an import's start)


def _latest(periods: QuerySet[Membership], among: Q) -> QuerySet[Membership]:
    """Each organisation's latest period of `periods` (by join date, then id) among `among`."""
    later = Membership.objects.filter(
        among,
        cluster_id=OuterRef("cluster_id"),
        organisation_id=OuterRef("organisation_id"),
    ).filter(
        Q(joined_on__gt=OuterRef("joined_on"))
        | Q(joined_on=OuterRef("joined_on"), pk__gt=OuterRef("pk"))
    )
    return periods.filter(~Exists(later))


def _rows(cluster: Cluster, status: str, on: datetime.date, as_of: Any) -> QuerySet[Membership]:
    """One membership per organisation in the list: the active one, else the latest."""
    periods = Membership.objects.filter(cluster=cluster)
    if status == "active":
        return periods.filter(active_membership_q(on))
    if status == "former":
        active = Membership.objects.filter(
            active_membership_q(on),
            cluster_id=OuterRef("cluster_id"),
            organisation_id=OuterRef("organisation_id"),
        )
        ended = Q(left_on__lte=on)
        return _latest(periods.filter(ended), ended).filter(~Exists(active))
    started = Q(joined_on__lte=as_of) if as_of is not None else Q()
    return _latest(periods.filter(started), started)


def _ordering(sort: str) -> list[Any]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        key, descending = "name", False
    expressions: dict[str, F | Lower] = {
        "name": Lower("organisation__name"),
        "kind": F("organisation__kind"),
        "size": F("organisation__employees"),
        "county": F("organisation__county"),
        "joined": F("joined_on"),
    }
    column = expressions[key]
    first = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return [first, Lower("organisation__name").asc(), "organisation_id"]


def _search_q(search: str, cluster: Cluster) -> Q:
    """Name, organisation number or VAT id (from the search index), or the name of a topic.

    The text match is a subquery on organisations alone, so PostgreSQL answers it from the trigram
    indexes (a bitmap OR) and expects few rows. The topics that match are picked from the
    directory's (cached) topic choices, the only ones its members have: a topic subquery OR-ed
    in on every search made the planner expect thousands of rows and scan every organisation.
    """
    condition = Q(organisation_id__in=Organisation.objects.filter(organisation_text_q(search)))
    needle = search.casefold()
    topics = [
        topic.pk
        for topic in directory_filter_choices(cluster=cluster)["topics"]
        if needle in topic.name_en.casefold() or needle in (topic.name_nb or "").casefold()
    ]
    if topics:
        tagged = TopicLinks.objects.filter(topic_id__in=topics).values("organisation_id")
        condition |= Q(organisation_id__in=tagged)
    return condition


def membership_list_directory(
    *, cluster: Cluster, filters: DirectoryFilters | None = None
) -> QuerySet[Membership]:
    """The filtered, sorted directory: one membership per organisation (active, else latest)."""
    filters = filters or DirectoryFilters()
    on = filters.as_of or datetime.date.today()
    status = filters.status if filters.status in STATUSES else "active"
    rows = _rows(cluster, status, on, filters.as_of).select_related("organisation")
    search = filters.search.strip()
    if search:
        rows = rows.filter(_search_q(search, cluster))
    exact = {
        "organisation__kind": filters.kind,
        "organisation__size_class": filters.size_class,
        "organisation__county": filters.county,
        "organisation__country": filters.country.upper(),
        "category": filters.category,
    }
    rows = rows.filter(**{name: value for name, value in exact.items() if value})
    if filters.changed_since is not None:
        since = filters.changed_since
        rows = rows.filter(Q(updated_at__gte=since) | Q(organisation__updated_at__gte=since))
    if filters.topic:
        tagged = TopicLinks.objects.filter(topic__slug=filters.topic).values("organisation_id")
        rows = rows.filter(organisation_id__in=tagged)
    return rows.prefetch_related("organisation__topics").order_by(*_ordering(filters.sort))


def is_unfiltered(filters: DirectoryFilters) -> bool:
    """True when the list is exactly one of the status counts (so it needs no count of its own)."""
    narrowing = (filters.search.strip(), filters.kind, filters.size_class, filters.category)
    return not any(
        (*narrowing, filters.county, filters.country, filters.topic, filters.changed_since)
    )


def directory_counts(*, cluster: Cluster, as_of: datetime.date | None = None) -> dict[str, int]:
    """How many organisations are active, former and ever members (on `as_of`), in one query.

    Periods never overlap, so an organisation is active in at most one period: "active" counts
    rows, and every organisation with a period begun by the day is either active or former.
    """
    on = as_of or datetime.date.today()
    periods = Membership.objects.filter(cluster=cluster)
    if as_of is not None:
        periods = periods.filter(joined_on__lte=as_of)
    counts = periods.aggregate(
        active=Count("pk", filter=active_membership_q(on)),
        started=Count("organisation_id", filter=Q(joined_on__lte=on), distinct=True),
        all=Count("organisation_id", distinct=True),
    )
    return {
        "active": counts["active"],
        "former": counts["started"] - counts["active"],
        "all": counts["all"],
    }


def directory_filter_choices(*, cluster: Cluster) -> dict[str, list[Any]]:
    """Counties, countries and topics that occur among the cluster's (former) members.

    A cached figure (topic "members"): reading it scans the cluster's organisations, which is too
    much for every view of the directory; member and organisation writes invalidate it.
    """

    def compute() -> dict[str, list[Any]]:
        in_cluster = Membership.objects.filter(cluster=cluster).values("organisation_id")
        pairs = set(
            Organisation.objects.filter(pk__in=in_cluster)
            .order_by()
            .values_list("county", "country")
            .distinct()
        )
        topic_ids = TopicLinks.objects.filter(organisation_id__in=in_cluster).values("topic_id")
        return {
            "counties": sorted({county for county, _country in pairs if county}),
            "countries": sorted({country for _county, country in pairs if country}),
            "topics": list(Topic.objects.filter(pk__in=topic_ids).order_by("name_en")),
        }

    return cached_figure(MEMBERS_FIGURES, f"directory-choices:{cluster.pk}", compute)


def directory_export_table(
    *, cluster: Cluster, filters: DirectoryFilters
) -> tuple[list[str], Iterator[list[Any]]]:
    """Header and rows of exactly what the filters select (every page).

    One query (topics joined into one column by a subquery), read in chunks by a generator, with
    the choice labels translated once: a long export streams in flat memory.
    """
    column = "topic__name_nb" if (get_language() or "en").startswith("nb") else "topic__name_en"
    links = TopicLinks.objects.filter(organisation_id=OuterRef("organisation_id"))
    # Plain tuples of the exported columns: building two model objects per row (and parsing four
    # timestamps nobody exports) cost more than the query.
    rows = (
        membership_list_directory(cluster=cluster, filters=filters)
        .prefetch_related(None)
        .select_related(None)
        .annotate(topic_names=joined_text(links, "organisation_id", column))
        .values_list(*EXPORT_FIELDS)
    )
    header = [
        _("Name"),
        _("Organisation number"),
        _("Country"),
        _("Kind"),
        _("Size class (estimated)"),
        _("Employees"),
        _("Industry codes (NACE)"),
        _("County / region"),
        _("Municipality"),
        _("Website"),
        _("Category"),
        _("Joined"),
        _("Left"),
        _("Fee tier"),
        _("Annual fee (NOK)"),
        _("Topics"),
    ]
    kinds = {value: str(label) for value, label in Organisation.Kind.choices}
    sizes = {value: str(label) for value, label in Organisation.SizeClass.choices}
    categories = {value: str(label) for value, label in Membership.Category.choices}

    def table() -> Iterator[list[Any]]:
        for row in rows.iterator(chunk_size=QUERY_CHUNK_ROWS):
            (name, org_number, country, kind, size_class, employees, nace_codes, county) = row[:8]
            (municipality, website, category, joined, left, fee_tier, fee, topics) = row[8:]
            yield [
                name,
                format_org_number(org_number),
                country,
                kinds.get(kind, kind),
                sizes.get(size_class, size_class),
                employees,
                ", ".join(nace_codes or []),
                county,
                municipality,
                website,
                categories.get(category, category),
                joined,
                left,
                fee_tier,
                fee,
                topics or "",
            ]

    return header, table()
