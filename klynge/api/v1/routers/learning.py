"""Learning API: courses, sessions, enrolments, completions, competence KPIs."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["learning"])
