"""The objects an API path names, looked up once: a missing one is the request's 404."""

from __future__ import annotations

from klynge.clusters.models import Cluster
from klynge.clusters.selectors import cluster_get
from klynge.core.errors import requested


def path_cluster(slug: str) -> Cluster:
    """The cluster `{slug}` of the path names (404 when there is none)."""
    with requested(Cluster):
        return cluster_get(slug=slug)
