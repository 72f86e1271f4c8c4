"""Deterministic, fictional Enhetsregisteret bulk files in the register's exact format.

For tests, benchmarks and demos: `write_bulk_file(path, count)` writes a gzip-compressed JSON array
of `fake_record(i)` objects, streaming (memory stays flat for any count). Every company is invented.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
FORMS = [
    ("AS", "Aksjeselskap", "2100", "Private aksjeselskaper mv."),
    ("ENK", "Enkeltpersonforetak", "8200", "Personlig næringsdrivende"),
    ("ASA", "Allmennaksjeselskap", "2100", "Private aksjeselskaper mv."),
    ("FLI", "Forening/lag/innretning", "7000", "Ideelle organisasjoner"),
    ("KOMM", "Kommune", "6500", "Kommuneforvaltningen"),
    ("STAT", "Staten", "6100", "Statsforvaltningen"),
]
FORM_WEIGHTS = [60, 25, 3, 8, 2, 2]
PLACES = [
    ("3101", "HALDEN", "1776"),
    ("3107", "FREDRIKSTAD", "1606"),
    ("3110", "HVALER", "1680"),
    ("0301", "OSLO", "0150"),
    ("4601", "BERGEN", "5003"),
    ("5001", "TRONDHEIM", "7011"),
    ("1103", "STAVANGER", "4006"),
    ("3403", "HAMAR", "2317"),
]
NACE = [
    ("62.010", "Programmeringstjenester"),
    ("35.140", "Handel med elektrisitet"),
    ("71.129", "Annen teknisk konsulentvirksomhet"),
    ("43.210", "Elektrisk installasjonsarbeid"),
    ("72.190", "Annen forskning og utviklingsarbeid innen naturvitenskap og teknikk"),
    ("84.110", "Generell offentlig administrasjon"),
]
WORDS = ["NORD", "SMART", "ENERGI", "KRAFT", "DATA", "NETT", "FJORD", "LYS", "VIND", "SOL"]


def org_number(n: int) -> str:
    """The n-th valid organisation number from 810 000 000 upwards (fictional range)."""
    base = 81_000_000 + n
    while True:
        digits = f"{base:08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return digits + str(check)
        base += 10_000_000  # stays unique: numbers without a check digit move far away


def _address(rng: random.Random) -> dict[str, Any]:
    number, place, postcode = rng.choice(PLACES)
    return {
        "land": "Norge",
        "landkode": "NO",
        "postnummer": postcode,
        "poststed": place,
        "adresse": [
            f"{rng.choice(['Storgata', 'Kongens gate', 'Fjordveien'])} {rng.randint(1, 99)}"
        ],
        "kommune": place,
        "kommunenummer": number,
    }


def fake_record(i: int, *, seed: int = 2020) -> dict[str, Any]:
    """Record number `i`: valid apart from every 997th (bad org number) and 1009th (no name)."""
    rng = random.Random(seed * 1_000_003 + i)
    form, form_text, sector, sector_text = rng.choices(FORMS, FORM_WEIGHTS)[0]
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i} {form}"
    record: dict[str, Any] = {
        "organisasjonsnummer": org_number(i),
        "navn": name,
        "organisasjonsform": {"kode": form, "beskrivelse": form_text},
        "registreringsdatoEnhetsregisteret": f"{rng.randint(1995, 2023)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "registrertIMvaregisteret": rng.random() < 0.7,
        "naeringskode1": dict(zip(("kode", "beskrivelse"), rng.choice(NACE), strict=True)),
        "harRegistrertAntallAnsatte": False,
        "forretningsadresse": _address(rng),
        "institusjonellSektorkode": {"kode": sector, "beskrivelse": sector_text},
        "registrertIForetaksregisteret": form in {"AS", "ASA"},
        "registrertIStiftelsesregisteret": False,
        "registrertIFrivillighetsregisteret": form == "FLI",
        "konkurs": rng.random() < 0.01,
        "underAvvikling": rng.random() < 0.01,
        "underTvangsavviklingEllerTvangsopplosning": False,
        "maalform": "Bokmål",
    }
    if rng.random() < 0.6:
        record["harRegistrertAntallAnsatte"] = True
        record["antallAnsatte"] = int(rng.paretovariate(1.2)) if form != "STAT" else 800
    if rng.random() < 0.3:
        record["naeringskode2"] = dict(zip(("kode", "beskrivelse"), rng.choice(NACE), strict=True))
    if rng.random() < 0.4:
        record["hjemmeside"] = f"www.{name.split()[0].lower()}{i}.no"
    if rng.random() < 0.5:
        record["stiftelsesdato"] = (
            f"{rng.randint(1950, 2023)}-0{rng.randint(1, 9)}-2{rng.randint(0, 8)}"
        )
    if rng.random() < 0.2:
        record["postadresse"] = _address(rng)
    if rng.random() < 0.005:
        record["slettedato"] = "2024-06-30"
    if i % 997 == 996:
        record["organisasjonsnummer"] = record["organisasjonsnummer"][:8] + "x"
    if i % 1009 == 1008:
        record.pop("navn")
    return record


def write_records(path: str | Path, records: Iterable[dict[str, Any]]) -> Path:
    """Write records to `path` as a gzip-compressed JSON array (the bulk file's format)."""
    path = Path(path)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as out:
        out.write("[")
        for i, record in enumerate(records):
            if i:
                out.write(",\n")
            out.write(json.dumps(record, ensure_ascii=False))
        out.write("]\n")
    return path


def write_bulk_file(path: str | Path, count: int, *, seed: int = 2020) -> Path:
    """Write `count` fake records to `path` as a gzip-compressed JSON array; return the path."""
    return write_records(path, (fake_record(i, seed=seed) for i in range(count)))
