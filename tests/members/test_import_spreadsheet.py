"""Reading and validating member spreadsheets: formats, encodings and hostile files."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from klynge.core.spreadsheets import ImportFileError, read_table
from klynge.members.imports.report import Issue
from klynge.members.imports.validation import validate_table

TODAY = datetime.date(2025, 6, 1)
TOPICS = {"smart-grids": "smart-grids", "smart grids": "smart-grids", "smarte nett": "smart-grids"}


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(delimiter.join(row) for row in rows).encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def validate(content: bytes, filename: str = "members.csv") -> tuple[list[Any], list[Issue]]:
    return validate_table(read_table(content, filename), topic_lookup=TOPICS, today=TODAY)


def messages(rows: list[Any]) -> list[str]:
    return [str(issue) for row in rows for issue in row.issues]


def file_error(content: bytes, filename: str = "members.csv") -> str:
    with pytest.raises(ImportFileError) as caught:
        validate(content, filename)
    return caught.value.message


def test_utf8_with_bom_and_comma() -> None:
    content = "\ufeff".encode() + csv_bytes([["name", "municipality"], ["Blåbær AS", "Bærum"]])
    table = read_table(content, "m.csv")
    assert (table.encoding, table.delimiter, table.notes) == ("UTF-8", ",", [])
    assert table.header == ["name", "municipality"]
    assert table.rows == [(2, ["Blåbær AS", "Bærum"])]


def test_windows_1252_with_semicolons_is_read_and_said() -> None:
    content = csv_bytes(
        [["navn", "kommune"], ["Blåbær AS", "Bærum"]], delimiter=";", encoding="cp1252"
    )
    table = read_table(content, "m.csv")
    assert (table.encoding, table.delimiter) == ("Windows-1252 (Latin-1)", ";")
    assert table.rows[0][1] == ["Blåbær AS", "Bærum"]
    assert "read as Windows-1252 (Latin-1), not UTF-8" in table.notes[0]


def test_semicolon_file_with_commas_inside_cells() -> None:
    content = csv_bytes([["name;website;nace_codes"], ["Acme, Inc.;acme.example;62.010, 35.140"]])
    rows, _ = validate(content)
    assert rows[0].values["name"] == "Acme, Inc."
    assert rows[0].values["nace_codes"] == ["62.010", "35.140"]


def test_utf16_tab_separated_excel_unicode_text() -> None:
    content = "name\tcountry\r\nSvensk AB\tSE\r\n".encode("utf-16")
    rows, _ = validate(content, "m.txt")
    assert rows[0].values == {"name": "Svensk AB", "country": "SE"}


def test_undecodable_text_gets_a_clear_message() -> None:
    content = b"name\r\nAcme \x81\x8d\x90\x9d AS\r\n"
    assert "could not be read as text" in file_error(content)


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b"", "m.csv", "The file is empty."),
        (b"\r\n ,, \r\n", "m.csv", "there is no header row"),
        (b"name,org_number\r\n", "m.csv", "a header row but no data rows"),
        (b"name,org_number\r\n,\r\n", "m.csv", "a header row but no data rows"),
        (b"not a zip at all", "m.xlsx", "is named m.xlsx but is not an Excel workbook"),
        (b"PK\x03\x04garbage", "m.xlsx", "damaged"),
        (b"name\x00\x01\x02binary", "m.csv", "is named m.csv but is not a text (CSV) file"),
        (b"\xd0\xcf\x11\xe0legacy", "m.xls", "Old Excel files (.xls) are not supported"),
        (b"%PDF-1.4", "m.pdf", "Upload a .csv or .xlsx file"),
    ],
)
def test_hostile_files(content: bytes, filename: str, expected: str) -> None:
    assert expected in file_error(content, filename)


def test_xlsx_renamed_to_csv_is_refused() -> None:
    content = xlsx_bytes([["name"], ["Acme AS"]])
    assert "not a text (CSV) file" in file_error(content, "m.csv")


def test_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "could not be opened as an Excel workbook" in file_error(buffer.getvalue(), "m.xlsx")


def test_size_and_row_caps(settings: Any) -> None:
    settings.KLYNGE_IMPORT_MAX_BYTES = 100
    message = file_error(b"name\r\n" + b"A" * 200)
    assert "the limit is 100" in message
    settings.KLYNGE_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    settings.KLYNGE_IMPORT_MAX_ROWS = 3
    assert "more than 3 data rows" in file_error(csv_bytes([["name"], ["a"], ["b"], ["c"], ["d"]]))
    assert "more than 3 data rows" in file_error(
        xlsx_bytes([["name"], ["a"], ["b"], ["c"], ["d"]]), "m.xlsx"
    )


def test_missing_required_columns_are_listed() -> None:
    message = file_error(csv_bytes([["org_number", "county"], ["988077917", "Viken"]]))
    assert "lacks the required column(s): name" in message
    assert "Columns found: org_number, county" in message


def test_unknown_columns_warn_and_aliases_match() -> None:
    rows, issues = validate(
        csv_bytes(
            [
                ["Navn", "Organisasjonsnummer", "Shoe size", "Org number*"],
                ["Acme AS", "988077917", "44", ""],
            ]
        )
    )
    assert [str(i) for i in issues] == [
        "file: Unknown column “Shoe size” is ignored.",
        "file, org_number: Column “Org number*” appears twice; the first one is used.",
    ]
    assert all(not i.is_error for i in issues)
    assert rows[0].values["org_number"] == "988077917"


def test_field_errors_name_the_row_and_field() -> None:
    content = csv_bytes(
        [
            [
                "name",
                "org_number",
                "country",
                "kind",
                "employees",
                "joined_on",
                "contact_email",
                "website",
                "category",
                "topics",
                "nace_codes",
            ],
            [
                "Ok AS",
                "988 077 917",
                "",
                "SMB",
                "1 200",
                "01.02.2020",
                "",
                "ok.no",
                "Partner",
                "Smarte nett",
                "62010",
            ],
            [
                "",
                "988077918",
                "Norway",
                "bank",
                "many",
                "31.02.2020",
                "not-an-email",
                "not a site",
                "vip",
                "quantum",
                "6x",
            ],
        ]
    )
    rows, _ = validate(content)
    assert rows[0].issues == []
    assert rows[0].values == {
        "name": "Ok AS",
        "org_number": "988077917",
        "country": "NO",
        "kind": "sme",
        "employees": 1200,
        "joined_on": datetime.date(2020, 2, 1),
        "website": "https://ok.no",
        "category": "partner",
        "topics": ["smart-grids"],
        "nace_codes": ["62.010"],
    }
    found = messages(rows[1:])
    assert "row 3, name: is required." in found
    assert (
        "row 3, org_number: “988077918” is not a valid Norwegian organisation number "
        "(9 digits, check digit)." in found
    )
    for fragment in (
        "row 3, kind: “bank” is not a kind",
        "row 3, employees: “many” is not a whole number",
        "row 3, joined_on: “31.02.2020” is not a date; write YYYY-MM-DD or DD.MM.YYYY.",
        "row 3, contact_email: “not-an-email” is not an email address.",
        "row 3, website: “not a site” is not a web address.",
        "row 3, category: “vip” is not a category",
        "row 3, topics: unknown topic(s): quantum.",
        "row 3, nace_codes: “6x” is not an industry code",
    ):
        assert any(message.startswith(fragment) for message in found), fragment


def test_org_number_forms_and_foreign_rule() -> None:
    rows, _ = validate(
        csv_bytes(
            [
                ["name", "org_number", "country"],
                ["A", "NO 974 760 673 MVA", ""],
                ["B", "988077917", "SE"],
            ]
        )
    )
    assert rows[0].values["org_number"] == "974760673"
    assert "only Norwegian organisations (country NO)" in messages(rows)[0]


def test_duplicate_org_numbers_are_errors_on_both_rows() -> None:
    rows, _ = validate(
        csv_bytes(
            [
                ["name", "org_number"],
                ["A", "988077917"],
                ["B", "x"],
                ["C", "988 077 917"],
                ["D", ""],
                ["d", ""],
            ]
        )
    )
    found = messages(rows)
    assert "row 2, org_number: the same organisation number is also in row 4." in found
    assert "row 4, org_number: the same organisation number is also in row 2." in found
    assert "row 5, name: the same organisation (name and country) is also in row 6." in found


def test_formula_cells_rejected_in_name_and_org_number_stripped_elsewhere() -> None:
    content = csv_bytes(
        [
            ["name", "org_number", "municipality", "fee_tier"],
            ['=HYPERLINK("x")', "+988077917", "@Halden", "-Small"],
            ["Fine AS", "", "=1+2", ""],
        ]
    )
    rows, _ = validate(content)
    found = messages(rows)
    assert (
        "row 2, name: starts with “=”, which a spreadsheet would run as a formula; remove it."
        in found
    )
    assert any(m.startswith("row 2, org_number: starts with “+”") for m in found)
    assert rows[0].values["municipality"] == "Halden" and rows[0].values["fee_tier"] == "Small"
    assert "row 3, municipality: leading formula characters were removed." in found
    assert rows[1].values["municipality"] == "1+2" and not rows[1].has_errors


def test_xlsx_with_typed_cells_and_formulas() -> None:
    content = xlsx_bytes(
        [
            ["name", "org_number", "joined_on", "employees", "annual_fee", "county"],
            ["Acme AS", 988077917, datetime.datetime(2021, 3, 4), 12.0, 15000, "=A2"],
            [None, None, None, None, None, None],
            ["Beta AS", "974760673", "04.03.2021", 3, None, "Agder"],
        ]
    )
    rows, _ = validate(content, "m.xlsx")
    assert [row.row for row in rows] == [2, 4]
    assert rows[0].values["org_number"] == "988077917"
    assert rows[0].values["joined_on"] == datetime.date(2021, 3, 4)
    assert (rows[0].values["employees"], rows[0].values["annual_fee"]) == (12, 15000)
    assert rows[0].values["county"] == "A2"
    assert "row 2, county: leading formula characters were removed." in messages(rows)
    assert rows[1].values["joined_on"] == datetime.date(2021, 3, 4)
