"""The Brønnøysund bulk import: streaming reader, record mapping, batched create/update, command."""

from __future__ import annotations

import datetime
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from klynge.core.models import AuditEntry
from klynge.members.imports.brreg import (
    BulkFileError,
    clean_website,
    guess_kind,
    iter_records,
    map_record,
    open_bulk_file,
)
from klynge.members.imports.brreg_fake import fake_record, write_bulk_file, write_records
from klynge.members.imports.brreg_sync import FILLED_FIELDS, STAGE_COLUMNS, _staged
from klynge.members.models import Organisation
from klynge.members.services.imports import brreg_import
from tests.factories.members import OrganisationFactory


def record(number: str, name: str = "EKSEMPEL AS", **extra: Any) -> dict[str, Any]:
    """A register object in the bulk file's exact shape."""
    data: dict[str, Any] = {
        "organisasjonsnummer": number,
        "navn": name,
        "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
        "hjemmeside": "www.eksempel.no",
        "forretningsadresse": {
            "land": "Norge",
            "landkode": "NO",
            "postnummer": "1776",
            "poststed": "HALDEN",
            "adresse": ["Storgata 1"],
            "kommune": "HALDEN",
            "kommunenummer": "3101",
        },
        "naeringskode1": {"kode": "62.010", "beskrivelse": "Programmeringstjenester"},
        "naeringskode2": {"kode": "35.140", "beskrivelse": "Handel med elektrisitet"},
        "antallAnsatte": 12,
        "harRegistrertAntallAnsatte": True,
        "institusjonellSektorkode": {"kode": "2100", "beskrivelse": "Private aksjeselskaper mv."},
        "stiftelsesdato": "2013-04-20",
        "registreringsdatoEnhetsregisteret": "2013-05-02",
        "konkurs": False,
        "underAvvikling": False,
    }
    data.update(extra)
    return data


class Tripwire(io.RawIOBase):
    """A stream over `data` that fails the test if anything reads past `limit` bytes."""

    def __init__(self, data: bytes, limit: int) -> None:
        self.data, self.limit, self.position = data, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.position >= self.limit:
            raise AssertionError("the reader read past the first part of the file")
        chunk = self.data[self.position : min(self.position + len(buffer), self.limit)]
        buffer[: len(chunk)] = chunk
        self.position += len(chunk)
        return len(chunk)


def test_reader_is_a_generator_that_streams() -> None:
    data = json.dumps([fake_record(i) for i in range(3000)]).encode()
    assert len(data) > 1_000_000
    stream = io.BufferedReader(Tripwire(data, limit=200_000), buffer_size=16_384)
    records = iter_records(stream)
    first = next(records)
    assert first["organisasjonsnummer"] == fake_record(0)["organisasjonsnummer"]
    assert next(records)["navn"] == fake_record(1)["navn"]
    with pytest.raises(AssertionError, match="read past"):
        list(records)


@pytest.mark.parametrize("read_chars", [1, 7, 64, 1 << 16])
def test_reader_decodes_items_cut_by_any_chunk_boundary(read_chars: int) -> None:
    items = [record("988077917", "ÆØÅ SØRLANDET AS"), 12345, [1.5, None], "x", {"a": {}}]
    data = (
        " [\n " + " ,\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n] "
    ).encode()
    assert list(iter_records(io.BytesIO(data), read_chars=read_chars)) == items


@pytest.mark.parametrize("data", [b"[]", b" [ ] ", b"", b'{"organisasjonsnummer": "988077917"}'])
def test_reader_yields_nothing_from_an_empty_array_or_no_array(data: bytes) -> None:
    assert list(iter_records(io.BytesIO(data))) == []


@pytest.mark.parametrize(
    "data", [b'[{"a": 1}, {"a": 2', b'[{"a": 1} {"a": 2}]', b'[{"a": 1},', b"[1, nope]", b"[1"]
)
def test_reader_refuses_a_cut_off_or_malformed_array(data: bytes) -> None:
    records = iter_records(io.BytesIO(data), read_chars=4)
    with pytest.raises(BulkFileError):
        list(records)


def test_open_bulk_file_reads_gzip_and_plain_json_and_counts_compressed_bytes(
    tmp_path: Path,
) -> None:
    gz = write_records(tmp_path / "a.json.gz", [record("988077917")])
    plain = tmp_path / "a.json"
    plain.write_text(json.dumps([record("974760673")]))
    with open_bulk_file(gz) as (stream, counter):
        assert [r["organisasjonsnummer"] for r in iter_records(stream)] == ["988077917"]
        assert counter.bytes_read == gz.stat().st_size
    with open_bulk_file(plain) as (stream, _counter):
        assert [r["organisasjonsnummer"] for r in iter_records(stream)] == ["974760673"]


