"""Benchmark the course participants export: streamed value rows against per-row model instances.

Builds one course with N enrolments (default 10,000; people with and without organisations, every
status and source) in a fresh SQLite database (or the scratch PostgreSQL database in DATABASE_URL),
then writes the whole CSV export twice, each the best of R runs:

* `streamed`: the view's row generator (`values_list(...).iterator()`, labels translated once), and
* `per_row`: the former way, model instances with `get_*_display()` and a choices dict per row,

and prints JSON with both times, their ratio (per_row / streamed, timed in the same run), the
queries of each, and the peak Python memory of each (tracemalloc, measured in a separate pass).

    .venv/bin/python benchmarks/exports.py [--rows 10000] [--repeat 3] [--seed 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._django import setup  # noqa: E402


def build(rows: int, seed: int) -> Any:
    """A course with `rows` enrolments, written in bulk (deterministic by seed)."""
    from django.utils import timezone

    from klynge.clusters.models import Cluster
    from klynge.learning.models import Course, Enrolment
    from klynge.members.models import Organisation, Person

    rng = random.Random(seed)
    cluster = Cluster.objects.create(name="Bench cluster", short_name="Bench", slug="bench")
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Bench {i:04d} AS", employees=rng.randint(1, 900)) for i in range(200)]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                full_name=f"Person {i:05d}",
                email=f"p{i}@example.org",
                organisation=rng.choice([None, *orgs]),
            )
            for i in range(rows)
        ]
    )
    course = Course.objects.create(cluster=cluster, title="Bench course", capacity=rows)
    statuses = ["enrolled", "enrolled", "completed", "applied"]
    enrolments = []
    for person in people:
        status = rng.choice(statuses)
        done = status == "completed"
        enrolments.append(
            Enrolment(
                course=course,
                person=person,
                organisation_id=person.organisation_id,
                status=status,
                source=rng.choice(Enrolment.Source.values),
                enrolled_at=timezone.now(),
                completed_on=timezone.localdate() if done else None,
                credits_earned=rng.choice([None, 5]) if done else None,
                certificate_code=f"B-{person.pk}" if done else "",
            )
        )
    Enrolment.objects.bulk_create(enrolments)
    return course


def per_row(enrolments: Any) -> Iterator[list[Any]]:
    """The former export rows: model instances, labels looked up per row."""
    from django.utils import timezone

    from klynge.members.models import Organisation

    for e in enrolments:
        size = ""
        if e.organisation_id:
            size = str(dict(Organisation.SizeClass.choices).get(e.organisation.size_class, ""))
        yield [
            e.person.full_name,
            e.person.email,
            e.organisation.name if e.organisation_id else "",
            size,
            e.get_status_display(),
            e.waitlist_position or "",
            e.get_source_display(),
            e.fee,
            timezone.localtime(e.enrolled_at).strftime("%Y-%m-%d") if e.enrolled_at else "",
            e.completed_on.isoformat() if e.completed_on else "",
            e.credits_earned if e.credits_earned is not None else "",
            e.completion_evidence,
            e.certificate_code,
        ]


def write_csv(rows: Callable[[Any], Iterator[list[Any]]], course: Any) -> int:
    """The whole CSV export of the course through `csv_response`; its size in bytes."""
    from klynge.core.exports import csv_response
    from klynge.learning.selectors.enrolments import enrolment_list_for_course

    response = csv_response("bench", ["h"] * 13, rows(enrolment_list_for_course(course=course)))
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def timed(function: Callable[[], int], repeat: int) -> tuple[float, int, int, int]:
    """Best time of `repeat` runs, the bytes written, the queries and the peak memory of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, size = [], 0
    for _index in range(repeat):
        started = time.perf_counter()
        size = function()
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        function()
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(times), size, len(captured.captured_queries), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder))
        from django.db import connection
        from django.utils import translation

        from klynge.learning.views.enrolments import _rows

        course = build(args.rows, args.seed)
        with translation.override("nb"):
            new_seconds, new_bytes, new_queries, new_peak = timed(
                lambda: write_csv(_rows, course), args.repeat
            )
            old_seconds, old_bytes, old_queries, old_peak = timed(
                lambda: write_csv(per_row, course), args.repeat
            )
        print(
            json.dumps(
                {
                    "benchmark": "exports",
                    "export": "course participants (CSV)",
                    "database": connection.vendor,
                    "rows": args.rows,
                    "same_bytes": new_bytes == old_bytes,
                    "streamed_seconds": round(new_seconds, 3),
                    "per_row_seconds": round(old_seconds, 3),
                    "ratio": round(old_seconds / new_seconds, 2) if new_seconds else None,
                    "streamed_queries": new_queries,
                    "per_row_queries": old_queries,
                    "streamed_peak_mib": round(new_peak / 2**20, 1),
                    "per_row_peak_mib": round(old_peak / 2**20, 1),
                    "repeat": args.repeat,
                    "seed": args.seed,
                    "load_average": round(os.getloadavg()[0], 2),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
