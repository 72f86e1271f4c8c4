"""Streaming reader for the Brønnøysund Enhetsregisteret bulk file and the record -> field mapping.

The bulk file is a gzip-compressed JSON array of objects and over 1 GB uncompressed, so it is never
loaded whole: `iter_records` yields one object at a time from a streaming JSON parser (ijson), and
`open_bulk_file` counts the compressed bytes read so progress can be shown.
"""

from __future__ import annotations

import datetime
import gzip
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, BinaryIO

import ijson
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
def open_bulk_file(path: str | Path) -> Iterator[tuple[IO[bytes], CountingReader]]:
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


def iter_records(stream: IO[bytes]) -> Iterator[Any]:
    """Yield the items of the top-level JSON array one by one (a generator: memory stays flat)."""
    yield from ijson.items(stream, "item", use_float=True)


def _code(value: Any) -> str:
    return str(value.get("kode") or "").strip() if isinstance(value, dict) else ""


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
    text = str(value or "").strip()
    if len(text) == 9 and text.isdigit():
        total = sum(int(d) * w for d, w in zip(text, (3, 2, 7, 6, 5, 4, 3, 2), strict=False))
        check = (11 - total % 11) % 11
        return text if check != 10 and int(text[8]) == check else None
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
    employees: int | None = None
    count = record.get("antallAnsatte")
    if record.get("harRegistrertAntallAnsatte") is not False and isinstance(count, int | float):
        employees = int(count) if count >= 0 else None
    nace_codes = [
        code
        for code in (_code(record.get(f"naeringskode{i}")) for i in (1, 2, 3))
        if code and len(code) <= 8
    ]
    address = record.get("forretningsadresse") or record.get("postadresse") or {}
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
        "county": county_from_municipality_number(municipality_number),
        "city": _place_name(address.get("poststed")),
        "website": clean_website(record.get("hjemmeside")),
        "founded_on": _date(record.get("stiftelsesdato")),
        "is_bankrupt": record.get("konkurs") is True,
        "is_being_dissolved": record.get("underAvvikling") is True,
        "deleted_on": _date(record.get("slettedato")),
        "_sector": _code(record.get("institusjonellSektorkode")),
    }
    return values, ""
