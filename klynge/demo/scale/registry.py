"""Generated clusters, logins, organisations, memberships (with history) and people."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from klynge.clusters.models import Cluster, ClusterRole, Topic
from klynge.core.bulk import insert_rows, next_id
from klynge.members.models import Organisation

from . import vocab
from .context import (
    EMAIL_DOMAIN,
    PASSWORD,
    Context,
    Weighted,
    recent_day,
    spread,
)

ORG_NUMBER_BASE = 85_000_000  # fictional range, apart from brreg_fake's 810 000 000 onwards
WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def org_numbers(start: int = ORG_NUMBER_BASE) -> Iterator[str]:
    """Valid Norwegian organisation numbers in increasing order (mod-11 check digit)."""
    base = start
    while True:
        digits = f"{base:08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            yield digits + str(check)
        base += 1


def topics(ctx: Context) -> None:
    for slug, name_en, name_nb in vocab.TOPICS:
        topic, _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_nb": name_nb}
        )
        ctx.topic_ids[slug] = topic.pk


def clusters(ctx: Context) -> None:
    """Clusters (1 is the big Norwegian one), their focus topics, programme officer and managers."""
    rng = ctx.rng("clusters")
    scale = ctx.scale
    countries = Weighted([(c[0], c[1]) for c in vocab.COUNTRIES])
    regions = {c[0]: c[2].split() for c in vocab.COUNTRIES}
    first = next_id(Cluster)
    rows = []
    for index in range(scale.clusters):
        norwegian = index < scale.norwegian_clusters
        country = "NO" if norwegian else countries.pick(rng)
        theme, theme_topics = vocab.CLUSTER_THEMES[index % len(vocab.CLUSTER_THEMES)]
        if norwegian:
            _number, place, region, _weight = rng.choice(vocab.MUNICIPALITIES)
        else:
            place = region = rng.choice(regions[country])
        if index == 0:
            theme, theme_topics, place, region = (
                "Smart Energy",
                vocab.CLUSTER_THEMES[0][1],
                "Halden",
                "Østfold",
            )
        label = "NCE" if norwegian and rng.random() < 0.3 else "Cluster"
        name = f"{theme} {label} {place} {index + 1} (synthetic)"
        short = f"{theme[:10]} {place[:12]} {index + 1}"
        founded = 2006 + rng.randrange(17) if index else 2009
        cluster_id = first + index
        ctx.cluster_ids.append(cluster_id)
        ctx.cluster_country.append(country)
        ctx.cluster_founded.append(founded)
        ctx.cluster_topics.append(theme_topics)
        rows.append(
            (
                cluster_id,
                name,
                short,
                slugify(f"scale {theme} {index + 1}")[:60],
                f"Synthetic {theme.lower()} cluster in {place}, generated for scale tests.",
                f"{theme} {place} Cluster Management (synthetic)",
                place,
                region,
                country,
                founded,
                f"https://cluster-{index + 1}.scale.example",
            )
        )
    columns = (
        "id name short_name slug description_en operator_name city region country founded website"
    )
    ctx.added("clusters", insert_rows(Cluster, columns.split(), rows))
    links = (
        (cluster_id, ctx.topic_ids[slug])
        for cluster_id, theme_topics in zip(ctx.cluster_ids, ctx.cluster_topics, strict=True)
        for slug in theme_topics
    )
    insert_rows(Cluster.focus_topics.through, ["cluster_id", "topic_id"], links)
    _logins(ctx)


def _logins(ctx: Context) -> None:
    """manager@, staff@, officer@ and one manager per cluster; contacts come with the people."""
    user_model = get_user_model()
    password = make_password(PASSWORD)
    first = next_id(user_model)
    rows = [
        (first, f"manager@{EMAIL_DOMAIN}", "Benchmark Manager", False),
        (first + 1, f"staff@{EMAIL_DOMAIN}", "Benchmark Staff", False),
        (first + 2, f"officer@{EMAIL_DOMAIN}", "Benchmark Officer", True),
    ]
    for index in range(1, ctx.scale.clusters):
        rows.append((first + 2 + index, f"manager{index + 1}@{EMAIL_DOMAIN}", "", False))
    contact_first = first + 2 + ctx.scale.clusters
    for index in range(ctx.scale.contacts):
        email = f"contact{index + 1}@{EMAIL_DOMAIN}"
        rows.append((contact_first + index, email, f"Contact {index + 1}", False))
    ctx.manager_ids = [first] + [first + 2 + i for i in range(1, ctx.scale.clusters)]
    ctx.officer_id = first + 2
    ctx.contact_user_ids = [contact_first + i for i in range(ctx.scale.contacts)]
    columns = ["id", "email", "full_name", "is_programme_officer", "password", "language"]
    users = ((*row, password, "en") for row in rows)
    ctx.added("logins", insert_rows(user_model, columns, users))
    roles = [(first + 1, ctx.cluster_ids[0], "staff")]
    roles += [
        (user, cluster, "manager")
        for user, cluster in zip(ctx.manager_ids, ctx.cluster_ids, strict=True)
    ]
    insert_rows(ClusterRole, ["user_id", "cluster_id", "role"], roles)


def cluster_sizes(ctx: Context) -> list[int]:
    """Active members per cluster: long-tailed (Pareto), at least 15, cluster 1 the largest."""
    rng = ctx.rng("sizes")
    scale = ctx.scale
    others = scale.clusters - 1
    weights = [min(rng.paretovariate(1.6), 40.0) for _ in range(others)]
    sizes = spread(scale.memberships - scale.big_cluster_members, weights, minimum=15)
    return [scale.big_cluster_members, *[min(s, scale.big_cluster_members - 1) for s in sizes]]


def organisations(ctx: Context) -> None:
    """Organisations per country, enough for the country's clusters; Norwegian ones with numbers."""
    rng = ctx.rng("organisations")
    scale = ctx.scale
    ctx.cluster_sizes = cluster_sizes(ctx)
    slots: dict[str, int] = {}
    for country, size in zip(ctx.cluster_country, ctx.cluster_sizes, strict=True):
        slots[country] = slots.get(country, 0) + size
    countries = sorted(slots, key=lambda c: (c != "NO", c))
    shares = spread(scale.organisations, [slots[c] for c in countries], minimum=1)
    pools = dict(zip(countries, shares, strict=True))
    need = int(scale.big_cluster_members * 1.3)
    if pools["NO"] < need:  # the big cluster needs its Norwegian pool; take from the largest
        largest = max((c for c in countries if c != "NO"), key=lambda c: pools[c], default=None)
        if largest is not None:
            moved = min(need - pools["NO"], pools[largest] - 1)
            pools["NO"] += moved
            pools[largest] -= moved
    kinds = Weighted(vocab.KIND_WEIGHTS)
    places = Weighted([(m, m[3]) for m in vocab.MUNICIPALITIES])
    regions = {c[0]: c[2].split() for c in vocab.COUNTRIES}
    suffixes = {c[0]: c[3] for c in vocab.COUNTRIES}
    numbers = org_numbers()
    first = next_id(Organisation)
    founded_from = datetime.date(1950, 1, 1)

    def rows() -> Iterator[tuple[Any, ...]]:
        index = 0
        for country in countries:
            for _ in range(pools[country]):
                org_id = first + index
                kind = kinds.pick(rng)
                employees = _headcount(rng, kind)
                name = (
                    f"{rng.choice(vocab.NAME_PREFIX)}{rng.choice(vocab.NAME_STEM)} "
                    f"{rng.choice(vocab.NAME_SECTOR)}"
                )
                nace = rng.sample(vocab.NACE, 1 + (rng.random() < 0.3))
                if country == "NO":
                    number, municipality, county, _w = places.pick(rng)
                    name += " AS" if vocab.ORG_FORM[kind] in ("AS", "ASA") else ""
                    org_number, vat = next(numbers), ""
                    city = municipality
                else:
                    number = municipality = ""
                    county = city = rng.choice(regions[country])
                    name += f" {suffixes[country]}"
                    org_number, vat = None, f"{country}{rng.randrange(10**9):09d}"
                ctx.org_ids.append(org_id)
                ctx.org_country.append(country)
                ctx.org_kind.append(kind)
                ctx.org_size.append(_size(employees))
                ctx.org_name.append(name)
                index += 1
                yield (
                    org_id,
                    name,
                    org_number,
                    country,
                    vat,
                    kind,
                    vocab.ORG_FORM[kind] if country == "NO" else "",
                    employees,
                    nace,
                    nace[0],
                    municipality,
                    number,
                    county,
                    city,
                    f"https://org{org_id}.scale.example" if rng.random() < 0.6 else "",
                    recent_day(rng, founded_from, ctx.today - datetime.timedelta(days=400)),
                    rng.random() < 0.01,
                )

    columns = (
        "id name org_number country vat_id kind org_form employees nace_codes nace_primary "
        "municipality municipality_number county city website founded_on is_bankrupt"
    )
    ctx.added("organisations", insert_rows(Organisation, columns.split(), rows()))
    topic_ids = list(ctx.topic_ids.values())
    links = (
        (org_id, topic)
        for org_id in ctx.org_ids
        for topic in rng.sample(topic_ids, rng.choice((0, 1, 1, 2, 2, 3)))
    )
    insert_rows(Organisation.topics.through, ["organisation_id", "topic_id"], links)


def _headcount(rng: random.Random, kind: str) -> int | None:
    if rng.random() < 0.08:
        return None
    low, high = {
        "startup": (1, 15),
        "sme": (1, 249),
        "large": (250, 20000),
        "university": (300, 8000),
        "research_institute": (30, 1500),
        "public_sector": (20, 5000),
        "finance": (5, 500),
        "cluster_organisation": (2, 15),
        "other": (1, 100),
    }[kind]
    return min(high, low + int((high - low) * rng.random() ** 3))


def _size(employees: int | None) -> str:
    if employees is None:
        return "unknown"
    if employees < 10:
        return "micro"
    return "small" if employees < 50 else "medium" if employees < 250 else "large"
