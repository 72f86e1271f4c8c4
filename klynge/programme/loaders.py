"""Load the shipped levels and frameworks (idempotent: updates rows found by their codes)."""

from __future__ import annotations

import datetime
from typing import Any

from .shipped import FRAMEWORKS, LEVELS


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load_shipped(apps: Any = None) -> dict[str, int]:
    """Create or update the shipped levels, frameworks and criteria; returns counts.

    `apps` is the migration state's registry in a data migration; None uses the live models.
    Criteria of a shipped framework that were added by hand are kept; shipped ones are updated.
    """
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    level_model = apps.get_model("programme", "Level")
    framework_model = apps.get_model("programme", "Framework")
    criterion_model = apps.get_model("programme", "Criterion")
    levels = {}
    for spec in LEVELS:
        values = dict(spec)
        code = values.pop("code")
        values["introduced_on"] = _date(values.get("introduced_on"))
        levels[code], _ = level_model.objects.update_or_create(code=code, defaults=values)
    criteria = 0
    for spec in FRAMEWORKS:
        values = {k: v for k, v in spec.items() if k not in ("code", "criteria")}
        level_code = values.pop("grants_level")
        values["grants_level"] = levels[level_code] if level_code else None
        framework, _ = framework_model.objects.update_or_create(code=spec["code"], defaults=values)
        for position, criterion in enumerate(spec["criteria"], start=1):
            fields = {k: v for k, v in criterion.items() if k != "code"}
            criterion_model.objects.update_or_create(
                framework=framework,
                code=criterion["code"],
                defaults={**fields, "position": position * 10},
            )
            criteria += 1
    return {"levels": len(levels), "frameworks": len(FRAMEWORKS), "criteria": criteria}
