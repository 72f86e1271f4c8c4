"""Fixtures shared by the whole suite: the standard cast of roles across two clusters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory


@dataclass
class Cast:
    """Users in every role the permission tables use, around clusters A and B."""

    cluster_a: Any
    cluster_b: Any
    anonymous: Any
    staff_a: Any
    staff_b: Any
    manager_a: Any
    officer: Any
    superuser: Any

    def user(self, name: str) -> Any:
        return getattr(self, name)


@pytest.fixture
def cast(db: Any) -> Cast:
    cluster_a = ClusterFactory(name="Cluster A", slug="cluster-a")
    cluster_b = ClusterFactory(name="Cluster B", slug="cluster-b")
    staff_a = UserFactory(email="staff-a@example.org")
    staff_b = UserFactory(email="staff-b@example.org")
    manager_a = UserFactory(email="manager-a@example.org")
    ClusterRoleFactory(user=staff_a, cluster=cluster_a, role="staff")
    ClusterRoleFactory(user=staff_b, cluster=cluster_b, role="staff")
    ClusterRoleFactory(user=manager_a, cluster=cluster_a, role="manager")
    return Cast(
        cluster_a=cluster_a,
        cluster_b=cluster_b,
        anonymous=AnonymousUser(),
        staff_a=staff_a,
        staff_b=staff_b,
        manager_a=manager_a,
        officer=UserFactory(email="officer@example.org", is_programme_officer=True),
        superuser=UserFactory(email="root@example.org", is_superuser=True, is_staff=True),
    )
