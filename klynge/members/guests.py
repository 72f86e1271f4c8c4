"""Which clusters a guest belongs to.

A guest is a person without an organisation. They belong to the clusters whose events, courses or
B2B sessions they registered for, and to nothing else. The apps that take registrations sit above
members, so members cannot ask them directly: each registers a selector here (in its AppConfig's
`ready()`) that, given a person id, returns a queryset of the cluster ids that person registered in.
`guest_cluster_ids` reads all of them with one query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

ClusterSelector = Callable[[int], QuerySet[Any]]
"""person id -> a queryset of cluster ids (`values_list("...", flat=True)`)."""

_SELECTORS: dict[str, ClusterSelector] = {}
_CACHE_ATTR = "_klynge_guest_cluster_ids"


def register(name: str, selector: ClusterSelector) -> None:
    """Add (or replace, by name) a source of the clusters a person registered in."""
    _SELECTORS[name] = selector


def registered_sources() -> list[str]:
    return sorted(_SELECTORS)


def guest_cluster_ids(person: Any) -> set[int]:
    """Clusters `person` registered in through any registered app (one query, cached on the
    object). Empty for an unsaved person or when no app registered a selector."""
    cached = getattr(person, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    ids: set[int] = set()
    if person.pk is not None and _SELECTORS:
        from klynge.clusters.models import Cluster

        condition = Q(pk__in=[])
        for name in sorted(_SELECTORS):
            condition |= Q(pk__in=_SELECTORS[name](person.pk))
        ids = set(Cluster.objects.filter(condition).values_list("pk", flat=True))
    setattr(person, _CACHE_ATTR, ids)
    return ids


def forget(person: Any) -> None:
    """The next `guest_cluster_ids` reads again (after a registration within the request)."""
    if hasattr(person, _CACHE_ATTR):
        delattr(person, _CACHE_ATTR)
