"""Time every page a manager, a member contact and a programme officer use, at scale.

Loads (once) the generated scale data, then for each page in `_web_pages_list.PAGES` makes N requests
with the Django test client as the page's user (in process: middleware, sessions, templates, no
network), and prints p50/p95 wall time, the number of queries, and beside each the page's raw-SQL
floor (the smallest SQL that returns the rows the page shows) timed N times in the same run.

Two ratios per page: `ratio` = page p95 / (floor p95 + base p95), where `base` is the fixed cost of
serving a logged-in page at all (base.html rendered empty, through the same middleware, for the
same user; for the API `/api/v1/me`), and `sql_ratio` = page p95 / floor p95. Targets (issue 15):
p95 <= 100 ms, at most 8 queries whatever the data size, ratio <= 2.

    .venv/bin/python benchmarks/web_pages.py [--scale country] [--requests 20] [--only NAME]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bench .venv/bin/python \
        benchmarks/web_pages.py --scale europe --requests 30

Without DATABASE_URL the data lives in var/bench/scale-<scale>-seed<seed>.sqlite3 (generated on
the first run, reused afterwards); a PostgreSQL database is generated into when it has no clusters.
JSON goes to stdout (and --json FILE), the table to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 100
TARGET_QUERIES = 8
TARGET_RATIO = 2.0


def setup(scale: str, seed: int) -> str:
    """Configure Django on the benchmark database; returns its description."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if not os.environ.get("DATABASE_URL"):
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / f'scale-{scale}-seed{seed}.sqlite3'}"
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "_web_pages_urls"
    return os.environ["DATABASE_URL"].split("@")[-1]


