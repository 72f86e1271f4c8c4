"""The load test's data: a database copied from a template filled once with `country` scale data,
the run's event (limited seats), B2B session, logins and token; and the checks after the run."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_SUFFIX = "_template"
SEAT_STATUSES = ("confirmed", "attended", "no_show")


@dataclass
class Contact:
    session: str
    participant: int


@dataclass
class Fixture:
    run: str
    started: Any
    event_id: int
    capacity: int
    event_url: str
    register_url: str
    directory_url: str
    api_url: str
    api_token: str
    manager_session: str
    request_url: str
    contacts: list[Contact] = field(default_factory=list)
    participants: list[int] = field(default_factory=list)


def _psql(url: str, *statements: str) -> None:
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _exists(url: str, name: str) -> bool:
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def fresh_database(url: str) -> None:
    """Copy the template (generated with `country` data the first time) to the run's database."""
    base, name = url.rsplit("/", 1)
    template = name + TEMPLATE_SUFFIX
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"{base}/{template}",
    }
    if not _exists(url, template):
        _psql(url, f'CREATE DATABASE "{template}"')
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [*manage, "generate_scale_data", "--scale", "country"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=sys.stderr,
        )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    _psql(
        url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}" TEMPLATE "{template}"'
    )


def _session(user: Any) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["klynge_last_seen"] = int(time.time())
    store.create()
    return store.session_key


def prepare(*, database_url: str, redis_url: str, capacity: int) -> Fixture:
    """A fresh database and the run's objects; Django is set up in this process on the same
    settings (and secret key) as the stack, so the sessions made here are valid there."""
    fresh_database(database_url)
    import django

    django.setup()
    from django.utils import timezone

    from klynge.accounts.models import User
    from klynge.accounts.services import api_token_create
    from klynge.events.models import Event, Registration
    from klynge.matchmaking.models import MatchmakingSession, Participant

    run = uuid.uuid4().hex[:8]
    manager = User.objects.get(email="manager@scale.example")
    cluster = manager.cluster_roles.get().cluster
    now = timezone.now()
    starts = now + datetime.timedelta(days=10)
    common = {
        "cluster": cluster,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
    }
    event = Event.objects.create(
        **common,
        title=f"Load test seminar {run} (synthetic)",
        audience="public",
        capacity=capacity,
        status="published",
        registration_opens_at=now - datetime.timedelta(days=1),
    )
    b2b_event = Event.objects.create(
        **common,
        title=f"Load test B2B day {run} (synthetic)",
        audience="public",
        status="published",
    )
    session = MatchmakingSession.objects.create(
        event=b2b_event, day=starts.date(), status="open", request_mode="confirm", table_count=20
    )
    contacts, participants = [], []
    for user in User.objects.filter(email__startswith="contact", email__endswith="@scale.example"):
        person = user.person
        registration = Registration.objects.create(
            event=b2b_event, person=person, organisation_id=person.organisation_id
        )
        participant = Participant.objects.create(
            session=session,
            person=person,
            registration=registration,
            organisation_id=person.organisation_id,
        )
        participants.append(participant.pk)
        contacts.append(Contact(_session(user), participant.pk))
    _token, raw = api_token_create(actor=manager, name=f"load test {run}")
    return Fixture(
        run=run,
        started=timezone.now(),
        event_id=event.pk,
        capacity=capacity,
        event_url=f"/events/{event.pk}/",
        register_url=f"/events/{event.pk}/register/",
        directory_url=f"/clusters/{cluster.slug}/members/",
        api_url=f"/api/v1/clusters/{cluster.slug}/members",
        api_token=raw,
        manager_session=_session(manager),
        request_url=f"/b2b/{session.pk}/meet/{{invitee}}/",
        contacts=contacts,
        participants=participants,
    )


def verify(fx: Fixture, *, drain_seconds: float) -> dict[str, Any]:
    """Wait for the queue to drain, then count: tasks and mails (each exactly once?), seats."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from klynge.events.models import Registration
    from klynge.notifications.models import Delivery

    tasks = DBTaskResult.objects.filter(enqueued_at__gte=fx.started)
    deadline = time.perf_counter() + drain_seconds
    started = time.perf_counter()
    while tasks.filter(status__in=["READY", "RUNNING"]).exists() and time.perf_counter() < deadline:
        time.sleep(1)
    drained = round(time.perf_counter() - started, 1)
    by_status = dict(tasks.values_list("status").annotate(n=Count("id")))
    repeated = (
        tasks.filter(task_path__endswith=".deliver")
        .values("args_kwargs")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    deliveries = Delivery.objects.filter(created_at__gte=fx.started)
    mails = dict(deliveries.values_list("status").annotate(n=Count("id")))
    resent = deliveries.filter(attempts__gt=1).count()
    registrations = Registration.objects.filter(event_id=fx.event_id)
    seats = registrations.filter(status__in=SEAT_STATUSES).count()
    pending = by_status.get("READY", 0) + by_status.get("RUNNING", 0)
    return {
        "queue_drained_after_seconds": drained,
        "tasks": {"total": sum(by_status.values()), **by_status, "same_delivery_twice": repeated},
        "mails": {"total": sum(mails.values()), **mails, "sent_more_than_once": resent},
        "tasks_exactly_once": pending == 0
        and by_status.get("FAILED", 0) == 0
        and repeated == 0
        and resent == 0
        and mails.get("sent", 0) == sum(mails.values()),
        "registrations": registrations.count(),
        "seats_taken": seats,
        "waitlisted": registrations.filter(status="waitlisted").count(),
        "capacity": fx.capacity,
        "oversold": max(0, seats - fx.capacity),
    }
