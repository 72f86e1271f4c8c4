"""Member import API: role table, preview writes nothing, apply is all or nothing with a row report."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from klynge.core.models import AuditEntry
from klynge.members.models import Membership, Organisation
from tests.http import client_as as api

HEADER = "name;org_number;country;kind;employees;category;joined_on"
GOOD = f"{HEADER}\nNye Energi AS;988077917;;SMB;12;partner;01.02.2024\nSvensk AB;;SE;large;;;2024-03-01\n"
BAD = f"{HEADER}\nNye Energi AS;988077917;;SMB;12;partner;01.02.2024\nBroken AS;123;;;;;\n"


def upload(client: Client, text: str, *, dry_run: bool = False, name: str = "m.csv") -> Any:
    url = "/api/v1/clusters/cluster-a/member-imports" + ("?dry_run=true" if dry_run else "")
    return client.post(url, {"file": SimpleUploadedFile(name, text.encode())})


def counts() -> tuple[int, int, int]:
    return Organisation.objects.count(), Membership.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("contact_a", 403),
        ("staff_b", 403),
        ("officer", 403),
        ("staff_a", 200),
        ("manager_a", 200),
        ("superuser", 200),
    ],
)
def test_role_table(member_cast: Any, role: str, status: int) -> None:
    before = counts()
    response = upload(api(member_cast, role), GOOD)
    assert response.status_code == status
    assert (counts() != before) is (status == 200)


def test_dry_run_reports_and_writes_nothing(member_cast: Any) -> None:
    before = counts()
    response = upload(api(member_cast, "staff_a"), GOOD, dry_run=True)
    assert response.status_code == 200
    body = response.json()
    assert counts() == before
    assert body["applied"] is False and body["detail"] is None
    assert [r["organisation_action"] for r in body["rows"]] == ["create", "create"]
    assert body["counts"]["memberships_created"] == 2


def test_apply_writes_every_row(member_cast: Any) -> None:
    response = upload(api(member_cast, "manager_a"), GOOD)
    assert response.status_code == 200 and response.json()["applied"] is True
    assert Membership.objects.filter(
        cluster=member_cast.cluster_a, organisation__org_number="988077917"
    ).exists()
    assert AuditEntry.objects.filter(action="klynge.members.import.completed").count() == 1


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_bad_row_gives_422_with_the_row_report_and_nothing_written(
    member_cast: Any, dry_run: bool
) -> None:
    before = counts()
    response = upload(api(member_cast, "staff_a"), BAD, dry_run=dry_run)
    assert response.status_code == 422
    body = response.json()
    assert counts() == before
    assert body["applied"] is False
    bad = [row for row in body["rows"] if row["issues"]]
    assert [row["row"] for row in bad] == [3]  # the header is row 1
    assert bad[0]["issues"][0]["level"] == "error" and bad[0]["issues"][0]["message"]
    if not dry_run:
        assert body["code"] == "import_has_errors" and body["field"] == "file"


@pytest.mark.parametrize(
    ("content", "name"),
    [("", "m.csv"), ("not a spreadsheet", "m.xlsx")],
)
def test_unreadable_files_are_a_400(member_cast: Any, content: str, name: str) -> None:
    before = counts()
    response = upload(api(member_cast, "staff_a"), content, name=name)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert counts() == before


def test_a_request_without_a_file_is_a_400_on_the_file_field(member_cast: Any) -> None:
    # A multipart part without a file name is dropped by Django: the request names no file at all.
    before = counts()
    response = api(member_cast, "manager_a").post(
        "/api/v1/clusters/cluster-a/member-imports", {"note": "no file here"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Choose a CSV or XLSX file to import.",
        "code": "invalid_file",
        "field": "file",
    }
    assert counts() == before
