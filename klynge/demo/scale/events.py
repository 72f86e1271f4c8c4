"""Generated events (one big upcoming conference in cluster 1), registrations and feedback."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from klynge.core.bulk import insert_rows, next_id
from klynge.events.models import Event, Feedback, Registration

from . import vocab
from .context import Context, Weighted, at, day_between, spread, token

PAST_YEARS = 6
GUEST_SHARE = 0.08
CANCELLED_SHARE = 0.07
CAPACITIES = (20, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500)


class PersonPicker:
    """Picks distinct people of a cluster's (former) member organisations, and some guests."""

    def __init__(self, ctx: Context, rng: random.Random, orgs: list[int]) -> None:
        self.ctx, self.rng, self.orgs = ctx, rng, orgs

    def pick(self, count: int) -> list[tuple[int, int | None]]:
        """`count` distinct (person id, organisation id or None) pairs (fewer if the pool is small)."""
        ctx, rng, orgs = self.ctx, self.rng, self.orgs
        seen: set[int] = set()
        chosen: list[tuple[int, int | None]] = []
        attempts = 0
        while len(chosen) < count and attempts < count * 4:
            attempts += 1
            if not orgs or rng.random() < GUEST_SHARE:
                person, org_id = rng.choice(ctx.guest_ids), None
            else:
                org = rng.choice(orgs)
                start, size = ctx.person_range[org]
                person, org_id = start + rng.randrange(size), ctx.org_ids[org]
            if person not in seen:
                seen.add(person)
                chosen.append((person, org_id))
        return chosen


def events(ctx: Context) -> None:
    rng = ctx.rng("events")
    scale = ctx.scale
    kinds = Weighted(vocab.EVENT_KINDS)
    per_cluster = spread(scale.events, [size**0.7 for size in ctx.cluster_sizes], minimum=2)
    others = max(1, int((sum(per_cluster) - 1) * 0.9))  # about 90 % are published
    mean = (scale.registrations - scale.big_event_registrations) / others
    first_event = next_id(Event)
    event_rows: list[tuple] = []
    plans: list[tuple] = []  # what to register for each published event, streamed afterwards
    topic_rows: list[tuple[int, int]] = []
    begin = ctx.today - datetime.timedelta(days=365 * PAST_YEARS)
    end = ctx.today + datetime.timedelta(days=365)
    for c, count in enumerate(per_cluster):
        for n in range(count):
            event_id = first_event + len(event_rows)
            big = c == 0 and n == 0
            if big:
                ctx.big_event_id = event_id
                kind, capacity = "partner_conference", None
                day = ctx.today + datetime.timedelta(days=21)
                wanted = scale.big_event_registrations
            else:
                kind, day = kinds.pick(rng), day_between(rng, begin, end)
                capacity = rng.choice(CAPACITIES) if rng.random() < 0.6 else None
                wanted = int(rng.expovariate(1 / mean)) if mean > 0 else 0
            starts = at(day, rng.randrange(8, 16), rng.choice((0, 30)))
            ends = starts + datetime.timedelta(hours=rng.randrange(1, 8))
            published = big or rng.random() < 0.9
            status = "published" if published else rng.choice(("draft", "cancelled"))
            title = f"{rng.choice(vocab.EVENT_TITLES)} {day:%Y} #{n + 1}"
            if big:
                title = f"Partner conference {day:%Y} (synthetic, {wanted} participants)"
            event_rows.append(
                (
                    event_id,
                    ctx.cluster_ids[c],
                    kind,
                    title,
                    f"Synthetic {kind.replace('_', ' ')} generated for scale tests.",
                    starts,
                    ends,
                    "Online" if kind == "webinar" else f"Venue {rng.randrange(1, 200)}",
                    "public" if big else rng.choice(("public", "public", "members", "invited")),
                    capacity,
                    starts - datetime.timedelta(days=60),
                    starts - datetime.timedelta(hours=2),
                    status,
                    ctx.manager_ids[c],
                )
            )
            topic_rows.append((event_id, ctx.topic_ids[rng.choice(ctx.cluster_topics[c])]))
            if published and wanted:
                plans.append((c, event_id, starts, capacity, ends < ctx.now, wanted))
    columns = (
        "id cluster_id kind title description starts_at ends_at venue audience capacity "
        "registration_opens_at registration_closes_at status created_by_id"
    )
    ctx.added("events", insert_rows(Event, columns.split(), event_rows))
    insert_rows(Event.topics.through, ["event_id", "topic_id"], topic_rows)
    feedback: list[tuple] = []
    columns = (
        "id event_id person_id organisation_id organisation_name status waitlist_position source "
        "token cancelled_at checked_in_at created_at"
    )
    first = next_id(Registration)  # before the COPY starts: no query may run during it
    rows = _registrations(ctx, ctx.rng("registrations"), plans, first, feedback)
    ctx.added("registrations", insert_rows(Registration, columns.split(), rows))
    insert_rows(Feedback, ["registration_id", "score", "comment"], feedback)


def _registrations(
    ctx: Context, rng: random.Random, plans: list[tuple], first: int, feedback: list[tuple]
) -> Iterator[tuple[Any, ...]]:
    """Registration rows for every planned event, streamed (a million rows need no list)."""
    registration_id = first
    sources = ("self", "self", "self", "colleague", "staff")
    picker, picker_cluster = None, -1
    for c, event_id, starts, capacity, past, wanted in plans:
        if picker is None or c != picker_cluster:  # plans come cluster by cluster
            picker, picker_cluster = PersonPicker(ctx, rng, ctx.members[c] + ctx.former[c]), c
        people = picker.pick(wanted)
        seats = capacity if capacity is not None else len(people) + 1
        taken = waiting = 0
        opens = starts - datetime.timedelta(days=60)
        window = (min(starts, ctx.now) - opens).total_seconds()
        for index, (person, org_id) in enumerate(people):
            registered = opens + datetime.timedelta(
                seconds=window * (index + 1) / (len(people) + 1)
            )
            position = cancelled = checked_in = None
            if rng.random() < CANCELLED_SHARE:
                status, cancelled = "cancelled", registered + datetime.timedelta(days=1)
            elif taken < seats:
                taken += 1
                status = "confirmed"
                if past:
                    roll = rng.random()
                    status = (
                        "attended" if roll < 0.82 else "no_show" if roll < 0.92 else "confirmed"
                    )
                    if status == "attended":
                        checked_in = starts + datetime.timedelta(minutes=rng.randrange(-20, 40))
            elif past:
                status, cancelled = "cancelled", starts
            else:
                waiting += 1
                status, position = "waitlisted", waiting
            yield (
                registration_id,
                event_id,
                person,
                org_id,
                "" if org_id else rng.choice(("", "Independent consultant", "Student")),
                status,
                position,
                rng.choice(sources),
                token(rng),
                cancelled,
                checked_in,
                min(registered, ctx.now),
            )
            if status == "attended" and rng.random() < 0.15:
                score = min(10, max(0, int(rng.gauss(8, 2))))
                comment = "" if rng.random() < 0.7 else "Useful day."
                feedback.append((registration_id, score, comment))
            registration_id += 1
