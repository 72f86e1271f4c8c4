"""The demo data set, loaded once for every test in this package, and a way to act as each role.

Loading the demo takes a while, so the data are committed once (package scope) and flushed after
the last test of the package, instead of per test. Tests here must not write what they cannot
undo: they read, or they change what nobody else in the package looks at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

# The browser checks read the demo database while Playwright's sync API runs its event loop in
# this thread (as tests/browser does); needed when this package runs alone.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Every demo role (README): login and a short name for test ids.
ROLES = {
    "superuser": "admin@klynge.demo",
    "officer": "officer@programme.demo",
    "manager": "manager@nce-sem.demo",
    "staff": "staff@nce-sem.demo",
    "other-manager": "manager@eyde.demo",
    "contact": "contact@member.demo",
    "evaluator": "evaluator1@programme.demo",
    "evaluator-contact": "evaluator2@programme.demo",
}
PASSWORD = "klynge-demo-2026"


@pytest.fixture(scope="package")
def demo_site(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        # pytest-django creates the test database only when a collected test is marked
        # django_db; run alone, this package must create it itself, never touch the real one.
        created = None
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            with override_settings(DEBUG=True):  # the demo refuses to load without DEBUG
                call_command("demo")
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)
            if created is not None:
                teardown_databases(created, verbosity=0)


def client_as(role: str) -> Client:
    from klynge.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=ROLES[role]))
    return client


@pytest.fixture(scope="package")
def demo_server(demo_site: None, django_db_blocker: Any) -> Iterator[str]:
    """A live server over the demo data (for the browser tests of this package)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()


@pytest.fixture(scope="package")
def demo_browser(browser: Any) -> Any:
    """The run's one Chromium (tests/conftest.py)."""
    return browser


def browser_page(browser: Any, base_url: str, role: str | None, width: int, height: int) -> Any:
    """A page logged in as `role` (a session cookie from the test client, no typing)."""
    context = browser.new_context(
        base_url=base_url, viewport={"width": width, "height": height}, locale="en-GB"
    )
    if role is not None:
        from django.conf import settings

        cookie = client_as(role).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
        )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page
