"""The OpenAPI document names each schema once: two classes of one name would share a component,
and the document would describe one of them wrongly (events' and surveys' questions did)."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

import ninja

import klynge.api.v1.routers
import klynge.api.v1.schemas


def test_every_schema_class_has_its_own_name() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for package in (klynge.api.v1.schemas, klynge.api.v1.routers):
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, ninja.Schema)
                    and value.__module__ == module.__name__
                ):
                    seen[value.__name__].add(value.__module__)
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}


def test_input_dates_are_described_by_the_accepted_range() -> None:
    from klynge.api.v1.api import api

    components = api.get_openapi_schema()["components"]["schemas"]
    starts_at = components["EventCreateIn"]["properties"]["starts_at"]
    assert "format" not in starts_at
    assert starts_at["pattern"].startswith("^(1[89]")
    assert components["EventOut"]["properties"]["starts_at"]["format"] == "date-time"
