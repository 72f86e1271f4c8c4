"""Role-by-action table for cluster permissions: every role against every predicate."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.clusters import permissions as p

ROLES = ["anonymous", "staff_a", "staff_b", "manager_a", "officer", "superuser"]

# predicate -> the roles that may act on cluster A
TABLE: dict[Any, set[str]] = {
    p.can_view_cluster: set(ROLES),
    p.can_work_in_cluster: {"staff_a", "manager_a", "superuser"},
    p.can_oversee_cluster: {"staff_a", "manager_a", "officer", "superuser"},
    p.can_edit_cluster: {"manager_a", "superuser"},
    p.can_manage_cluster_roles: {"manager_a", "superuser"},
    p.can_view_cluster_audit: {"manager_a", "officer", "superuser"},
    p.can_view_cluster_deliveries: {"staff_a", "manager_a", "superuser"},
    p.can_list_all_clusters: {"officer", "superuser"},
    p.can_switch_cluster: {"staff_a", "manager_a", "officer", "superuser"},
    p.can_see_team_duties: {"staff_a", "manager_a"},  # a superuser on no team has no work queue
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", list(TABLE), ids=lambda f: f.__name__)
def test_cluster_permission_table(cast: Any, predicate: Any, role: str) -> None:
    allowed = role in TABLE[predicate]
    assert predicate(cast.user(role), cast.cluster_a) is allowed


def test_no_cluster_in_scope_shows_no_team_duties(cast: Any) -> None:
    assert not p.can_see_team_duties(cast.manager_a, None)


def test_inactive_cluster_is_hidden_from_the_public(cast: Any) -> None:
    cast.cluster_a.is_active = False
    cast.cluster_a.save()
    assert not p.can_view_cluster(cast.anonymous, cast.cluster_a)
    assert not p.can_view_cluster(cast.staff_b, cast.cluster_a)
    assert p.can_view_cluster(cast.staff_a, cast.cluster_a)
    assert p.can_view_cluster(cast.officer, cast.cluster_a)
