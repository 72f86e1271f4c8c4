from __future__ import annotations

import pytest
from django.core.management import call_command

from klynge.accounts.models import User
from klynge.clusters.models import Cluster, ClusterRole, Topic

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        Cluster.objects.count(),
        ClusterRole.objects.count(),
        User.objects.count(),
        Topic.objects.count(),
    )


def test_demo_is_idempotent_and_has_every_role() -> None:
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first
    assert first[0] >= 5
    sem = Cluster.objects.get(slug="nce-smart-energy-markets")
    assert sem.operator_name == "Smart Innovation Norway AS" and sem.founded == 2009
    assert set(sem.roles.values_list("role", flat=True)) == {"manager", "staff"}
    assert User.objects.filter(is_programme_officer=True).exists()
    assert User.objects.filter(is_superuser=True).exists()
    manager = User.objects.get(email="manager@nce-sem.demo")
    assert manager.check_password("klynge-demo-2026")
    assert ClusterRole.objects.filter(user=manager).count() == 2
