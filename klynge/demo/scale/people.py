"""Generated memberships (active, former, and earlier periods of rejoined members) and people."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from klynge.core.bulk import insert_rows, next_id
from klynge.demo import names
from klynge.members.models import Membership, Person

from . import vocab
from .context import EMAIL_DOMAIN, Context, Weighted, ascii_fold, day_between, recent_day, spread

INTERNATIONAL_SHARE = 0.08
FORMER_SHARE = 0.3
REJOINED_SHARE = 0.05
FEES = {"micro": 5000, "small": 10000, "medium": 25000, "large": 50000, "unknown": 5000}
PEOPLE_WEIGHT = {"unknown": 2.0, "micro": 2.0, "small": 3.5, "medium": 6.0, "large": 10.0}
GUEST_SHARE = 0.05


def memberships(ctx: Context) -> None:
    rng = ctx.rng("memberships")
    by_country: dict[str, list[int]] = {}
    for index, country in enumerate(ctx.org_country):
        by_country.setdefault(country, []).append(index)
    everyone = range(len(ctx.org_ids))
    categories = Weighted([("member", 80), ("partner", 12), ("associate", 8)])
    first = next_id(Membership)
    rows: list[tuple] = []
    for c, size in enumerate(ctx.cluster_sizes):
        pool = by_country[ctx.cluster_country[c]]
        foreign = 0 if c == 0 else int(size * INTERNATIONAL_SHARE)
        chosen = set(rng.sample(pool, min(size - foreign, len(pool))))
        while len(chosen) < size:
            chosen.add(rng.choice(everyone))
        current = sorted(chosen)
        former: list[int] = []
        for _ in range(int(size * FORMER_SHARE)):
            candidate = rng.choice(pool)
            if candidate not in chosen:
                chosen.add(candidate)
                former.append(candidate)
        ctx.members.append(current)
        ctx.former.append(former)
        start = datetime.date(ctx.cluster_founded[c], 1, 1)
        yesterday = ctx.today - datetime.timedelta(days=1)
        for org in current:
            joined = recent_day(rng, start, yesterday)
            if rng.random() < REJOINED_SHARE and (joined - start).days > 60:
                earlier = day_between(rng, start, joined - datetime.timedelta(days=60))
                left = day_between(rng, earlier, joined - datetime.timedelta(days=1))
                rows.append(_row(ctx, rng, categories, c, org, earlier, left))
            rows.append(_row(ctx, rng, categories, c, org, joined, None))
        for org in former:
            joined = recent_day(rng, start, yesterday)
            left = day_between(rng, joined, yesterday)
            rows.append(_row(ctx, rng, categories, c, org, joined, left))
    ctx.contact_orgs = ctx.members[0][: ctx.scale.contacts]
    columns = "id cluster_id organisation_id category fee_tier annual_fee joined_on left_on"
    numbered = ((first + i, *row) for i, row in enumerate(rows))
    ctx.added("memberships", insert_rows(Membership, columns.split(), numbered))


def _row(
    ctx: Context,
    rng: random.Random,
    categories: Weighted,
    c: int,
    org: int,
    joined: datetime.date,
    left: datetime.date | None,
) -> tuple[Any, ...]:
    size = ctx.org_size[org]
    category = categories.pick(rng)
    fee = None if category == "associate" else FEES[size]
    tier = "" if fee is None else f"Tier {size}"
    return (ctx.cluster_ids[c], ctx.org_ids[org], category, tier, fee, joined, left)


def people(ctx: Context) -> None:
    """People per organisation (more in larger ones), plus guests without an organisation."""
    rng = ctx.rng("people")
    total = int(ctx.scale.people * (1 - GUEST_SHARE))
    counts = spread(total, [PEOPLE_WEIGHT[size] for size in ctx.org_size], minimum=1)
    ctx.big_organisation = ctx.members[0][0]
    counts[ctx.big_organisation] = ctx.scale.big_organisation_people
    first = next_id(Person)
    total = sum(counts)
    contacts = dict(zip(ctx.contact_orgs, ctx.contact_user_ids, strict=False))
    ctx.person_range = []
    next_person = first
    for count in counts:
        ctx.person_range.append((next_person, count))
        next_person += count
    guests = ctx.scale.people - total
    ctx.guest_ids = list(range(next_person, next_person + guests))

    def rows() -> Iterator[tuple[Any, ...]]:
        for org, (start, count) in enumerate(ctx.person_range):
            org_id = ctx.org_ids[org]
            language = "nb" if ctx.org_country[org] == "NO" else "en"
            for pid in range(start, start + count):
                first_name, last_name = rng.choice(names.FIRST), rng.choice(names.LAST)
                user_id = contacts.get(org) if pid == start else None
                if user_id is not None:
                    number = ctx.contact_user_ids.index(user_id) + 1
                    email = f"contact{number}@{EMAIL_DOMAIN}"
                else:
                    local = ascii_fold(f"{first_name}.{last_name}.{pid}").lower()
                    email = f"{local}@org{org_id}.{EMAIL_DOMAIN}"
                yield (
                    pid,
                    f"{first_name} {last_name}",
                    email,
                    f"+47 {rng.randrange(40_000_000, 99_999_999)}",
                    rng.choice(vocab.TITLES),
                    org_id,
                    language,
                    rng.random() < 0.4,
                    user_id,
                )
        for pid in ctx.guest_ids:
            first_name, last_name = rng.choice(names.FIRST), rng.choice(names.LAST)
            local = ascii_fold(f"{first_name}.{last_name}.{pid}").lower()
            yield (
                pid,
                f"{first_name} {last_name}",
                f"{local}@mail.{EMAIL_DOMAIN}",
                "",
                "",
                None,
                "nb",
                False,
                None,
            )

    columns = "id full_name email phone title organisation_id language consent_directory user_id"
    ctx.added("people", insert_rows(Person, columns.split(), rows()))
