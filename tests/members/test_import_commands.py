"""manage.py import_members: dry run, errors exit non-zero, actor recorded, file errors."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from klynge.core.models import AuditEntry
from klynge.members.models import Membership, Organisation

GOOD = "name;org_number;joined_on\nNye Energi AS;988077917;01.02.2024\nFjord AS;;\n"


def write(tmp_path: Path, text: str, name: str = "members.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="cp1252")
    return path


@pytest.mark.django_db
def test_dry_run_reports_and_writes_nothing(cast: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "import_members",
        str(write(tmp_path, GOOD)),
        "--cluster",
        "cluster-a",
        "--dry-run",
        stdout=out,
    )
    text = out.getvalue()
    assert "rows: 2, with errors: 0, organisations created: 2" in text
    assert "Dry run: nothing was written." in text
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_import_with_actor(cast: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "import_members",
        str(write(tmp_path, GOOD)),
        "--cluster",
        "cluster-a",
        "--actor",
        "MANAGER-A@example.org",
        stdout=out,
    )
    assert "Imported members.csv" in out.getvalue()
    assert Membership.objects.filter(cluster=cast.cluster_a).count() == 2
    summary = AuditEntry.objects.get(action="klynge.members.import.completed")
    assert summary.actor == cast.manager_a


@pytest.mark.django_db
def test_errors_are_listed_and_fail_the_command(cast: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    bad = GOOD + "=cmd|'/C calc'!A0;988077918;\n"
    with pytest.raises(CommandError, match="2 error"):
        call_command(
            "import_members", str(write(tmp_path, bad)), "--cluster", "cluster-a", stdout=out
        )
    text = out.getvalue()
    assert "error: row 4, name: starts with “=”" in text
    assert "error: row 4, org_number: “988077918” is not a valid" in text
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_bad_arguments(cast: Any, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    with pytest.raises(CommandError, match="No cluster"):
        call_command("import_members", str(path), "--cluster", "nope")
    with pytest.raises(CommandError, match="No user"):
        call_command("import_members", str(path), "--cluster", "cluster-a", "--actor", "x@y.z")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_members", str(tmp_path / "missing.csv"), "--cluster", "cluster-a")
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_members", str(write(tmp_path, "")), "--cluster", "cluster-a")
    with pytest.raises(CommandError, match="not an Excel workbook"):
        call_command(
            "import_members", str(write(tmp_path, GOOD, "m.xlsx")), "--cluster", "cluster-a"
        )


def test_command_exits_non_zero_on_errors(tmp_path: Path) -> None:
    """Through the real entry point: a CommandError becomes exit status 1."""
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_members",
            str(tmp_path / "missing.csv"),
            "--cluster",
            "x",
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode == 1
    assert "Cannot read" in result.stderr