def load(scale_name: str, seed: int) -> None:
    from django.core.management import call_command

    from klynge.clusters.models import Cluster
    from klynge.demo.scale import SCALES, generate

    call_command("migrate", verbosity=0)
    if not Cluster.objects.exists():
        started = time.perf_counter()
        print(f"generating {scale_name} scale data (once)...", file=sys.stderr)
        generate(SCALES[scale_name], seed=seed)
        print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def find_data() -> Any:
    """The ids the pages are opened with, from the generated data (see `Data`)."""
    from _web_pages_list import API_PAGE, PAGE, Data
    from django.db.models import Count
    from django.db.models.functions import Lower
    from django.utils import timezone

    from klynge.accounts.models import User
    from klynge.events.models import Registration
    from klynge.learning.models import Course
    from klynge.members.models import Membership, Person
    from klynge.members.roles import active_membership_q
    from klynge.projects.models import Project

    manager = User.objects.get(email="manager@scale.example")
    cluster = manager.cluster_roles.get().cluster
    today = timezone.localdate()
    active = Membership.objects.filter(active_membership_q(today), cluster=cluster)
    total = active.count()
    pages = max(1, -(-total // PAGE))
    before_last = (
        active.annotate(lname=Lower("organisation__name"))
        .order_by("lname", "organisation_id")
        .values_list("lname", "organisation_id")[(pages - 1) * PAGE - 1]
    )
    big_org = (
        Person.objects.exclude(organisation=None)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["organisation_id"]
    )
    big_event = (
        Registration.objects.filter(event__cluster=cluster)
        .values("event_id")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["event_id"]
    )
    seated = Registration.objects.filter(event_id=big_event).exclude(status="cancelled")
    api_page = max(1, (seated.count() // API_PAGE) * 3 // 4)
    api_key = seated.order_by("person__full_name", "pk").values_list("person__full_name", "pk")[
        (api_page - 1) * API_PAGE - 1
    ]
    contact = User.objects.get(email="contact1@scale.example").person
    word = cluster.memberships.select_related("organisation").order_by("pk")[0].organisation.name
    return Data(
        slug=cluster.slug,
        cluster_id=cluster.pk,
        today=today,
        big_event_id=big_event,
        big_organisation_id=big_org,
        person_id=Person.objects.filter(organisation_id=big_org).order_by("pk")[1].pk,
        project_id=Project.objects.filter(lead_cluster=cluster).order_by("pk")[0].pk,
        course_id=Course.objects.filter(cluster=cluster).order_by("pk").first().pk,
        contact_organisation_id=contact.organisation_id,
        search=word.split()[0][:6].lower(),
        directory_pages=pages,
        last_page_key=tuple(before_last),
        api_registration_page=api_page,
        api_registration_key=tuple(api_key),
    )


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return round(statistics.median(ordered) * 1000, 1), round(p95 * 1000, 1)


def clients() -> dict[str, Any]:
    from django.test import Client

    from klynge.accounts.models import User

    result = {}
    for role, email in (
        ("manager", "manager@scale.example"),
        ("contact", "contact1@scale.example"),
        ("officer", "officer@scale.example"),
    ):
        client = Client()
        client.force_login(User.objects.get(email=email))
        result[role] = client
    return result


def time_request(client: Any, url: str, requests: int) -> tuple[list[float], int, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    def get() -> Any:
        response = client.get(url)
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:
                pass
        return response

    for _ in range(2):
        get()
    reset_queries()  # each request clears the log at its start; count from an empty log
    with CaptureQueriesContext(connection) as captured:
        response = get()
    queries = len(captured)  # now: the log is cleared by the next request
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        get()
        samples.append(time.perf_counter() - started)
    return samples, queries, response.status_code


def time_floor(floor: Any, data: Any, requests: int) -> list[float]:
    from django.db import connection

    with connection.cursor() as cursor:
        floor(cursor, data)
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            floor(cursor, data)
            samples.append(time.perf_counter() - started)
    return samples


def measure(requests: int, only: str) -> list[dict[str, Any]]:
    from _web_pages_list import PAGES

    data = find_data()
    by_role = clients()
    base: dict[tuple[str, bool], float] = {}
    for role, client in by_role.items():
        for api, url in ((False, "/__bench__/base/"), (True, "/api/v1/me")):
            base[role, api] = percentiles(time_request(client, url, requests)[0])[1]
    results = []
    for page in PAGES:
        if only and only.lower() not in page.name.lower():
            continue
        url = page.url(data)
        samples, queries, status = time_request(by_role[page.role], url, requests)
        p50, p95 = percentiles(samples)
        _floor50, floor95 = percentiles(time_floor(page.floor, data, requests))
        baseline = base[page.role, page.api]
        results.append(
            {
                "page": page.name,
                "role": page.role,
                "url": url,
                "status": status,
                "p50_ms": p50,
                "p95_ms": p95,
                "queries": queries,
                "floor_p95_ms": floor95,
                "base_p95_ms": baseline,
                "ratio": round(p95 / (floor95 + baseline), 2),
                "sql_ratio": round(p95 / max(floor95, 0.05), 1),
                "meets_targets": p95 <= TARGET_P95_MS
                and queries <= TARGET_QUERIES
                and p95 / (floor95 + baseline) <= TARGET_RATIO
                and status == 200,
            }
        )
        print(_line(results[-1]), file=sys.stderr, flush=True)
    return results


HEADER = (
    f"{'page':<40} {'p50':>7} {'p95':>7} {'q':>3} {'floor':>7} {'base':>6} {'ratio':>6} {'sql×':>6}"
)


def _line(row: dict[str, Any]) -> str:
    mark = (
        "" if row["meets_targets"] else "  ✗" if row["status"] == 200 else f"  HTTP {row['status']}"
    )
    return (
        f"{row['page'][:40]:<40} {row['p50_ms']:>7} {row['p95_ms']:>7} {row['queries']:>3} "
        f"{row['floor_p95_ms']:>7} {row['base_p95_ms']:>6} {row['ratio']:>6} {row['sql_ratio']:>6}{mark}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="country", choices=["small", "country", "europe"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    database = setup(args.scale, args.seed)
    load(args.scale, args.seed)
    print(HEADER + "   (ms; ratio = p95 / (floor + base))", file=sys.stderr)
    started = time.perf_counter()
    pages = measure(args.requests, args.only)
    report = {
        "benchmark": "web_pages",
        "scale": args.scale,
        "database": database,
        "requests_per_page": args.requests,
        "targets": {"p95_ms": TARGET_P95_MS, "queries": TARGET_QUERIES, "ratio": TARGET_RATIO},
        "pages": pages,
        "pages_meeting_targets": sum(p["meets_targets"] for p in pages),
        "seconds": round(time.perf_counter() - started, 1),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
