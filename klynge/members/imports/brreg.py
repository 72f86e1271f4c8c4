"""Streaming reader for the Brønnøysund Enhetsregisteret bulk file and the record -> field mapping.

The bulk file is a gzip-compressed JSON array of objects and over 1 GB uncompressed, so it is never
loaded whole: `iter_records` reads it in chunks and yields one object at a time (decoded by the
standard library's C JSON decoder, which is faster than a streaming parser's events), and
`open_bulk_file` counts the compressed bytes read so progress can be shown.
"""

from __future__ import annotations

import codecs
import datetime
import gzip
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr

from klynge.core.dates import in_range
from klynge.members.classification import county_from_municipality_number

GZIP_MAGIC = b"\x1f\x8b"
NACE_VERSION = "SN2007"
PUBLIC_SECTOR_FORMS = frozenset({"KOMM", "FYLK", "STAT", "ORGL", "SF", "KF", "FKF", "IKS"})
# Institutional sector codes of central (61xx) and local (65xx) government.
PUBLIC_SECTOR_PREFIXES = ("61", "65")
LARGE_HEADCOUNT = 250
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)
# A web address Django's URLValidator also accepts, checked cheaply: http(s), a host name with a
# top-level domain, optional port and path. (The full validator costs ~0.1 ms a record.)
_WEB_ADDRESS = re.compile(
    r"^https?://(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)+"
    r"[a-z\u00a1-\uffff]{2,63}\.?(?::\d{1,5})?(?:[/?#][^\s]*)?$",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset({"og", "i", "på", "under", "ved"})
NACE_KEYS = ("naeringskode1", "naeringskode2", "naeringskode3")


class CountingReader(io.RawIOBase):
    """A read-only binary stream that counts the bytes read from the stream it wraps."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.bytes_read += size
        return size


@contextmanager
def open_bulk_file(path: str | Path) -> Iterator[tuple[io.BufferedIOBase, CountingReader]]:
    """Open a .json.gz (or plain .json) bulk file: (decompressed stream, compressed-byte counter)."""
    with open(path, "rb") as raw:
        magic = raw.read(2)
        raw.seek(0)
        counter = CountingReader(raw)
        buffered = io.BufferedReader(counter, 1 << 16)
        if magic == GZIP_MAGIC:
            with gzip.GzipFile(fileobj=buffered, mode="rb") as stream:
                yield stream, counter
        else:
            yield buffered, counter


class BulkFileError(ValueError):
    """The bulk file is not a well-formed JSON array (truncated, or not JSON at all)."""


READ_CHARS = 1 << 16
MAX_ITEM_CHARS = 1 << 24  # no register object comes near; a longer one means a broken file
_SPACE = re.compile(r"[ \t\n\r]*")


def iter_records(stream: io.BufferedIOBase, read_chars: int = READ_CHARS) -> Iterator[Any]:
    """Yield the items of the top-level JSON array one by one (a generator: memory stays flat).

    Reads `read_chars` at a time and decodes each item with `json.JSONDecoder.raw_decode`; an
    item cut by the end of a chunk is decoded again once the next chunk is in. Yields nothing
    when the file is not an array; raises BulkFileError when the array is malformed or cut off.
    """
    decode = json.JSONDecoder().raw_decode
    text = codecs.getincrementaldecoder("utf-8")()
    skip = _SPACE.match
    buffer, position, ended = "", 0, False

    def more(size: int) -> None:
        nonlocal buffer, position, ended
        data = stream.read(size)
        ended = not data
        buffer = buffer[position:] + text.decode(data, final=ended)
        position = 0

    def next_char() -> str:
        nonlocal position
        while True:
            spaces = skip(buffer, position)  # always matches (maybe nothing)
            position = spaces.end() if spaces else position
            if position < len(buffer):
                return buffer[position]
            if ended:
                return ""
            more(read_chars)

    if next_char() != "[":
        return
    position += 1
    if next_char() == "]":
        return
    while True:
        size = read_chars
        while True:
            try:
                item, end = decode(buffer, position)
            except json.JSONDecodeError as exc:
                if ended or len(buffer) - position > MAX_ITEM_CHARS:
                    raise BulkFileError(f"malformed JSON: {exc.msg}") from None
                more(size)
                size *= 2  # an item longer than a chunk: read more at a time
                continue
            if end < len(buffer) or ended:
                break
            more(size)  # a number may go on in the next chunk: decode it again
        position = end
        yield item
        separator = next_char()
        if separator == "]":
            return
        if separator != ",":
            raise BulkFileError("malformed JSON: expected ',' or ']' after an item")
        position += 1
        next_char()


def _code(value: Any) -> str:
    if type(value) is not dict:
        return ""
    code = value.get("kode")
    if type(code) is str:
        return code.strip()
    return str(code or "").strip()


def _place_name(value: Any) -> str:
    """'NORD-FRON' -> 'Nord-Fron', 'SANDE I VESTFOLD' -> 'Sande i Vestfold'."""
    if not isinstance(value, str) or not value.strip():
        return ""
    return _title_place(value)


@lru_cache(maxsize=8192)
def _title_place(value: str) -> str:
    words = value.strip().lower().split(" ")
    titled = [
        word
        if index and word in _SMALL_WORDS
        else "-".join(p.capitalize() for p in word.split("-"))
        for index, word in enumerate(words)
    ]
    return " ".join(titled)[:100]


@lru_cache(maxsize=4096)
def _county(municipality_number: str) -> str:
    return county_from_municipality_number(municipality_number)


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return parsed if in_range(parsed) else None


def clean_website(value: Any) -> str:
    """Add https:// when the scheme is missing; '' for anything that is not a valid web address."""
    if not isinstance(value, str) or not value.strip():
        return ""
    url = value.strip()
    if not _SCHEME.match(url):
        url = f"https://{url}"
    if len(url) > 200 or not _WEB_ADDRESS.match(url):
        return ""
    return url


def valid_org_number(value: Any) -> str | None:
    """The 9 digits of a valid organisation number, else None (fast path for plain digits)."""
    text = value if type(value) is str else str(value or "")
    if len(text) != 9:
        text = text.strip()
    if len(text) == 9 and text.isdigit():
        d = [ord(c) - 48 for c in text]
        total = (
            3 * d[0] + 2 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] + 2 * d[7]
        )
        check = (11 - total % 11) % 11
        return text if check != 10 and d[8] == check else None
    try:
        return orgnr.validate(text)
    except StdnumError:
        return None


