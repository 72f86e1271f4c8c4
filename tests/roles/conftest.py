"""The demo data set, loaded once for every test in this package, and a way to act as each role.

Loading the demo takes a while, so the data are committed once (package scope) and flushed after
the last test of the package, instead of per test. Tests here must not write what they cannot
undo: they read, or they change what nobody else in the package looks at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

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
    with django_db_blocker.unblock():
        with override_settings(DEBUG=True):  # the demo refuses to run without DEBUG
            call_command("demo")
        try:
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


def client_as(role: str) -> Client:
    from klynge.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=ROLES[role]))
    return client
