"""Backup and restore (issue 12, ASVS): `manage.py backup` then `manage.py restore` into an empty
database gives back every row and every stored file, byte for byte, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from klynge.communication.models import Post
from klynge.core.backup import DATABASE_FILE, MANIFEST, backup_verify, sha256_of
from klynge.programme.models import ApplicationAttachment
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.programme import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n% a fictional plan\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def roots(settings: Any, tmp_path: Path) -> dict[str, Path]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KLYNGE_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return {"media": tmp_path / "media", "private": tmp_path / "private"}


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _world(roots: dict[str, Path]) -> None:
    cluster = ClusterFactory(name="Smart Energi", slug="smart-energi")
    manager = UserFactory(email="leder@klynge.example")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    organisation = OrganisationFactory(name="Kraftverk Ærø AS", nace_codes=["35.11"])
    MembershipFactory(cluster=cluster, organisation=organisation)
    person = PersonFactory(organisation=organisation, full_name="Åse Ødegård")
    RegistrationFactory(event=EventFactory(cluster=cluster), person=person)
    application = ApplicationFactory(cluster=cluster)
    _write(roots["private"] / "applications" / "plan.pdf", PDF)
    ApplicationAttachment.objects.create(
        application=application, title="Prosjektplan", file="applications/plan.pdf"
    )
    _write(roots["media"] / "news" / "2026" / "photo.png", PNG)
    Post.objects.create(cluster=cluster, title_en="Hello", image="news/2026/photo.png")
    # Times keep their microseconds (JSON fixtures would round them to milliseconds).
    type(person).objects.filter(pk=person.pk).update(
        created_at=datetime.datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.UTC)
    )


def _rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (but sessions) as plain values, by model."""
    found = {}
    for model in apps.get_models():
        if model._meta.app_label == "sessions":
            continue
        found[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return found


def _files(roots: dict[str, Path]) -> dict[str, bytes]:
    return {
        f"{name}/{p.relative_to(root).as_posix()}": p.read_bytes()
        for name, root in roots.items()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _empty(roots: dict[str, Path]) -> None:
    """A migrated, empty database (as `migrate` leaves it) and no stored files."""
    import shutil

    call_command("flush", interactive=False, verbosity=0)
    for root in roots.values():
        shutil.rmtree(root, ignore_errors=True)


def test_round_trip_restores_rows_and_files(roots: dict[str, Path], tmp_path: Path) -> None:
    _world(roots)
    rows, files = _rows(), _files(roots)
    assert files and rows["programme.ApplicationAttachment"]
    target = tmp_path / "backup"

    call_command("backup", str(target), verbosity=0)
    _empty(roots)
    assert _rows()["members.Person"] == [] and _files(roots) == {}
    call_command("restore", str(target), verbosity=0)

    assert _rows() == rows
    assert _files(roots) == files
    # New rows get fresh keys after a restore (sequences follow the restored rows).
    assert PersonFactory(organisation=None).pk > max(r["id"] for r in rows["members.Person"])


def test_the_manifest_lists_every_file_with_its_checksum(
    roots: dict[str, Path], tmp_path: Path
) -> None:
    _world(roots)
    call_command("backup", str(tmp_path / "b"), verbosity=0)
    manifest = json.loads((tmp_path / "b" / MANIFEST).read_text())
    paths = {entry["path"]: entry for entry in manifest["files"]}
    assert set(paths) == {
        DATABASE_FILE,
        "private/applications/plan.pdf",
        "media/news/2026/photo.png",
    }
    assert paths["private/applications/plan.pdf"]["sha256"] == sha256_of(
        roots["private"] / "applications" / "plan.pdf"
    )
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrations"]["members"][-1] == max(n for a, n in applied if a == "members")
    assert backup_verify(tmp_path / "b") == manifest


def test_a_damaged_backup_is_refused_and_changes_nothing(
    roots: dict[str, Path], tmp_path: Path
) -> None:
    _world(roots)
    target = tmp_path / "b"
    call_command("backup", str(target), verbosity=0)
    _empty(roots)
    before = _rows()
    (target / "private" / "applications" / "plan.pdf").write_bytes(b"tampered")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(target), verbosity=0)
    assert _rows() == before and _files(roots) == {}


def test_restore_refuses_a_database_with_data_unless_told_to_replace_it(
    roots: dict[str, Path], tmp_path: Path
) -> None:
    _world(roots)
    rows = _rows()
    target = tmp_path / "b"
    call_command("backup", str(target), verbosity=0)
    UserFactory(email="added-later@example.org")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(target), verbosity=0)
    call_command("restore", str(target), "--replace", verbosity=0)
    assert _rows() == rows


def test_backup_refuses_a_directory_that_is_not_empty(
    roots: dict[str, Path], tmp_path: Path
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "other.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "b"), verbosity=0)
    assert (tmp_path / "b" / "other.txt").read_text() == "keep me"


def test_a_manifest_naming_a_file_outside_the_backup_is_refused(
    roots: dict[str, Path], tmp_path: Path
) -> None:
    call_command("backup", str(tmp_path / "b"), verbosity=0)
    manifest_path = tmp_path / "b" / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["files"].append({"kind": "media", "path": "../../etc/passwd", "size": 1, "sha256": ""})
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="outside the backup"):
        call_command("restore", str(tmp_path / "b"), verbosity=0)
