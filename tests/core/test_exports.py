"""Exports stream: a long export is answered before its rows are all read, and memory stays flat."""

from __future__ import annotations

import csv
import gc
import io
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from klynge.core.exports import BUFFER_ROWS, csv_response, xlsx_response


class Rows:
    """`count` export rows, made as they are read; `taken` tells how many were read so far."""

    def __init__(self, count: int) -> None:
        self.count, self.taken = count, 0

    def __iter__(self) -> Iterator[list[Any]]:
        for i in range(self.count):
            self.taken += 1
            yield [f"Organisation {i}", f"{i:09d}", "=SUM(A1)" if i == 7 else i, None]


def _streamed_bytes(response: StreamingHttpResponse) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[arg-type]  # a sync stream


def test_a_short_csv_export_is_one_response() -> None:
    rows = Rows(BUFFER_ROWS - 1)
    response = csv_response("x", ["name", "number", "value", "empty"], rows)
    assert type(response) is HttpResponse and rows.taken == rows.count


def test_a_long_csv_export_streams_its_rows_as_they_are_read() -> None:
    rows = Rows(5 * BUFFER_ROWS)
    response = csv_response("members", ["name", "number", "value", "empty"], rows)
    assert isinstance(response, StreamingHttpResponse)
    assert rows.taken <= BUFFER_ROWS + 1  # the rest is read while the response is sent
    assert response["Content-Disposition"] == 'attachment; filename="members.csv"'
    lines = list(csv.reader(io.StringIO(_streamed_bytes(response).decode("utf-8-sig"))))
    assert rows.taken == rows.count and len(lines) == rows.count + 1
    assert lines[8] == ["Organisation 7", "000000007", "'=SUM(A1)", ""]
    assert lines[-1][0] == f"Organisation {rows.count - 1}"


def test_a_long_xlsx_export_is_sent_from_a_file_not_from_memory() -> None:
    from openpyxl import load_workbook

    rows = Rows(2 * BUFFER_ROWS)
    response = xlsx_response("members", ["name", "number", "value", "empty"], rows)
    assert isinstance(response, FileResponse) and response.streaming
    book = load_workbook(io.BytesIO(_streamed_bytes(response)), read_only=True)
    values = list(book.active.iter_rows(values_only=True))
    assert len(values) == rows.count + 1 and values[8][2] == "=SUM(A1)"
    assert book.active["C9"].data_type == "s"  # a text cell, never a formula


def _send(kind: str, count: int) -> None:
    if kind == "csv":
        response = csv_response("x", ["a", "b", "c", "d"], Rows(count))
    else:
        response = xlsx_response("x", ["a", "b", "c", "d"], Rows(count))
    for _chunk in response.streaming_content:  # type: ignore[union-attr]  # a long export streams
        pass


def _peak_while_sending(kind: str, count: int) -> int:
    _send(kind, BUFFER_ROWS + 1)  # warm: imports and caches are not the export's memory
    gc.collect()
    tracemalloc.start()
    try:
        _send(kind, count)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_memory_does_not_grow_with_the_rows(kind: str) -> None:
    small = _peak_while_sending(kind, 2 * BUFFER_ROWS)
    large = _peak_while_sending(kind, 8 * BUFFER_ROWS)
    assert large < 1.5 * small, (small, large)  # 8 times the rows
