"""Schemathesis against our own OpenAPI document: 0 server errors, 0 schema violations.

In-process through the WSGI app, authenticated as the manager of cluster A with a write token, over
the world of `tests/world.py` (path parameters are drawn from its objects of both clusters, or left as
generated, so requests reach real rows, foreign rows and missing ones). Fixed seed (derandomized) and a
bounded example budget per operation; every request is rolled back, so examples do not depend on
each other. `KLYNGE_SCHEMATHESIS_TALLY=file.json` counts failures per check instead of failing (for
measuring), and `KLYNGE_SCHEMATHESIS_EXAMPLES=N` changes the budget.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from tests.world import World, api_path_values, isolated, world_transaction

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("KLYNGE_SCHEMATHESIS_EXAMPLES", "5"))
TALLY = os.environ.get("KLYNGE_SCHEMATHESIS_TALLY", "")
tally: Counter[str] = Counter()
samples: dict[str, str] = {}


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    # As Django's test client does: a request must not close the connection the test runs in.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with world_transaction(django_db_blocker) as built:
            CURRENT["world"] = built
            yield built
            CURRENT.clear()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Every check runs with its defaults, except that a schema-valid request may meet a broken rule of
# the domain (400, "a broken rule" in the README) that no JSON Schema can express (an unknown topic
# slug, a period that ends before it starts). 422 stays a failure there: it says "your input does not
# validate", which for input the document calls valid means the document is wrong.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]
            }
        }
    }
)


def load_schema() -> Any:
    from config.wsgi import application

    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)

    @loaded.hook
    def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
        world = CURRENT["world"]
        path = context.operation.path
        choices = [api_path_values(world, path, side) for side in ("a", "b")]
        options = [path_parameters] + [{**path_parameters, **v} for v in choices if v]
        return st.sampled_from(options)

    return loaded


# The test sets the path from the world's objects and the Authorization header from its token. A
# negative case whose only invalid parts are there may have been made valid by that, so a 2xx is not
# "invalid data accepted"; every other check (server errors, response schemas, status codes) still runs.
OVERRIDDEN = {ParameterLocation.PATH, ParameterLocation.HEADER}


def overridden_mutation(case: Any) -> list[Any]:
    negative = {
        location
        for location, info in case.meta.components.items()
        if info.mode == GenerationMode.NEGATIVE
    }
    return [negative_data_rejection] if negative and negative <= OVERRIDDEN else []


CURRENT: dict[str, World] = {}
schema = load_schema()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_openapi_document(case: Any, world: World, db: Any) -> None:
    headers = {"Authorization": f"Bearer {world.raw_token}"}
    with isolated():
        if not TALLY:
            case.call_and_validate(headers=headers, excluded_checks=overridden_mutation(case))
            return
        tally["cases"] += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                tally[f"{type(failure).__name__}: {failure.title}"] += 1
                key = f"{type(failure).__name__} {case.operation.label}"
                if key not in samples:
                    request = f"{case.method} {case.formatted_path} {case.query} {case.body!r}"
                    answer = f"{response.status_code} {response.text[:300]}"
                    samples[key] = f"{request[:300]}\n-> {answer}\n{failure.message}"[:1200]


def teardown_module() -> None:
    if TALLY:
        body = {"counts": dict(sorted(tally.items())), "samples": dict(sorted(samples.items()))}
        Path(TALLY).write_text(json.dumps(body, indent=1))