def test_map_record_fields() -> None:
    values, reason = map_record(record("988 077 917"))
    assert reason == "" and values is not None
    assert values["org_number"] == "988077917"
    assert values["nace_codes"] == ["62.010", "35.140"] and values["nace_primary"] == "62.010"
    assert values["employees"] == 12
    assert (values["municipality"], values["municipality_number"]) == ("Halden", "3101")
    assert (values["county"], values["city"]) == ("Østfold", "Halden")
    assert values["website"] == "https://www.eksempel.no"
    assert values["founded_on"] == datetime.date(2013, 4, 20)
    assert values["org_form"] == "AS"


@pytest.mark.parametrize(
    ("changes", "employees"),
    [
        ({"harRegistrertAntallAnsatte": False, "antallAnsatte": 0}, None),
        ({"harRegistrertAntallAnsatte": False}, None),
        ({"antallAnsatte": None}, None),
        ({"antallAnsatte": 300}, 300),
    ],
)
def test_missing_headcount_is_unknown(changes: dict[str, Any], employees: int | None) -> None:
    data = record("988077917")
    data.pop("antallAnsatte")
    data.update(changes)
    values, _ = map_record(data)
    assert values is not None and values["employees"] == employees


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("www.eksempel.no", "https://www.eksempel.no"),
        ("http://eksempel.no/om", "http://eksempel.no/om"),
        ("eksempel", ""),
        ("www.eks empel.no", ""),
        ("ftp://eksempel.no", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_websites(raw: Any, expected: str) -> None:
    assert clean_website(raw) == expected


@pytest.mark.parametrize(
    ("form", "sector", "employees", "kind"),
    [
        ("KOMM", "6500", 5000, "public_sector"),
        ("FYLK", "", None, "public_sector"),
        ("STAT", "", 10, "public_sector"),
        ("ORGL", "", 1, "public_sector"),
        ("AS", "6100", 3, "public_sector"),
        ("ASA", "2100", 250, "large"),
        ("AS", "2100", 249, "sme"),
        ("ENK", "8200", None, "sme"),
    ],
)
def test_guess_kind(form: str, sector: str, employees: int | None, kind: str) -> None:
    assert guess_kind(form, sector, employees) == kind


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"organisasjonsnummer": "988077918"}, "invalid organisation number"),
        ({"organisasjonsnummer": None}, "invalid organisation number"),
        ({"navn": ""}, "missing name"),
        ({"navn": None}, "missing name"),
    ],
)
def test_invalid_records(bad: dict[str, Any], reason: str) -> None:
    data = record("988077917")
    data.update(bad)
    assert map_record(data) == (None, reason)
    assert map_record(["not", "an", "object"]) == (None, "not an object")


@pytest.mark.django_db
def test_import_creates_and_counts(tmp_path: Path) -> None:
    path = write_records(
        tmp_path / "e.json.gz",
        [
            record("988077917"),
            record("974760673", "HVALER KOMMUNE", organisasjonsform={"kode": "KOMM"}),
            record("917422575", "STOR ASA", antallAnsatte=900, konkurs=True, underAvvikling=True),
            record("988077918", "UGYLDIG AS"),
            record("971527404", "", slettedato="2020-01-01"),
            record(
                "123456785", "SLETTET AS", slettedato="2020-01-01", harRegistrertAntallAnsatte=False
            ),
        ],
    )
    stats = brreg_import(actor=None, path=path, batch_size=2)
    assert stats.as_dict() | {"invalid_samples": stats.invalid_samples} == {
        "read": 6,
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "skipped_invalid": 2,
        "skipped_not_in_klynge": 0,
        "skipped_resume": 0,
        "invalid_samples": [
            (4, "988077918", "invalid organisation number"),
            (5, "971527404", "missing name"),
        ],
    }
    org = Organisation.objects.get(org_number="988077917")
    assert (org.name, org.kind, org.employees, org.size_class) == (
        "EKSEMPEL AS",
        "sme",
        12,
        "small",
    )
    assert (org.county, org.city, org.nace_version, org.country) == (
        "Østfold",
        "Halden",
        "SN2007",
        "NO",
    )
    assert org.register_updated_at is not None
    assert Organisation.objects.get(org_number="974760673").kind == "public_sector"
    large = Organisation.objects.get(org_number="917422575")
    assert (large.kind, large.is_bankrupt, large.is_being_dissolved) == ("large", True, True)
    deleted = Organisation.objects.get(org_number="123456785")
    assert deleted.deleted_on == datetime.date(2020, 1, 1)
    assert (deleted.employees, deleted.size_class) == (None, "unknown")
    entry = AuditEntry.objects.get(action="klynge.members.brreg_import.completed")
    assert entry.data["created"] == 4 and entry.data["filename"] == "e.json.gz"


@pytest.mark.django_db
def test_import_updates_but_keeps_kind_and_person_entered_values(tmp_path: Path) -> None:
    org = OrganisationFactory(
        org_number="988077917",
        name="Eksempel",
        kind="university",
        employees=40,
        website="https://eksempel.example",
        nace_codes=[],
    )
    path = write_records(
        tmp_path / "e.json.gz",
        [
            record(
                "988077917",
                antallAnsatte=None,
                harRegistrertAntallAnsatte=False,
                hjemmeside=None,
                konkurs=True,
            )
        ],
    )
    stats = brreg_import(actor=None, path=path)
    assert (stats.created, stats.updated) == (0, 1)
    org.refresh_from_db()
    assert org.name == "EKSEMPEL AS" and org.kind == "university"
    assert org.employees == 40 and org.website == "https://eksempel.example"
    assert org.nace_codes == ["62.010", "35.140"] and org.is_bankrupt
    again = brreg_import(actor=None, path=path)
    assert (again.updated, again.unchanged) == (0, 1)


