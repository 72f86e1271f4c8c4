"""The programme's badge on clusters other apps list (registered in `apps.ready`)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from .selectors.statuses import badge_map


def cluster_level_badges(clusters: list[Any]) -> dict[Any, str]:
    """Level and label badge per cluster: two queries for the whole list."""
    found = badge_map([cluster.pk for cluster in clusters])
    return {
        cluster.pk: render_to_string(
            "programme/_level_badge.html", {"cluster": cluster, "badge": found.get(cluster.pk)}
        )
        for cluster in clusters
    }
