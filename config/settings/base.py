"""Settings shared by every environment. Values that differ per machine come from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KLYNGE_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "klynge.core",
    "klynge.notifications",
    "klynge.accounts",
    "klynge.clusters",
    "klynge.members",
    "klynge.events",
    "klynge.matchmaking",
    "klynge.projects",
    "klynge.programme",
    "klynge.learning",
    "klynge.communication",
    "klynge.insight",
    "klynge.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "klynge.core.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "klynge.accounts.middleware.SessionIdleTimeoutMiddleware",
    "klynge.accounts.middleware.TwoFactorRequiredMiddleware",
    "klynge.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "klynge.core.errors.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
    "klynge.core.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "klynge" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "klynge.clusters.context_processors.active_cluster",
                "klynge.members.context_processors.member_contact",
            ],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'klynge.sqlite3'}")


# Database connections live this many seconds (a process reuses its connection instead of opening
# one per request), checked before reuse (a restarted database is reconnected to, not an error).
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))


def database_config(url: str) -> dj_database_url.DBConfig:
    """Build the default database from a URL; SQLite gets WAL mode and IMMEDIATE transactions."""
    config = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
            ),
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: it pays off for long analytical queries, while a page's queries take
        # milliseconds and a misestimated one would spend a second compiling (measured: 1.4 s).
        config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return config


DATABASES = {"default": database_config(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# ASVS 2.1: at least 12 characters, and not one of the 20,000 most common passwords (Django's
# list ships with it: checked offline, no network).
KLYNGE_PASSWORD_MIN_LENGTH = int(os.environ.get("KLYNGE_PASSWORD_MIN_LENGTH", "12"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": KLYNGE_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"  # the login form field (it holds the email address)
# Lock the normalised address (stripped, case-folded), the same form the login matches.
AXES_USERNAME_CALLABLE = "klynge.core.identity.axes_username"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian Bokmål"))]
LOCALE_PATHS = [BASE_DIR / "klynge" / "locale"]
FORMAT_MODULE_PATH = ["klynge.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "klynge" / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Klynge <noreply@klynge.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Sessions: read from the shared cache, kept in the database (a restart of Redis logs nobody out).
# Without a shared cache each process would cache sessions of its own (a logout seen by one only),
# so they are read from the database then.
SESSION_ENGINE = os.environ.get(
    "SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db",
)

FORMS_URLFIELD_ASSUME_HTTPS = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# LOG_FORMAT=json writes one JSON object per line (production's default), "text" plain lines.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "klynge.core.logs.JsonLinesFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
# Error reporting (Sentry's SDK) is on only when SENTRY_DSN is set (klynge/core/error_reporting.py).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0"))
# /health/ fails when the oldest due task has waited longer than this for a worker.
KLYNGE_HEALTH_MAX_TASK_LAG_SECONDS = int(
    os.environ.get("KLYNGE_HEALTH_MAX_TASK_LAG_SECONDS", "300")
)

# Klynge's own settings.
KLYNGE_PROGRAMME_NAME = os.environ.get("KLYNGE_PROGRAMME_NAME", "Norwegian Innovation Clusters")
KLYNGE_PROGRAMME_OWNER = os.environ.get("KLYNGE_PROGRAMME_OWNER", "Innovation Norway")
KLYNGE_BASE_URL = os.environ.get("KLYNGE_BASE_URL", "http://127.0.0.1:8000")  # links in mails
# Mail (klynge.notifications): attempts per delivery, first retry delay (doubling), and after how
# many minutes a delivery still "sending" counts as interrupted (it is then failed, never resent).
KLYNGE_MAIL_MAX_ATTEMPTS = int(os.environ.get("KLYNGE_MAIL_MAX_ATTEMPTS", "5"))
KLYNGE_MAIL_RETRY_SECONDS = int(os.environ.get("KLYNGE_MAIL_RETRY_SECONDS", "60"))
KLYNGE_MAIL_STALE_MINUTES = int(os.environ.get("KLYNGE_MAIL_STALE_MINUTES", "15"))
# Newsletters (klynge.communication): messages per minute unless a cluster sets its own rate.
KLYNGE_NEWSLETTER_RATE = int(os.environ.get("KLYNGE_NEWSLETTER_RATE", "600"))
KLYNGE_MAX_PUBLIC_SHARE = float(
    os.environ.get("KLYNGE_MAX_PUBLIC_SHARE", "0.5")
)  # state-aid rule (GBER art. 27): a warning above it, not a block
KLYNGE_PAGE_SIZE = int(os.environ.get("KLYNGE_PAGE_SIZE", "25"))
KLYNGE_API_PAGE_SIZE = int(os.environ.get("KLYNGE_API_PAGE_SIZE", "50"))
KLYNGE_REVIEW_DAYS = int(os.environ.get("KLYNGE_REVIEW_DAYS", "21"))  # due date of a new review
# Evaluators are reminded of an open review this many days before it is due (and once overdue).
KLYNGE_REVIEW_REMINDER_DAYS = int(os.environ.get("KLYNGE_REVIEW_REMINDER_DAYS", "3"))
KLYNGE_INVITATION_DAYS = int(os.environ.get("KLYNGE_INVITATION_DAYS", "14"))
KLYNGE_IMPORT_TTL_SECONDS = int(os.environ.get("KLYNGE_IMPORT_TTL_SECONDS", "3600"))
KLYNGE_IMPORT_MAX_BYTES = int(os.environ.get("KLYNGE_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
KLYNGE_IMPORT_MAX_ROWS = int(os.environ.get("KLYNGE_IMPORT_MAX_ROWS", "20000"))
# ECCP/ESCA eligibility box on the composition page.
KLYNGE_ELIGIBILITY_MIN_MEMBERS = int(os.environ.get("KLYNGE_ELIGIBILITY_MIN_MEMBERS", "15"))
KLYNGE_ELIGIBILITY_MIN_TYPES = int(os.environ.get("KLYNGE_ELIGIBILITY_MIN_TYPES", "2"))
KLYNGE_LABEL_VALIDITY_YEARS = int(os.environ.get("KLYNGE_LABEL_VALIDITY_YEARS", "2"))
# Follow-up of funded projects: a reminder this many days before a report is due (and one when it
# is overdue).
KLYNGE_FOLLOW_UP_REMINDER_DAYS = int(os.environ.get("KLYNGE_FOLLOW_UP_REMINDER_DAYS", "14"))
# The officer's desk: public funding granted per cluster over the programme period (years back from
# today) against a ceiling in NOK (EU state aid above EUR 7.5 m per cluster must be notified).
KLYNGE_PROGRAMME_PERIOD_YEARS = int(os.environ.get("KLYNGE_PROGRAMME_PERIOD_YEARS", "10"))
KLYNGE_PUBLIC_FUNDING_CEILING = int(os.environ.get("KLYNGE_PUBLIC_FUNDING_CEILING", "85000000"))
# Files served only through views that check permissions (label documents); never under MEDIA_ROOT.
KLYNGE_PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("KLYNGE_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private"))
)

# Rate limits on anonymous writes (klynge/core/ratelimit.py): per client address ("ip") and per
# email address ("address"), counted in a shared cache (Redis through REDIS_URL).
KLYNGE_RATE_LIMITS_ENABLED = env_bool("KLYNGE_RATE_LIMITS_ENABLED", True)
KLYNGE_RATE_LIMIT_CACHE = os.environ.get("KLYNGE_RATE_LIMIT_CACHE", "default")
KLYNGE_TRUST_X_FORWARDED_FOR = env_bool("KLYNGE_TRUST_X_FORWARDED_FOR", False)
KLYNGE_RATE_LIMITS = {
    "login": {"ip": "30/10m", "address": "10/10m"},
    "password_reset": {"ip": "10/h", "address": "3/h"},
    "registration": {"ip": "20/h", "address": "5/h"},
    "public_form": {"ip": "30/h"},
    "two_factor": {"ip": "20/10m", "address": "5/10m"},
}
# Public forms: a honeypot field and a signed time stamp (klynge/core/botcheck.py).
KLYNGE_BOTCHECK_ENABLED = env_bool("KLYNGE_BOTCHECK_ENABLED", True)
KLYNGE_BOTCHECK_MIN_SECONDS = int(os.environ.get("KLYNGE_BOTCHECK_MIN_SECONDS", "3"))
KLYNGE_BOTCHECK_MAX_AGE_SECONDS = int(os.environ.get("KLYNGE_BOTCHECK_MAX_AGE_SECONDS", "86400"))

# Sessions end after this many minutes without a request (ASVS 3.3.2); the cookie lives no longer.
KLYNGE_SESSION_IDLE_MINUTES = int(os.environ.get("KLYNGE_SESSION_IDLE_MINUTES", "30"))
# The cookie itself expires 12 hours after the session was last saved.
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No inline script anywhere (klynge/static/klynge/klynge.js holds the little there is); styles may be
# inline because the SVG charts carry their own <style>.
KLYNGE_CONTENT_SECURITY_POLICY = os.environ.get(
    "KLYNGE_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
# Retention of personal data, in days per kind (klynge/core/personal_data.py); the daily
# `manage.py purge_personal_data` (or its task) erases what is older.
KLYNGE_RETENTION_DAYS = {
    "event_answers": int(os.environ.get("KLYNGE_RETENTION_EVENT_ANSWERS_DAYS", "730")),
    "b2b_profiles": int(os.environ.get("KLYNGE_RETENTION_B2B_PROFILES_DAYS", "730")),
    "login_attempts": int(os.environ.get("KLYNGE_RETENTION_LOGIN_ATTEMPTS_DAYS", "90")),
    "survey_answers": int(os.environ.get("KLYNGE_RETENTION_SURVEY_ANSWERS_DAYS", "1095")),
}
# Two-factor login (TOTP, klynge/accounts/two_factor.py) is optional for everyone and, when this is
# on, required for programme officers and superusers.
KLYNGE_TWO_FACTOR_REQUIRED_FOR_STAFF = env_bool("KLYNGE_TWO_FACTOR_REQUIRED_FOR_STAFF", False)
# Surveys: results of an anonymous survey, and any group in a breakdown, show from this many answers.
KLYNGE_SURVEY_MIN_GROUP = int(os.environ.get("KLYNGE_SURVEY_MIN_GROUP", "5"))
# How long a cached figure (directory filter choices, topic lists, portfolio years) may be served
# before it is computed again; writes that change one invalidate it at once (klynge/core/cache.py).
KLYNGE_FIGURE_CACHE_SECONDS = int(os.environ.get("KLYNGE_FIGURE_CACHE_SECONDS", "600"))
# Peer benchmarking: whether a cluster's team sees the other clusters by name (otherwise
# "Cluster A, B, ..."); programme officers always see names.
KLYNGE_BENCHMARK_SHOW_NAMES = env_bool("KLYNGE_BENCHMARK_SHOW_NAMES", False)
