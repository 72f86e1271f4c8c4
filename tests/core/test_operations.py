"""Operations: the health endpoint, JSON-line logs, and error reporting that stays off without a DSN."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from klynge.core.error_reporting import init_error_reporting
from klynge.core.logs import JsonLinesFormatter

pytestmark = pytest.mark.django_db


def test_health_reports_database_cache_and_task_lag() -> None:
    response = Client().get("/health/")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["database"]["ok"] and body["cache"]["ok"]


def test_health_fails_when_the_task_queue_lags(settings: Any) -> None:
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.KLYNGE_HEALTH_MAX_TASK_LAG_SECONDS = 60
    task = DBTaskResult.objects.create(
        task_path="klynge.notifications.tasks.deliver",
        args_kwargs={"args": [1], "kwargs": {}},
        status="READY",
        queue_name="default",
        backend_name="default",
    )
    waited = timezone.now() - timezone.timedelta(minutes=10)
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=waited)
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["tasks"]["waiting"] == 1
    assert response.json()["tasks"]["lag_seconds"] >= 600


def test_log_lines_are_json_objects() -> None:
    record = logging.makeLogRecord(
        {"name": "klynge.test", "levelname": "WARNING", "msg": "Hello %s", "args": ("Kari",)}
    )
    record.request_id = "abc"
    line = json.loads(JsonLinesFormatter().format(record))
    assert line["message"] == "Hello Kari" and line["level"] == "WARNING"
    assert line["request_id"] == "abc" and "time" in line


def test_error_reporting_is_off_without_a_dsn() -> None:
    assert init_error_reporting("", environment="test", traces_sample_rate=0) is False
