"""`/health/`: can this app server reach its database and cache, and is the task queue keeping up?

For load balancers and monitoring: 200 with `"status": "ok"` when all is well, 503 otherwise. The
task queue's lag is the age of the oldest task that is due and not yet picked up by a worker; it
counts as failing above KLYNGE_HEALTH_MAX_TASK_LAG_SECONDS. No login, and nothing private in it.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


def _timed(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = check() or {}
        ok = result.pop("ok", True)
    except Exception as exc:  # a health check reports every failure, it never raises
        result, ok = {"error": type(exc).__name__}, False
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), **result}


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def _cache() -> dict[str, Any]:
    key = f"klynge:health:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok}


def _tasks() -> dict[str, Any]:
    from django.db.models import Case, F, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    waiting = DBTaskResult.objects.ready()  # due and not picked up by a worker
    due = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    oldest = waiting.annotate(due=due).order_by("due").values_list("due", flat=True).first()
    lag = (now - oldest).total_seconds() if oldest else 0.0
    return {
        "ok": lag <= settings.KLYNGE_HEALTH_MAX_TASK_LAG_SECONDS,
        "waiting": waiting.count(),
        "lag_seconds": round(lag, 1),
    }


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _timed(_database), "cache": _timed(_cache)}
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        checks["tasks"] = _timed(_tasks)
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ok else "failing", **checks}, status=200 if ok else 503)