@pytest.mark.django_db
def test_only_known_creates_nothing(tmp_path: Path) -> None:
    known = OrganisationFactory(org_number="988077917", name="Old name")
    path = write_records(tmp_path / "e.json.gz", [record("988077917"), record("974760673")])
    stats = brreg_import(actor=None, path=path, only_known=True)
    assert (stats.created, stats.updated, stats.not_in_klynge) == (0, 1, 1)
    assert not Organisation.objects.filter(org_number="974760673").exists()
    known.refresh_from_db()
    assert known.name == "EKSEMPEL AS"


@pytest.mark.django_db
def test_batches_bound_queries(tmp_path: Path, django_assert_max_num_queries: Any) -> None:
    path = write_bulk_file(tmp_path / "fake.json.gz", 300)
    with django_assert_max_num_queries(40):
        stats = brreg_import(actor=None, path=path, batch_size=100)
    assert stats.read == 300 and stats.created + stats.invalid == 300


@pytest.mark.django_db
def test_resume_with_skip(tmp_path: Path) -> None:
    path = write_bulk_file(tmp_path / "fake.json.gz", 50)
    stats = brreg_import(actor=None, path=path, skip=30)
    assert (stats.skipped, stats.read) == (30, 20)
    assert Organisation.objects.count() == 20


@pytest.mark.django_db
def test_command_prints_summary(tmp_path: Path) -> None:
    path = write_records(tmp_path / "e.json.gz", [record("988077917"), record("1", "X")])
    out = io.StringIO()
    call_command("import_brreg", str(path), "--batch-size", "1", stdout=out)
    text = out.getvalue()
    assert "read: 2, created: 1, updated: 0, unchanged: 0, skipped invalid: 1" in text
    assert "record 2: 1: invalid organisation number" in text


@pytest.mark.django_db
def test_command_reports_truncated_file_with_resume_hint(tmp_path: Path) -> None:
    full = gzip.compress(json.dumps([record("988077917"), record("974760673")]).encode())
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(gzip.decompress(full)[:-40]))
    with pytest.raises(CommandError, match="resume with --skip"):
        call_command("import_brreg", str(broken), "--batch-size", "1", stdout=io.StringIO())
    assert Organisation.objects.filter(org_number="988077917").exists()


@pytest.mark.django_db
def test_command_refuses_missing_file_and_bad_batch_size(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_brreg", str(tmp_path / "nope.json.gz"))
    path = write_records(tmp_path / "e.json.gz", [record("988077917")])
    with pytest.raises(CommandError, match="batch size"):
        call_command("import_brreg", str(path), "--batch-size", "0", stdout=io.StringIO())


@pytest.mark.django_db
def test_reimport_writes_only_the_rows_whose_register_values_changed(tmp_path: Path) -> None:
    first = [record("988077917"), record("974760673", "HVALER AS"), record("917422575", "STOR AS")]
    brreg_import(actor=None, path=write_records(tmp_path / "a.json.gz", first))
    Organisation.objects.update(updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    second = [
        record("988077917"),
        record("974760673", "HVALER AS", konkurs=True),
        record("917422575", "STOR AS", naeringskode1={"kode": "71.129"}, naeringskode2=None),
    ]
    stats = brreg_import(actor=None, path=write_records(tmp_path / "b.json.gz", second))
    assert (stats.created, stats.updated, stats.unchanged) == (0, 2, 1)
    untouched = Organisation.objects.filter(updated_at__year=2020)
    assert list(untouched.values_list("org_number", flat=True)) == ["988077917"]
    assert Organisation.objects.get(org_number="974760673").is_bankrupt
    assert Organisation.objects.get(org_number="917422575").nace_codes == ["71.129"]


@pytest.mark.parametrize("sqlite", [False, True])
def test_staged_rows_follow_the_staging_columns(sqlite: bool) -> None:
    values, _ = map_record(
        record("988077917", hjemmeside=None, antallAnsatte=0, slettedato="2020-01-01")
    )
    assert values is not None
    staged = dict(zip(STAGE_COLUMNS, _staged(values, sqlite), strict=True))
    day = (lambda d: d.isoformat()) if sqlite else (lambda d: d)
    assert staged == {
        "org_number": "988077917",
        "kind": "sme",
        **{name: values[name] for name in FILLED_FIELDS},
        "nace_codes": '["62.010", "35.140"]',
        "employees": 0,
        "website": None,
        "founded_on": day(datetime.date(2013, 4, 20)),
        "is_bankrupt": False,
        "is_being_dissolved": False,
        "deleted_on": day(datetime.date(2020, 1, 1)),
    }
