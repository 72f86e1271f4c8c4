"""Read an uploaded CSV or XLSX file into a header and rows of text, refusing hostile files clearly.

Everything that can be wrong with the file as a whole raises `ImportFileError` with a message for the
person who uploaded it: empty, too big, too many rows, not what its name says, unreadable encoding,
header only. Row-level problems are left to `validation`.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from klynge.core.errors import DomainError

CSV_EXTENSIONS = {".csv", ".txt"}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls and other Office 97 files
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text" export
# ASCII and C1 control characters that never occur in a text spreadsheet (tab/CR/LF excepted).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252 (Latin-1)"))


class ImportFileError(DomainError):
    """The file as a whole cannot be imported; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="invalid_file", field="file")


@dataclass
class RawTable:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


def max_bytes() -> int:
    return int(settings.KLYNGE_IMPORT_MAX_BYTES)


def max_rows() -> int:
    return int(settings.KLYNGE_IMPORT_MAX_ROWS)


def check_size(size: int) -> None:
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > max_bytes():
        raise ImportFileError(
            _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )


def read_table(content: bytes, filename: str) -> RawTable:
    """Read the first sheet of an XLSX file or a CSV file (by extension, checked against content)."""
    check_size(len(content))
    extension = PurePath(filename or "").suffix.lower()
    if extension in XLSX_EXTENSIONS:
        if not content.startswith(ZIP_MAGIC):
            raise ImportFileError(
                _(
                    "The file is named %(name)s but is not an Excel workbook (.xlsx). "
                    "Save it from your spreadsheet program as .xlsx or as CSV."
                )
                % {"name": filename}
            )
        table = _read_xlsx(content)
    elif extension in CSV_EXTENSIONS:
        utf16 = content.startswith(UTF16_BOMS)
        if content.startswith((ZIP_MAGIC, OLE_MAGIC)) or (b"\x00" in content[:8192] and not utf16):
            raise ImportFileError(
                _(
                    "The file is named %(name)s but is not a text (CSV) file; it looks like a "
                    "binary file or a workbook. Save it as CSV, or upload the .xlsx file."
                )
                % {"name": filename}
            )
        table = _read_csv(content)
    elif extension == ".xls":
        raise ImportFileError(
            _("Old Excel files (.xls) are not supported. Save the file as .xlsx or CSV.")
        )
    else:
        raise ImportFileError(
            _("Upload a .csv or .xlsx file (the file is named %(name)s).") % {"name": filename}
        )
    if not any(cell for cell in table.header):
        raise ImportFileError(_("The file is empty: there is no header row."))
    if not table.rows:
        raise ImportFileError(
            _("The file has a header row but no data rows. Add one row per organisation.")
        )
    return table


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith(UTF16_BOMS):
        try:
            return content.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    else:
        for codec, label in ENCODINGS:
            try:
                text = content.decode(codec)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.search(text):
                return text, label
    raise ImportFileError(
        _(
            "The file could not be read as text: it is neither UTF-8 nor Windows-1252/Latin-1, or "
            "it contains binary data. Save it as “CSV UTF-8” from your spreadsheet program."
        )
    )


def sniff_delimiter(text: str) -> str:
    """';' (Norwegian Excel), ',' or tab: the one that splits the header line into most cells."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {}
    for delimiter in (";", ",", "\t"):
        counts[delimiter] = len(next(csv.reader([header], delimiter=delimiter), []))
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] > 1 else ","


def _read_csv(content: bytes) -> RawTable:
    text, encoding = _decode(content)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    limit = max_rows()
    try:
        for line_number, cells in enumerate(reader, start=1):
            if not header:
                if any(cell.strip() for cell in cells):
                    header = [cell.strip() for cell in cells]
                continue
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((line_number, cells))
            if len(rows) > limit:
                raise _too_many_rows(limit)
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc
    notes = []
    if encoding != "UTF-8":
        notes.append(
            _(
                "The file was read as %(encoding)s, not UTF-8. Check that letters like æ, ø and å "
                "look right below."
            )
            % {"encoding": encoding}
        )
    return RawTable(header, rows, encoding=encoding, delimiter=delimiter, notes=notes)


def _too_many_rows(limit: int) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)s data rows. Split it into smaller files.")
        % {"limit": f"{limit:,}".replace(",", " ")}
    )


def _read_xlsx(content: bytes) -> RawTable:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ImportFileError(_("The Excel file is damaged and cannot be opened.")) from exc
    if unpacked > 20 * max_bytes():
        raise ImportFileError(_("The Excel file unpacks to too much data. Split it."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ImportFileError(
            _("The file could not be opened as an Excel workbook (.xlsx): it may be damaged.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        header: list[str] = []
        rows: list[tuple[int, list[str]]] = []
        limit = max_rows()
        for row_number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            if not header:
                if any(cell.strip() for cell in cells):
                    header = [cell.strip() for cell in cells]
                continue
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((row_number, cells))
            if len(rows) > limit:
                raise _too_many_rows(limit)
    finally:
        workbook.close()
    while header and not header[-1]:
        header.pop()
    return RawTable(header, rows, encoding="", delimiter="")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return str(int(value))
    return str(value)
