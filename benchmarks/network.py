"""Benchmark the collaboration network page of one cluster at 1,000 organisations / 20,000 links.

Builds a deterministic cluster of N member organisations (default 1,000) whose B2B meetings, shared
projects and small events make about E distinct links (default 20,000), in a fresh SQLite database
(or the PostgreSQL database in DATABASE_URL, which must be a scratch database: it is migrated and
filled), then times the network page as the cluster manager opens it:

* `total_s`: the first request, with an empty cache (rows, graph, figures, layout, drawing, page),
* `parts_s`: the same steps one by one (rows = the seven queries),
* `layout_share`: the layout's share of the first request,
* `cached_s`: the next request (layout and figures come from the cache; rows and graph are read
  again, so a change in the records shows at once),

each the best of R runs, and prints JSON.

    .venv/bin/python benchmarks/network.py [--organisations 1000] [--links 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._django import setup  # noqa: E402


def build(organisations: int, links: int, seed: int) -> Any:
    """The cluster, its manager and its records, written in bulk (deterministic by seed)."""
    from django.utils import timezone

    from klynge.accounts.models import User
    from klynge.clusters.models import Cluster, ClusterRole
    from klynge.events.models import Event, Registration
    from klynge.matchmaking.models import MatchmakingSession, Meeting, Participant
    from klynge.members.models import Membership, Organisation, Person
    from klynge.projects.models import Project, ProjectPartner

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    cluster = Cluster.objects.create(name="Bench cluster", short_name="Bench", slug="bench")
    manager = User.objects.create_user(email="manager@bench.test", password="x")
    ClusterRole.objects.create(user=manager, cluster=cluster, role="manager")
    kinds = ["sme", "sme", "sme", "startup", "large", "university", "research_institute"]
    kinds += ["public_sector", "other"]
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bench {i:05d} AS", kind=rng.choice(kinds))
            for i in range(organisations)
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(cluster=cluster, organisation=o, joined_on=datetime.date(2015, 1, 1))
            for o in orgs[: organisations * 9 // 10]
        ],
        batch_size=2000,
    )
    people = Person.objects.bulk_create(
        [Person(full_name=f"P {o.pk}", email=f"p{o.pk}@bench.test", organisation=o) for o in orgs],
        batch_size=2000,
    )
    # projects: about 3 % of the links
    projects = Project.objects.bulk_create(
        [
            Project(
                lead_cluster=cluster,
                title=f"Project {i}",
                start_date=today - datetime.timedelta(days=rng.randint(0, 1400)),
                end_date=today + datetime.timedelta(days=400),
            )
            for i in range(max(1, links // 600))
        ]
    )
    ProjectPartner.objects.bulk_create(
        [
            ProjectPartner(project=p, organisation=o)
            for p in projects
            for o in rng.sample(orgs, min(len(orgs), rng.randint(3, 8)))
        ],
        batch_size=2000,
    )
    # small events: a few links each
    events = Event.objects.bulk_create(
        [
            Event(
                cluster=cluster,
                title=f"Workshop {i}",
                starts_at=now - datetime.timedelta(days=7 * i + 1),
                ends_at=now - datetime.timedelta(days=7 * i + 1) + datetime.timedelta(hours=2),
                status="published",
            )
            for i in range(60)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                event=e,
                person=p,
                organisation_id=p.organisation_id,
                status="attended",
                token=f"{e.pk}-{p.pk}",
            )
            for e in events
            for p in rng.sample(people, 8)
        ],
        batch_size=2000,
    )
    # B2B meetings make up the rest: distinct pairs spread over sessions of 100 slots x 100 tables
    pairs: set[tuple[int, int]] = set()
    wanted = links - links // 20
    while len(pairs) < wanted:
        a, b = sorted(rng.sample(range(len(people)), 2))
        pairs.add((a, b))
    ordered = sorted(pairs)
    rng.shuffle(ordered)
    per_session = 1000
    for start in range(0, len(ordered), per_session):
        chunk = ordered[start : start + per_session]
        event = Event.objects.create(
            cluster=cluster,
            title=f"B2B {start}",
            starts_at=now - datetime.timedelta(days=30 + start // 100),
            ends_at=now - datetime.timedelta(days=30 + start // 100) + datetime.timedelta(hours=6),
            status="published",
        )
        session = MatchmakingSession.objects.create(
            event=event,
            day=(today - datetime.timedelta(days=30 + start // 100)),
            status="published",
        )
        used = sorted({i for pair in chunk for i in pair})
        participants = dict(
            zip(
                used,
                Participant.objects.bulk_create(
                    [
                        Participant(
                            session=session,
                            person=people[i],
                            organisation_id=people[i].organisation_id,
                        )
                        for i in used
                    ],
                    batch_size=2000,
                ),
                strict=True,
            )
        )
        meetings = []
        for n, (a, b) in enumerate(chunk):
            pa, pb = participants[a], participants[b]
            if pa.pk > pb.pk:
                pa, pb = pb, pa
            meetings.append(
                Meeting(session=session, a=pa, b=pb, slot=n // 100 + 1, table=n % 100 + 1)
            )
        Meeting.objects.bulk_create(meetings, batch_size=2000)
    return cluster, manager


def best(fn: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--links", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from klynge.insight.network import graph as g
        from klynge.insight.selectors.network import Period, network_rows
        from klynge.insight.views.network import network_svg

        started = time.perf_counter()
        cluster, manager = build(args.organisations, args.links, args.seed)
        build_s = time.perf_counter() - started
        client = Client()
        client.force_login(manager)
        url = f"/clusters/{cluster.slug}/network/"
        period = Period(last_year=timezone.localdate().year)

        def first() -> int:
            cache.clear()
            client.force_login(manager)
            return client.get(url).status_code

        def again() -> int:
            return client.get(url).status_code

        total_s, status = best(first, args.repeat)
        assert status == 200, status
        cached_s, status = best(again, args.repeat)
        with CaptureQueriesContext(connection) as captured:
            again()
        rows_s, rows = best(lambda: network_rows(cluster=cluster, period=period), args.repeat)
        graph_s, graph = best(
            lambda: g.build_graph(
                rows.organisations,
                projects=rows.projects,
                meetings=rows.meetings,
                gatherings=rows.gatherings,
                last_year=period.last_year,
                max_gathering=rows.small_gathering,
            ),
            args.repeat,
        )
        figures_s, _figures = best(lambda: g.figures(graph), args.repeat)
        layout_s, positions = best(lambda: g.layout(graph), args.repeat)
        drawing_s, svg = best(lambda: network_svg(graph, positions, title="Bench"), args.repeat)
        print(
            json.dumps(
                {
                    "benchmark": "network",
                    "database": connection.vendor,
                    "organisations": graph.number_of_nodes(),
                    "links": graph.number_of_edges(),
                    "repeat": args.repeat,
                    "seed": args.seed,
                    "build_data_s": round(build_s, 1),
                    "total_s": round(total_s, 3),
                    "cached_s": round(cached_s, 3),
                    "layout_share": round(layout_s / total_s, 3),
                    "parts_s": {
                        "rows": round(rows_s, 3),
                        "graph": round(graph_s, 3),
                        "figures": round(figures_s, 3),
                        "layout": round(layout_s, 3),
                        "drawing": round(drawing_s, 3),
                    },
                    "page_queries_cached": len(captured.captured_queries),
                    "svg_kb": round(len(svg) / 1024),
                    "cpu_count": os.cpu_count(),
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
