"""Load test of the production stack on this machine (loopback only, bounded in time).

Starts what production runs: gunicorn (config/gunicorn.py, production settings) with --app-servers
worker processes, --workers `manage.py db_worker` processes, PostgreSQL (DATABASE_URL, default
database `scale_load`, copied from `scale_load_template`, which is filled once with `country`
scale data) and Redis (REDIS_URL: sessions, rate-limit counters, cached figures). Then --users
concurrent clients (asyncio, httpx) drive a mix for --seconds: the member directory (a manager),
guest registration for one event with limited seats (form, then POST), B2B meeting requests (member
contacts) and API lists (a bearer token). Afterwards it waits for the task queue to drain and checks
that every background task (confirmation and request mails) ran exactly once, and that the event
was not oversold. Prints JSON (stdout) and a table (stderr); stops every process it started.

Rate limits and the bot check are switched off for the run (KLYNGE_RATE_LIMITS_ENABLED=0,
KLYNGE_BOTCHECK_ENABLED=0): thousands of guests from one address would otherwise be refused
(that is what they are for), and the test measures throughput, not the limits. Mail goes to
Django's dummy backend (no network); the delivery log and the task results are what is checked.

    .venv/bin/python benchmarks/load_test.py [--users 50] [--seconds 60] [--app-servers 2]
        [--workers 2] [--capacity 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from _load_setup import Fixture, prepare, verify  # noqa: E402

TARGETS = {"directory_rps": 100, "registrations_per_second": 50}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class User:
    """One virtual user: cookies kept by hand (production cookies are Secure; this is loopback
    HTTP, so a standard cookie jar would not send them back)."""

    def __init__(self, client: Any, cookies: dict[str, str] | None = None) -> None:
        self.client = client
        self.cookies = dict(cookies or {})

    async def request(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = await self.client.request(method, url, headers=headers, **kwargs)
        for raw in response.headers.get_list("set-cookie"):
            name, _, rest = raw.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response


class Recorder:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    async def timed(self, kind: str, call: Any, ok: tuple[int, ...] = (200,)) -> Any:
        started = time.perf_counter()
        try:
            response = await call
        except Exception:
            self.errors[kind] += 1
            return None
        self.times[kind].append(time.perf_counter() - started)
        self.statuses[kind][response.status_code] += 1
        if response.status_code not in ok:
            self.errors[kind] += 1
        return response


async def directory(user: User, rec: Recorder, fx: Fixture) -> None:
    await rec.timed(
        "directory", user.request("GET", f"{fx.directory_url}?page={random.randint(1, 40)}")
    )


async def api(user: User, rec: Recorder, fx: Fixture) -> None:
    url = f"{fx.api_url}?page={random.randint(1, 20)}"
    headers = {"Authorization": f"Bearer {fx.api_token}"}
    await rec.timed("api", user.request("GET", url, headers=headers))


async def register(user: User, rec: Recorder, fx: Fixture, number: int) -> None:
    page = await rec.timed("registration form", user.request("GET", fx.event_url))
    token = CSRF.search(page.text) if page is not None else None
    if token is None:
        return
    data = {
        "csrfmiddlewaretoken": token.group(1),
        "full_name": f"Load Guest {number}",
        "email": f"guest{number}.{fx.run}@load.example",
        "organisation_name": "Load test (synthetic)",
    }
    await rec.timed(
        "registration", user.request("POST", fx.register_url, data=data), ok=(200, 302, 303)
    )


async def b2b(user: User, rec: Recorder, fx: Fixture, me: int) -> None:
    invitee = random.choice([p for p in fx.participants if p != me])
    url = fx.request_url.format(invitee=invitee)
    page = await rec.timed("b2b form", user.request("GET", url))
    token = CSRF.search(page.text) if page is not None else None
    if token is None:
        return
    data = {"csrfmiddlewaretoken": token.group(1), "message": "Shall we meet? (load test)"}
    await rec.timed("b2b request", user.request("POST", url, data=data), ok=(200, 302, 303))


async def drive(fx: Fixture, users: int, seconds: float, base: str) -> Recorder:
    import httpx

    rec = Recorder()
    deadline = time.perf_counter() + seconds
    numbers = iter(range(10**9))
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def run(index: int) -> None:
            role = ("directory", "registration", "registration", "b2b", "api")[index % 5]
            if role == "directory":
                user = User(client, {"sessionid": fx.manager_session})
            elif role == "b2b":
                contact = fx.contacts[index % len(fx.contacts)]
                user = User(client, {"sessionid": contact.session})
            else:
                user = User(client)
            while time.perf_counter() < deadline:
                if role == "directory":
                    await directory(user, rec, fx)
                elif role == "api":
                    await api(user, rec, fx)
                elif role == "registration":
                    await register(User(client), rec, fx, next(numbers))
                else:
                    await b2b(user, rec, fx, contact.participant)

        await asyncio.gather(*(run(i) for i in range(users)))
    return rec


def start_stack(
    fx: Fixture, app_servers: int, workers: int, port: int, env: dict[str, str]
) -> list:
    """gunicorn and the workers, each in its own process group (stopped by `stop`)."""
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    app_env = {**env, "WEB_CONCURRENCY": str(app_servers), "BIND": f"127.0.0.1:{port}"}
    gunicorn = [python, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
    processes = [subprocess.Popen(gunicorn, cwd=ROOT, env=app_env, start_new_session=True)]
    for _ in range(workers):
        command = [python, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"]
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True))
    return processes


def stop(processes: list) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


async def wait_healthy(base: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.perf_counter() + timeout
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        while time.perf_counter() < deadline:
            try:
                if (await client.get("/health/")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
    raise SystemExit("the stack did not become healthy")


def summary(rec: Recorder, seconds: float) -> dict[str, Any]:
    kinds = {}
    for kind, samples in sorted(rec.times.items()):
        ordered = sorted(samples)
        kinds[kind] = {
            "requests": len(samples),
            "per_second": round(len(samples) / seconds, 1),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(
                ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000, 1
            ),
            "errors": rec.errors.get(kind, 0),
            "statuses": dict(rec.statuses[kind]),
        }
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/scale_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/2")
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="klynge-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "KLYNGE_VAR_DIR": str(var),
        "SECURE_SSL_REDIRECT": "0",
        "KLYNGE_RATE_LIMITS_ENABLED": "0",
        "KLYNGE_BOTCHECK_ENABLED": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)  # this process sets up and checks with the stack's settings and key
    fx = prepare(database_url=args.database_url, redis_url=args.redis_url, capacity=args.capacity)
    base = f"http://127.0.0.1:{args.port}"
    processes = start_stack(fx, args.app_servers, args.workers, args.port, env)
    try:
        asyncio.run(wait_healthy(base))
        started = time.perf_counter()
        rec = asyncio.run(drive(fx, args.users, args.seconds, base))
        elapsed = time.perf_counter() - started
        load = os.getloadavg()[0]
        checks = verify(fx, drain_seconds=180)
    finally:
        stop(processes)
    kinds = summary(rec, elapsed)
    registrations = kinds.get("registration", {}).get("per_second", 0)
    report = {
        "benchmark": "load_test",
        "users": args.users,
        "seconds": round(elapsed, 1),
        "app_servers": args.app_servers,
        "workers": args.workers,
        "requests_per_second": round(sum(k["requests"] for k in kinds.values()) / elapsed, 1),
        "kinds": kinds,
        "errors": sum(rec.errors.values()),
        **checks,
        "targets": TARGETS,
        "meets_targets": kinds.get("directory", {}).get("per_second", 0) >= TARGETS["directory_rps"]
        and registrations >= TARGETS["registrations_per_second"]
        and checks["oversold"] == 0
        and checks["tasks_exactly_once"],
        "rate_limits": "off for the run (KLYNGE_RATE_LIMITS_ENABLED=0, KLYNGE_BOTCHECK_ENABLED=0)",
        "load_average_1min_during_run": round(load, 2),
        "cpus": os.cpu_count(),
    }
    for kind, row in kinds.items():
        print(
            f"{kind:<20} {row['requests']:>6} req {row['per_second']:>7}/s  p95 {row['p95_ms']:>8} ms"
            f"  errors {row['errors']}",
            file=sys.stderr,
        )
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
