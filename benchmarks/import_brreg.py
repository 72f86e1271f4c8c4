"""Benchmark the Brønnøysund bulk import: throughput and whether memory stays flat.

Generates deterministic fake bulk files in the register's exact format (a small one of N/4 records
and a large one of N, default 200,000), imports each into a fresh database in a fresh process
(SQLite; or PostgreSQL with --postgres URL, a database that is dropped and created for each run),
then imports the same file again (nothing changed: the re-import), and prints JSON: records,
seconds, records_per_second, the re-import's, peak memory (tracemalloc peak of the import, from a
second traced run, and the growth of the process's maximum resident set during the untraced run),
and the large/small peak-memory ratio (flat memory: close to 1).

Throughput is given per wall-clock second and per CPU second of the importing process: on a shared
machine (load average above the number of CPUs) the wall-clock figure mostly measures the waiting,
the CPU figure the code. On PostgreSQL the server's CPU seconds (its backend process, read from
/proc) are counted too: `records_per_cpu_second_with_server` is the work of both sides. The load
average at the end is printed so the figures can be judged.

    .venv/bin/python benchmarks/import_brreg.py [--records 200000] [--batch-size 2000] [--no-trace]
        [--postgres postgres://postgres@127.0.0.1:5432/scale_brreg]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_RECORDS_PER_SECOND = 20000


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _server_cpu_seconds() -> float:
    """CPU seconds the PostgreSQL backend serving this process's connection has used so far (read
    from /proc: the server runs on this machine); 0 on SQLite, whose work is in this process."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def fresh_postgres(url: str) -> None:
    """Drop and create the database `url` names (connecting to the server's `postgres` database)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def worker(
    path: Path, workdir: Path, batch_size: int, trace: bool, postgres: str = ""
) -> dict[str, Any]:
    """Run one import into a fresh database (in this process) and measure it."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["KLYNGE_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = postgres or f"sqlite:///{workdir / 'bench.sqlite3'}"
    if postgres:
        fresh_postgres(postgres)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from klynge.members.models import Organisation
    from klynge.members.services.imports import brreg_import

    call_command("migrate", verbosity=0)
    rss_before = _maxrss_kib()
    if trace:
        import tracemalloc

        tracemalloc.start()
    server_started = _server_cpu_seconds()
    started, cpu_started = time.perf_counter(), time.process_time()
    stats = brreg_import(actor=None, path=path, batch_size=batch_size)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    server_seconds = _server_cpu_seconds() - server_started
    result: dict[str, Any] = {
        "records": stats.read,
        "created": stats.created,
        "skipped_invalid": stats.invalid,
        "organisations_in_db": Organisation.objects.count(),
        "seconds": round(seconds, 2),
        "records_per_second": round(stats.read / seconds),
        "cpu_seconds": round(cpu_seconds, 2),
        "records_per_cpu_second": round(stats.read / cpu_seconds),
        "server_cpu_seconds": round(server_seconds, 2),
        "records_per_cpu_second_with_server": round(stats.read / (cpu_seconds + server_seconds)),
        "maxrss_mib": round(_maxrss_kib() / 1024, 1),
        "maxrss_growth_mib": round((_maxrss_kib() - rss_before) / 1024, 1),
    }
    if not trace:  # the same file again: every record is compared, none written
        server_started = _server_cpu_seconds()
        started, cpu_started = time.perf_counter(), time.process_time()
        again = brreg_import(actor=None, path=path, batch_size=batch_size)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        server_seconds = _server_cpu_seconds() - server_started
        result["reimport_unchanged"] = again.unchanged
        result["reimport_seconds"] = round(seconds, 2)
        result["reimport_records_per_second"] = round(again.read / seconds)
        result["reimport_cpu_seconds"] = round(cpu_seconds, 2)
        result["reimport_records_per_cpu_second"] = round(again.read / cpu_seconds)
        result["reimport_server_cpu_seconds"] = round(server_seconds, 2)
        result["reimport_records_per_cpu_second_with_server"] = round(
            again.read / (cpu_seconds + server_seconds)
        )
    if trace:
        import tracemalloc

        result["tracemalloc_peak_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 2)
        tracemalloc.stop()
    return result


def _run_worker(path: Path, batch_size: int, trace: bool, postgres: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="klynge-bench-db-") as workdir:
        command = (
            [
                sys.executable,
                __file__,
                "--worker",
                str(path),
                "--workdir",
                workdir,
                "--batch-size",
                str(batch_size),
            ]
            + (["--trace"] if trace else [])
            + (["--postgres", postgres] if postgres else [])
        )
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"worker failed:\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def measure(
    records: int, directory: Path, batch_size: int, trace: bool, postgres: str
) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from klynge.members.imports.brreg_fake import write_bulk_file

    started = time.perf_counter()
    path = write_bulk_file(directory / f"enheter-{records}.json.gz", records)
    generated = time.perf_counter() - started
    result = _run_worker(path, batch_size, trace=False, postgres=postgres)
    result["file_mib"] = round(path.stat().st_size / 2**20, 1)
    result["generate_seconds"] = round(generated, 1)
    if trace:
        traced = _run_worker(path, batch_size, trace=True, postgres=postgres)
        result["tracemalloc_peak_mib"] = traced["tracemalloc_peak_mib"]
        result["traced_seconds"] = traced["seconds"]
    path.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000, help="size of the large file")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--postgres", default="", help="a PostgreSQL URL (that database is dropped and recreated)"
    )
    args = parser.parse_args()
    if args.worker:
        result = worker(args.worker, args.workdir, args.batch_size, args.trace, args.postgres)
        print(json.dumps(result))
        return
    trace = not args.no_trace
    small_records = max(1, args.records // 4)
    with tempfile.TemporaryDirectory(prefix="klynge-bench-brreg-") as directory:
        small = measure(small_records, Path(directory), args.batch_size, trace, args.postgres)
        large = measure(args.records, Path(directory), args.batch_size, trace, args.postgres)
    report: dict[str, Any] = {
        "benchmark": "import_brreg",
        "batch_size": args.batch_size,
        "database": "postgresql" if args.postgres else "sqlite",
        "small": small,
        "large": large,
        "target_records_per_second": TARGET_RECORDS_PER_SECOND,
        "meets_throughput_target": min(small["records_per_second"], large["records_per_second"])
        >= TARGET_RECORDS_PER_SECOND,
        "meets_throughput_target_per_cpu_second": min(
            small["records_per_cpu_second"], large["records_per_cpu_second"]
        )
        >= TARGET_RECORDS_PER_SECOND,
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    if trace:
        report["peak_memory_ratio_large_to_small"] = round(
            large["tracemalloc_peak_mib"] / max(small["tracemalloc_peak_mib"], 0.01), 2
        )
    report["maxrss_ratio_large_to_small"] = round(large["maxrss_mib"] / small["maxrss_mib"], 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