def guess_kind(org_form: str, sector_code: str, employees: int | None) -> str:
    """A first guess of `Organisation.kind` for an organisation new to Klynge."""
    if org_form in PUBLIC_SECTOR_FORMS or sector_code.startswith(PUBLIC_SECTOR_PREFIXES):
        return "public_sector"
    if employees is not None and employees >= LARGE_HEADCOUNT:
        return "large"
    return "sme"


def map_record(record: Any) -> tuple[dict[str, Any] | None, str]:
    """Map one register object to Organisation field values: (values, '') or (None, reason)."""
    if not isinstance(record, dict):
        return None, "not an object"
    number = valid_org_number(record.get("organisasjonsnummer"))
    if number is None:
        return None, "invalid organisation number"
    name = record.get("navn")
    if not isinstance(name, str) or not name.strip():
        return None, "missing name"
    get = record.get
    employees: int | None = None
    count = get("antallAnsatte")
    if get("harRegistrertAntallAnsatte") is not False and isinstance(count, int | float):
        employees = int(count) if count >= 0 else None
    nace_codes = []
    for key in NACE_KEYS:
        code = _code(get(key))
        if code and len(code) <= 8:
            nace_codes.append(code)
    address = get("forretningsadresse") or get("postadresse") or {}
    if not isinstance(address, dict):
        address = {}
    municipality_number = str(address.get("kommunenummer") or "").strip()[:4]
    org_form = _code(record.get("organisasjonsform"))[:16]
    values = {
        "org_number": number,
        "name": name.strip()[:255],
        "org_form": org_form,
        "nace_codes": nace_codes,
        "nace_primary": nace_codes[0] if nace_codes else "",
        "employees": employees,
        "municipality": _place_name(address.get("kommune")),
        "municipality_number": municipality_number,
        "county": _county(municipality_number),
        "city": _place_name(address.get("poststed")),
        "website": clean_website(record.get("hjemmeside")),
        "founded_on": _date(record.get("stiftelsesdato")),
        "is_bankrupt": record.get("konkurs") is True,
        "is_being_dissolved": record.get("underAvvikling") is True,
        "deleted_on": _date(record.get("slettedato")),
        "_sector": _code(record.get("institusjonellSektorkode")),
    }
    return values, ""
