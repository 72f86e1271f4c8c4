"""The member directory of a cluster: one row per organisation, with its relevant membership.

"Active" means a membership active on the day (today unless `as_of`); "former" means a membership
that had ended by then and none active; "all" means every organisation that has (had) a membership.
A row is a `Membership` (with its organisation joined): the active one, else the latest, picked
with a window function so that the list, its count and the exports are each one query whatever
the size of the cluster (correlated subqueries per organisation do not scale on SQLite).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Lower, RowNumber
from django.utils.translation import gettext as _

from klynge.clusters.models import Cluster, Topic

from ..models import Membership, Organisation
from ..roles import active_membership_q

STATUSES = ("active", "former", "all")
SORT_KEYS = ("name", "kind", "size", "county", "joined")
TopicLinks = Organisation.topics.through


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


def _periods(cluster: Cluster, status: str, on: datetime.date, as_of: Any) -> QuerySet[Membership]:
    """The memberships that put an organisation in the list."""
    periods = Membership.objects.filter(cluster=cluster)
    if status == "active":
        return periods.filter(active_membership_q(on))
    if status == "former":
        active = Membership.objects.filter(active_membership_q(on), cluster=cluster)
        return periods.filter(left_on__lte=on).exclude(
            organisation_id__in=active.values("organisation_id")
        )
    if as_of is not None:
        return periods.filter(joined_on__lte=as_of)
    return periods


def _ordering(sort: str) -> list[Any]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        key, descending = "name", False
    expressions = {
        "name": Lower("organisation__name"),
        "kind": F("organisation__kind"),
        "size": F("organisation__employees"),
        "county": F("organisation__county"),
        "joined": F("joined_on"),
    }
    first = expressions[key]
    first = first.desc(nulls_last=True) if descending else first.asc(nulls_last=True)
    return [first, Lower("organisation__name").asc(), "organisation_id"]


def _search_q(search: str) -> Q:
    condition = Q(organisation__name__icontains=search) | Q(organisation__vat_id__icontains=search)
    digits = re.sub(r"\s+", "", search)
    if digits.isdigit() and len(digits) >= 3:
        condition |= Q(organisation__org_number__contains=digits)
    topic_hits = TopicLinks.objects.filter(
        Q(topic__name_en__icontains=search) | Q(topic__name_nb__icontains=search)
    ).values("organisation_id")
    return condition | Q(organisation_id__in=topic_hits)


def membership_list_directory(
    *, cluster: Cluster, filters: DirectoryFilters | None = None
) -> QuerySet[Membership]:
    """The filtered, sorted directory: one membership per organisation (active, else latest)."""
    filters = filters or DirectoryFilters()
    on = filters.as_of or datetime.date.today()
    status = filters.status if filters.status in STATUSES else "active"
    rows = _periods(cluster, status, on, filters.as_of).select_related("organisation")
    search = filters.search.strip()
    if search:
        rows = rows.filter(_search_q(search))
    exact = {
        "organisation__kind": filters.kind,
        "organisation__size_class": filters.size_class,
        "organisation__county": filters.county,
        "organisation__country": filters.country.upper(),
        "category": filters.category,
    }
    rows = rows.filter(**{name: value for name, value in exact.items() if value})
    if filters.topic:
        tagged = TopicLinks.objects.filter(topic__slug=filters.topic).values("organisation_id")
        rows = rows.filter(organisation_id__in=tagged)
    latest_first = Window(
        RowNumber(),
        partition_by=[F("organisation_id")],
        order_by=[F("joined_on").desc(), F("pk").desc()],
    )
    rows = rows.annotate(position=latest_first).filter(position=1)
    return rows.prefetch_related("organisation__topics").order_by(*_ordering(filters.sort))


def directory_counts(*, cluster: Cluster, as_of: datetime.date | None = None) -> dict[str, int]:
    """How many organisations are active, former and ever members (on `as_of`), in one query."""
    on = as_of or datetime.date.today()
    active = active_membership_q(on)
    active_ids = Membership.objects.filter(active, cluster=cluster).values("organisation_id")
    ended = Q(left_on__lte=on) & ~Q(organisation_id__in=active_ids)
    return _periods(cluster, "all", on, as_of).aggregate(
        active=Count("organisation_id", filter=active, distinct=True),
        former=Count("organisation_id", filter=ended, distinct=True),
        all=Count("organisation_id", distinct=True),
    )


def directory_filter_choices(*, cluster: Cluster) -> dict[str, list[Any]]:
    """Counties, countries and topics that occur among the cluster's (former) members."""
    in_cluster = Membership.objects.filter(cluster=cluster).values("organisation_id")
    pairs = set(
        Organisation.objects.filter(pk__in=in_cluster)
        .order_by()
        .values_list("county", "country")
        .distinct()
    )
    topics = Topic.objects.filter(
        pk__in=TopicLinks.objects.filter(organisation_id__in=in_cluster).values("topic_id")
    )
    return {
        "counties": sorted({county for county, _country in pairs if county}),
        "countries": sorted({country for _county, country in pairs if country}),
        "topics": list(topics.order_by("name_en")),
    }


def topics_by_organisation(*, cluster: Cluster) -> dict[int, list[Topic]]:
    """The topics of every organisation that has (had) a membership of the cluster, in one query."""
    in_cluster = Membership.objects.filter(cluster=cluster).values("organisation_id")
    links = (
        TopicLinks.objects.filter(organisation_id__in=in_cluster)
        .select_related("topic")
        .order_by("topic__name_en")
    )
    result: dict[int, list[Topic]] = defaultdict(list)
    for link in links:
        result[link.organisation_id].append(link.topic)
    return result


def directory_export_table(
    *, cluster: Cluster, filters: DirectoryFilters
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of exactly what the filters select (every page), in two queries."""
    rows = membership_list_directory(cluster=cluster, filters=filters).prefetch_related(None)
    topics = topics_by_organisation(cluster=cluster)
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
    sizes = dict(Organisation.SizeClass.choices)
    table = []
    for membership in rows:
        organisation = membership.organisation
        table.append(
            [
                organisation.name,
                organisation.org_number_display,
                organisation.country,
                organisation.get_kind_display(),
                str(sizes.get(organisation.size_class, organisation.size_class)),
                organisation.employees,
                ", ".join(organisation.nace_codes or []),
                organisation.county,
                organisation.municipality,
                organisation.website,
                membership.get_category_display(),
                membership.joined_on,
                membership.left_on,
                membership.fee_tier,
                membership.annual_fee,
                ", ".join(topic.name for topic in topics.get(organisation.pk, [])),
            ]
        )
    return header, table
