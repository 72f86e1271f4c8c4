"""The web flow of the member import: upload -> preview -> confirm, permissions by role."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from klynge.members.imports import storage
from klynge.members.imports.columns import COLUMN_KEYS
from klynge.members.models import Membership, Organisation
from tests.factories.members import OrganisationFactory
from tests.http import client_for

ROLES = [
    "anonymous",
    "contact_a",
    "contact_b",
    "staff_a",
    "staff_b",
    "manager_a",
    "officer",
    "superuser",
]
MAY_IMPORT = {"staff_a", "manager_a", "superuser"}
GOOD_CSV = b"name;org_number;category\nNye Energi AS;988077917;partner\nFjord AS;;\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client: Client, content: bytes = GOOD_CSV, name: str = "members.csv") -> Any:
    url = reverse("members:import", args=["cluster-a"])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def token_of(response: Any) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_import_pages(member_cast: Any, role: str) -> None:
    client = client_for(member_cast.user(role))
    urls = [
        reverse("members:import", args=["cluster-a"]),
        reverse("members:import_template", args=["cluster-a", "xlsx"]),
        reverse("members:import_template", args=["cluster-a", "csv"]),
    ]
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == (200 if role in MAY_IMPORT else 403), url
    response = upload(client)
    expected = 302 if role in MAY_IMPORT or role == "anonymous" else 403
    assert response.status_code == expected
    assert not Organisation.objects.filter(org_number="988077917").exists()


@pytest.mark.django_db
def test_upload_preview_confirm(member_cast: Any, media: Path) -> None:
    client = client_for(member_cast.staff_a)
    page = client.get(reverse("members:import", args=["cluster-a"])).content.decode()
    assert "contact_email" in page and "public_sector" in page
    token = token_of(upload(client))
    assert (media / "imports" / f"{token}.upload").exists()
    preview_url = reverse("members:import_preview", args=["cluster-a", token])
    html = client.get(preview_url).content.decode()
    assert (
        "Nye Energi AS" in html
        and "new membership" in html
        and 'data-testid="import-confirm"' in html
    )
    assert not Organisation.objects.filter(name="Nye Energi AS").exists()
    response = client.post(reverse("members:import_confirm", args=["cluster-a", token]))
    assert response.status_code == 302
    assert Membership.objects.filter(
        cluster=member_cast.cluster_a, organisation__org_number="988077917", category="partner"
    ).exists()
    assert not (media / "imports" / f"{token}.upload").exists()
    assert response["Location"].startswith(reverse("members:directory", args=["cluster-a"]))
    followed = client.get(response["Location"]).content.decode()
    assert "2 organisations created" in followed
    again = client.post(reverse("members:import_confirm", args=["cluster-a", token]))
    assert again.status_code == 302 and Organisation.objects.filter(name="Fjord AS").count() == 1


@pytest.mark.django_db
def test_confirm_recomputes_from_the_stored_file(member_cast: Any) -> None:
    client = client_for(member_cast.staff_a)
    token = token_of(upload(client))
    OrganisationFactory(org_number="988077917", name="Registered meanwhile AS")
    client.post(reverse("members:import_confirm", args=["cluster-a", token]))
    assert Organisation.objects.filter(org_number="988077917").count() == 1
    assert Organisation.objects.get(org_number="988077917").name == "Nye Energi AS"


@pytest.mark.django_db
def test_rows_with_errors_block_the_confirm(member_cast: Any) -> None:
    client = client_for(member_cast.staff_a)
    content = b"name;org_number\nGood AS;988077917\nBad AS;988077918\n"
    token = token_of(upload(client, content))
    html = client.get(reverse("members:import_preview", args=["cluster-a", token])).content.decode()
    assert (
        "<code>org_number</code></td><td>“988077918” is not a valid Norwegian organisation" in html
    )
    assert 'data-testid="import-confirm"' not in html
    response = client.post(reverse("members:import_confirm", args=["cluster-a", token]))
    assert response.status_code == 302
    assert not Organisation.objects.filter(name="Good AS").exists()
    followed = client.get(response["Location"]).content.decode()
    assert "nothing was imported" in followed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "m.csv", "The submitted file is empty."),
        (b"name\n", "m.csv", "a header row but no data rows"),
        (b"hello", "m.xlsx", "is not an Excel workbook"),
        (b"org_number\n988077917\n", "m.csv", "lacks the required column(s): name"),
    ],
)
def test_broken_files_are_explained_on_the_upload_page(
    member_cast: Any, content: bytes, name: str, message: str, media: Path
) -> None:
    response = upload(client_for(member_cast.manager_a), content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not (media / "imports").exists() or not list((media / "imports").iterdir())


@pytest.mark.django_db
def test_tokens_belong_to_the_session_and_expire(member_cast: Any, settings: Any) -> None:
    owner = client_for(member_cast.staff_a)
    token = token_of(upload(owner))
    stranger = client_for(member_cast.manager_a)
    url = reverse("members:import_preview", args=["cluster-a", token])
    assert stranger.get(url)["Location"] == reverse("members:import", args=["cluster-a"])
    stranger.post(reverse("members:import_confirm", args=["cluster-a", token]))
    assert not Organisation.objects.filter(name="Fjord AS").exists()
    bad = owner.get(reverse("members:import_preview", args=["cluster-a", "..%2F..%2Fetc"]))
    assert bad.status_code in {302, 404}
    settings.KLYNGE_IMPORT_TTL_SECONDS = -1
    assert owner.get(url).status_code == 302
    assert storage.purge_expired() == 0  # the expired file was already removed


@pytest.mark.django_db
def test_cancel_deletes_the_upload(member_cast: Any, media: Path) -> None:
    client = client_for(member_cast.staff_a)
    token = token_of(upload(client))
    client.post(reverse("members:import_cancel", args=["cluster-a", token]))
    assert not (media / "imports" / f"{token}.upload").exists()
    assert (
        client.get(reverse("members:import_preview", args=["cluster-a", token])).status_code == 302
    )


@pytest.mark.django_db
def test_preview_filters_and_paginates(member_cast: Any, settings: Any) -> None:
    settings.KLYNGE_PAGE_SIZE = 5
    rows = "\n".join(f"Org {n} AS;" for n in range(12))
    client = client_for(member_cast.staff_a)
    token = token_of(upload(client, f"name;org_number\n{rows}\nBad;1\n".encode()))
    url = reverse("members:import_preview", args=["cluster-a", token])
    assert "Page 1 of 3" in client.get(url).content.decode()
    errors_only = client.get(url, {"show": "errors"}).content.decode()
    assert "Bad" in errors_only and "Org 1 AS" not in errors_only


@pytest.mark.django_db
def test_templates(member_cast: Any) -> None:
    client = client_for(member_cast.staff_a)
    xlsx = client.get(reverse("members:import_template", args=["cluster-a", "xlsx"]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    members, columns = workbook.worksheets
    assert [cell.value for cell in members[1]] == list(COLUMN_KEYS)
    assert members["A1"].comment is not None and "Required" in members["A1"].comment.text
    documented = [row[0] for row in columns.iter_rows(min_row=2, values_only=True)]
    assert set(COLUMN_KEYS) <= set(documented)
    csv = client.get(reverse("members:import_template", args=["cluster-a", "csv"]))
    assert csv.content.decode("utf-8-sig").strip() == ",".join(COLUMN_KEYS)
    assert (
        client.get(reverse("members:import_template", args=["cluster-a", "pdf"])).status_code == 404
    )


@pytest.mark.django_db
def test_after_the_import_the_manager_sees_the_imported_members(member_cast: Any) -> None:
    """The confirm lands on the directory narrowed to what the import wrote, not the upload form."""
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        earlier = OrganisationFactory(name="Already Here AS")
        Membership.objects.create(
            cluster=member_cast.cluster_a, organisation=earlier, joined_on=datetime.date(2025, 1, 1)
        )
    client = client_for(member_cast.manager_a)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)):
        token = token_of(upload(client))
        response = client.post(reverse("members:import_confirm", args=["cluster-a", token]))
        html = client.get(response["Location"]).content.decode()
    assert 'data-testid="imported-note"' in html
    assert "Nye Energi AS" in html and "Fjord AS" in html
    assert "Already Here AS" not in html
