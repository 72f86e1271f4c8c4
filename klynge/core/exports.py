"""CSV and XLSX exports that neutralise spreadsheet formulas and stream large files.

Formulas: a CSV cell is written by `defusedcsv`, which quotes a cell a spreadsheet would read as a
formula (CSV injection); an XLSX cell keeps its type, and a text that openpyxl would store as a
formula (it starts with "=") is written as a text cell, so no exported cell is ever a formula.

`rows` may be any iterable (a generator over a chunked queryset keeps memory flat): the first
`BUFFER_ROWS` rows are written at once; a short export is answered as an ordinary response, a long
one continues as a stream (CSV, chunk by chunk) or from a temporary file (XLSX: openpyxl's
write-only workbook keeps its rows on disk), so memory does not grow with the number of rows.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from defusedcsv import csv as defused_csv
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

BUFFER_ROWS = 1000  # exports up to this many rows are built in memory
CHUNK_ROWS = 500  # a streamed CSV is sent this many rows at a time
QUERY_CHUNK_ROWS = 2000  # an export's queryset.iterator() reads this many rows at a time
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """`value` as openpyxl should write it: a would-be formula as a text cell, anything else as is."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


_Response = TypeVar("_Response", HttpResponse, StreamingHttpResponse)


def _attachment(response: _Response, name: str) -> _Response:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv_text(rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = defused_csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse | StreamingHttpResponse:
    iterator = iter(rows)
    first = list(islice(iterator, BUFFER_ROWS))
    head = "\ufeff" + _csv_text([header, *first])
    if len(first) < BUFFER_ROWS:
        return _attachment(HttpResponse(head, content_type=CSV_TYPE), f"{filename}.csv")

    def stream() -> Iterator[str]:
        yield head
        while chunk := list(islice(iterator, CHUNK_ROWS)):
            yield _csv_text(chunk)

    response = StreamingHttpResponse(stream(), content_type=CSV_TYPE)
    return _attachment(response, f"{filename}.csv")


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Export"
) -> HttpResponse | FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, h) for h in header])
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    if count < BUFFER_ROWS:
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        return _attachment(response, f"{filename}.xlsx")
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it, which removes it)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
