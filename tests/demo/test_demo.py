from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from klynge.accounts.models import User
from klynge.clusters.models import Cluster, ClusterRole, Topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_allowed")]


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


def test_demo_refuses_to_run_without_debug(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo")
    assert not User.objects.filter(email="admin@klynge.demo").exists()


def test_production_settings_do_not_install_the_demo(tmp_path) -> None:
    from tests.core.test_settings import run_manage

    env = {
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "klynge.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = run_manage("demo", env=env)
    assert result.returncode != 0
    assert "Unknown command: 'demo'" in result.stderr
