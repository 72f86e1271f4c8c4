"""Settings for the test suite (SQLite file under var/ by default; PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import DATABASES, STATIC_ROOT, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
AXES_FAILURE_LIMIT = 3
# Tests that count attempts or check the bot trap turn these on themselves (tests/core/test_abuse.py).
KLYNGE_RATE_LIMITS_ENABLED = False
KLYNGE_BOTCHECK_ENABLED = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # One file per test process, so parallel runs (and their live servers) never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)
