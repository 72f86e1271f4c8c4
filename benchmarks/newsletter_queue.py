"""Benchmark queueing a newsletter: delivery rows per second and peak memory, against a raw-SQL
insert of the same rows (the floor: no ORM, one executemany per chunk), in the same run.

Creates a fresh SQLite database (or uses DATABASE_URL), a cluster with N consenting member contacts
(default 20,000), and a newsletter; then times `queue_rows` (what `newsletter_queue` runs: the
audience streamed through the members selector, rows bulk-inserted in chunks) and the raw-SQL
insert of identical rows into the same table. Peak memory is tracemalloc's peak during each; a
second, smaller audience (N/4) shows whether memory grows with N (flat: ratio close to 1).

    .venv/bin/python benchmarks/newsletter_queue.py [--recipients 20000]

stdout: one JSON object.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._django import setup  # noqa: E402


def audience(n: int, tag: str) -> Any:
    """A cluster with n consenting contacts (one organisation each 50), and a newsletter to them."""
    from django.utils import timezone

    from klynge.clusters.models import Cluster
    from klynge.communication.models import Newsletter, NewsletterItem, Post
    from klynge.members.models import Membership, Organisation, Person

    cluster = Cluster.objects.create(name=f"Bench {tag}", short_name=tag, slug=f"bench-{tag}")
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Org {tag} {i}") for i in range((n + 49) // 50)], batch_size=2000
    )
    today = timezone.localdate()
    Membership.objects.bulk_create(
        [Membership(cluster=cluster, organisation=o, joined_on=today) for o in orgs],
        batch_size=2000,
    )
    Person.objects.bulk_create(
        [
            Person(
                organisation=orgs[i // 50],
                full_name=f"Reader {i}",
                email=f"reader{i}@{tag}.example",
                language="nb" if i % 3 else "en",
                consent_newsletter=True,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    post = Post.objects.create(cluster=cluster, title_en="Bench", publish_at=timezone.now())
    newsletter = Newsletter.objects.create(
        cluster=cluster, subject_en="Bench", audience={"members": True}
    )
    NewsletterItem.objects.create(newsletter=newsletter, post=post)
    return newsletter


def timed(func: Any) -> tuple[Any, float, float]:
    """Wall-clock and CPU seconds of one untraced run."""
    started, cpu = time.perf_counter(), time.process_time()
    result = func()
    return result, time.perf_counter() - started, time.process_time() - cpu


def peak_mib(func: Any) -> float:
    """tracemalloc's peak during a second, traced run (tracing slows it, so it is not timed)."""
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def orm_queue(newsletter: Any) -> int:
    from django.db import transaction
    from django.utils import timezone

    from klynge.communication.services.newsletters import queue_rows

    with transaction.atomic():
        return queue_rows(newsletter, start=timezone.now(), rate=600)


def raw_insert(newsletter: Any, rows: list[tuple[str, str, str]]) -> int:
    """The same rows with hand-written SQL (executemany per 2,000): the baseline."""
    from django.db import connection, transaction
    from django.utils import timezone

    from klynge.notifications.models import Delivery

    table = Delivery._meta.db_table
    columns = (
        "kind, key, to_email, to_name, language, cluster_id, batch, subject, body_text, "
        "body_html, headers, attachments, status, attempts, last_error, next_attempt_at, "
        "created_at, updated_at"
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 18)})"
    now = timezone.now()
    step = datetime.timedelta(minutes=1) / 600
    batch = f"raw:{newsletter.pk}"
    with transaction.atomic(), connection.cursor() as cursor:
        chunk = []
        for index, (email, name, language) in enumerate(rows):
            chunk.append(
                (
                    "communication.newsletter",
                    f"raw:{newsletter.pk}:{email.lower()}",
                    email,
                    name,
                    language,
                    newsletter.cluster_id,
                    batch,
                    "",
                    "",
                    "",
                    "{}",
                    "[]",
                    "queued",
                    0,
                    "",
                    now + step * index,
                    now,
                    now,
                )
            )
            if len(chunk) >= 2000:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
    return Delivery.objects.filter(batch=batch).count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from klynge.communication.selectors.audience import audience_rows

        n = args.recipients
        small, big, big_again = (
            audience(n // 4, "small"),
            audience(n, "big"),
            audience(n, "again"),
        )
        queued, seconds, cpu = timed(lambda: orm_queue(big))
        rows = list(audience_rows(big))  # the baseline gets its rows ready-made (not timed)
        raw_count, raw_seconds, raw_cpu = timed(lambda: raw_insert(big, rows))
        small_peak = peak_mib(lambda: orm_queue(small))
        peak = peak_mib(lambda: orm_queue(big_again))
        raw_peak = peak_mib(lambda: raw_insert(big_again, rows[: n // 4]))
        from django.db import connection

        result = {
            "benchmark": "newsletter_queue",
            "database": connection.vendor,
            "recipients": n,
            "queued_rows": queued,
            "klynge_seconds": round(seconds, 3),
            "klynge_cpu_seconds": round(cpu, 3),
            "klynge_rows_per_second": round(queued / seconds),
            "raw_sql_rows": raw_count,
            "raw_sql_seconds": round(raw_seconds, 3),
            "raw_sql_cpu_seconds": round(raw_cpu, 3),
            "raw_sql_rows_per_second": round(raw_count / raw_seconds),
            "klynge_time_vs_raw_sql": round(seconds / raw_seconds, 2),
            "klynge_cpu_vs_raw_sql": round(cpu / raw_cpu, 2) if raw_cpu else None,
            "klynge_peak_mib": round(peak, 2),
            "klynge_peak_mib_at_quarter_size": round(small_peak, 2),
            "klynge_peak_growth_ratio": round(peak / small_peak, 2) if small_peak else None,
            "raw_sql_peak_mib_quarter_rows": round(raw_peak, 2),
            "note": "times are untraced runs; peaks come from separate traced runs. Raw SQL gets "
            "its rows as a ready list (not timed); Klynge streams them from the audience query "
            "inside the timing.",
            "load_average": os.getloadavg()[0],
        }
        print(json.dumps(result))


if __name__ == "__main__":
    main()
