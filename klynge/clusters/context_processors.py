"""The active cluster and the cluster switcher, for every page.

The active cluster is the one picked in the switcher, else the first the user manages, else the
first they work in.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import cluster_list_for_user

SESSION_KEY = "klynge_active_cluster"


def active_cluster(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_clusters": [], "active_cluster": None}
    mine = cluster_list_for_user(user=user)
    wanted = request.session.get(SESSION_KEY)
    current = next((c for c in mine if c.pk == wanted), None)
    if current is None and mine:
        managed = [c for c in mine if c.my_role == "manager"]  # type: ignore[attr-defined]  # set by role_clusters
        current = (managed or mine)[0]
    return {"my_clusters": mine, "active_cluster": current}
