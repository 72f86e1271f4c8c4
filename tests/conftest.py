"""Fixtures shared by the whole suite: the standard cast of roles across two clusters."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory


def in_ci() -> bool:
    """CI sets CI=true (.ci/run): there a missing prerequisite is a failure, never a skip."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``shared_data`` need shared/benchmarks/b2b: skipped without it, failed in CI.

    Runs before pytest's own skip marks, so an empty parameter set (no files found) fails in CI too.
    """
    if item.get_closest_marker("shared_data") is None:
        return
    from tests import shared_data

    if shared_data.FOUND is None:
        if in_ci():
            pytest.fail(f"{item.nodeid} {shared_data.MISSING} (CI=true)", pytrace=False)
        pytest.skip(shared_data.MISSING)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly when the lock controls did not run: they need PostgreSQL (make test-postgres)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    skipped = terminalreporter.stats.get("skipped", [])
    postgres_only = sum("concurrency" in report.nodeid for report in skipped)
    if postgres_only:
        terminalreporter.write_line(
            f"NOTE: {postgres_only} concurrency tests (row locks and their controls) run on "
            "PostgreSQL only and were skipped here: run `make test-postgres` for them.",
            yellow=True,
        )


@pytest.fixture
def frozen_clock() -> Iterator[Any]:
    """The clock stopped at tests/clock.NOW; the test may ``shift`` it (time-machine Coordinates)."""
    import time_machine

    from tests.clock import NOW

    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test ends in the default language: a request by a user who reads Norwegian activates
    it for the rest of the thread (UserLanguageMiddleware; streamed exports rely on that), and the
    next test must not inherit it."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache (cached figures never leak from one test to the next)."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class Cast:
    """Users in every role the permission tables use, around clusters A and B."""

    cluster_a: Any
    cluster_b: Any
    anonymous: Any
    staff_a: Any
    staff_b: Any
    manager_a: Any
    officer: Any
    superuser: Any
    org_a: Any = None
    org_b: Any = None
    contact_a: Any = None
    contact_b: Any = None

    def user(self, name: str) -> Any:
        return getattr(self, name)


@pytest.fixture
def cast(db: Any) -> Cast:
    cluster_a = ClusterFactory(name="Cluster A", slug="cluster-a")
    cluster_b = ClusterFactory(name="Cluster B", slug="cluster-b")
    staff_a = UserFactory(email="staff-a@example.org")
    staff_b = UserFactory(email="staff-b@example.org")
    manager_a = UserFactory(email="manager-a@example.org")
    ClusterRoleFactory(user=staff_a, cluster=cluster_a, role="staff")
    ClusterRoleFactory(user=staff_b, cluster=cluster_b, role="staff")
    ClusterRoleFactory(user=manager_a, cluster=cluster_a, role="manager")
    return Cast(
        cluster_a=cluster_a,
        cluster_b=cluster_b,
        anonymous=AnonymousUser(),
        staff_a=staff_a,
        staff_b=staff_b,
        manager_a=manager_a,
        officer=UserFactory(email="officer@example.org", is_programme_officer=True),
        superuser=UserFactory(email="root@example.org", is_superuser=True, is_staff=True),
    )


@pytest.fixture
def member_cast(cast: Cast) -> Cast:
    """The cast plus two member organisations of cluster A, each with a member contact login.

    org_a and org_b are active members of cluster A; contact_a speaks for org_a, contact_b for org_b.
    """
    from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

    cast.org_a = OrganisationFactory(name="Org A AS")
    cast.org_b = OrganisationFactory(name="Org B AS")
    for organisation in (cast.org_a, cast.org_b):
        MembershipFactory(cluster=cast.cluster_a, organisation=organisation)
    cast.contact_a = UserFactory(email="contact-a@example.org")
    cast.contact_b = UserFactory(email="contact-b@example.org")
    PersonFactory(
        organisation=cast.org_a,
        user=cast.contact_a,
        email=cast.contact_a.email,
        full_name="Contact A",
    )
    PersonFactory(
        organisation=cast.org_b,
        user=cast.contact_b,
        email=cast.contact_b.email,
        full_name="Contact B",
    )
    return cast


@pytest.fixture
def run_on_commit(request: pytest.FixtureRequest) -> Iterator[None]:
    """In ordinary (rolled-back) tests, run on-commit callbacks (mails) at once, as if committed.

    For tests of tasks and views that run outside a service's transaction in production, where the
    notifications hub queues mail on commit.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        yield
        return
    from django.db import connection

    def run_now(func: Callable[[], object], robust: bool = False) -> None:
        func()

    original = connection.on_commit
    connection.on_commit = run_now  # type: ignore[method-assign]  # callbacks run at once
    try:
        yield
    finally:
        connection.on_commit = original  # type: ignore[method-assign]  # put back


@pytest.fixture
def demo_allowed(settings: Any) -> None:
    """`manage.py demo` runs only with DEBUG on; tests that load the demo turn it on."""
    settings.DEBUG = True


# --- one Chromium for the whole run (Playwright allows one sync instance per thread) ---
CHROMIUM = Path(os.environ.get("KLYNGE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Shared by tests/browser and tests/roles: two sync Playwright instances cannot coexist."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
