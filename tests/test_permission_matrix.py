"""The permission matrix over every URL pattern and every API operation (issue 12, "Done when").

Roles: anonymous, member contact, staff, manager, another cluster's manager, programme officer,
evaluator, superuser. Objects: of the own cluster (a) and of another cluster (b). The world is built
once for the module; each request is rolled back. It asserts 0 server errors and 0 unexpected
allows: an allow is expected only where `tests/permission_expectations.py` says so. A URL pattern
or an API operation added later without an expectation fails the test.

`KLYNGE_MATRIX_REPORT=file.json` writes what every role was allowed (for reviewing the table).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.matrix import Answer, api_probes, ask_all, page_probes
from tests.permission_expectations import EXPECTED, expected, has_expectation
from tests.world import World, world_transaction

pytestmark = pytest.mark.django_db
REPORT = os.environ.get("KLYNGE_MATRIX_REPORT", "")


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with world_transaction(django_db_blocker) as built:
        yield built


@pytest.fixture(scope="module")
def answers(world: World, django_db_blocker: Any) -> list[Answer]:
    from klynge.api.v1.api import api

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock():
            pages = page_probes(world)
            operations, bodies = api_probes(world, api.get_openapi_schema())
            found = ask_all(world, pages + operations, bodies)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    if REPORT:
        report(found)
    return found


def report(found: list[Answer]) -> None:
    allowed: dict[str, set[str]] = defaultdict(set)
    for answer in found:
        allowed.setdefault(answer.probe.name, set())
        if answer.allowed:
            side = answer.probe.side
            allowed[answer.probe.name].add(answer.role if side == "-" else f"{answer.role}@{side}")
    Path(REPORT).write_text(
        json.dumps({k: sorted(v) for k, v in sorted(allowed.items())}, indent=1)
    )


def describe(answer: Answer) -> str:
    probe = answer.probe
    return f"{answer.role} {answer.method} {probe.path} ({probe.name}, side {probe.side}): {answer.status}"


def test_every_url_pattern_and_operation_has_an_expectation(answers: list[Answer]) -> None:
    names = {answer.probe.name for answer in answers}
    assert sorted(name for name in names if not has_expectation(name)) == []


def test_no_expectation_is_left_over(answers: list[Answer]) -> None:
    names = {answer.probe.name for answer in answers}
    assert sorted(set(EXPECTED) - names) == []


def test_no_server_errors(answers: list[Answer]) -> None:
    errors = [f"{describe(a)}\n{a.error}" for a in answers if a.server_error]
    assert errors == []


def test_no_unexpected_allows(answers: list[Answer]) -> None:
    unexpected = [
        describe(answer)
        for answer in answers
        if answer.allowed and not expected(answer.probe.name, answer.role, answer.probe.side)
    ]
    assert unexpected == []


def test_the_matrix_asks_every_role_about_both_clusters(answers: list[Answer]) -> None:
    """A check of the check: the own cluster's objects are reachable, the other's are asked too."""
    event_pages = [
        a for a in answers if a.probe.name == "events:participants" and a.method == "GET"
    ]
    by_key = {(a.role, a.probe.side): a.allowed for a in event_pages}
    assert by_key[("staff", "a")] is True
    assert by_key[("staff", "b")] is False
    assert by_key[("manager_b", "b")] is True
    assert by_key[("anonymous", "a")] is False
    assert len({a.role for a in answers}) == 8
