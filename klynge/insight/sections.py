"""Parts of other apps' pages, registered in `InsightConfig.ready()` (see klynge.core.extensions)."""

from __future__ import annotations


def register_sections() -> None:
    return None
