"""Norwegian counties (fylker) by date: a municipality's county is taken as of the day in question.

The counties changed twice: on 1 January 2020 (e.g. Østfold, Akershus and Buskerud merged into
Viken; Vestfold and Telemark; Troms and Finnmark; Hedmark and Oppland into Innlandet; the Agder
counties; Hordaland and Sogn og Fjordane into Vestland) and on 1 January 2024 (Viken, Vestfold og
Telemark and Troms og Finnmark dissolved again). Municipality numbers were renumbered with them, so
the first two digits of a number tell both the county and the era the number belongs to. A number
of one era is carried to the county of another era county by county; where a merged county split
again, by the municipality number ranges below. Pure functions: no Django, no clock.

Where a county of an earlier era cannot be told from the number alone (a 2020 Innlandet number
before 2020: Hedmark or Oppland), the answer is "" (not known) rather than a guess. The few
municipalities that moved between counties (Jevnaker and Lunner in 2020) follow their county.
"""

from __future__ import annotations

from datetime import date

REFORM_2020 = date(2020, 1, 1)
REFORM_2024 = date(2024, 1, 1)
BEFORE_2020, ERA_2020, ERA_2024 = "1972", "2020", "2024"

# County by the first two digits of a municipality number, per era.
PREFIXES = {
    BEFORE_2020: {
        "01": "Østfold",
        "02": "Akershus",
        "03": "Oslo",
        "04": "Hedmark",
        "05": "Oppland",
        "06": "Buskerud",
        "07": "Vestfold",
        "08": "Telemark",
        "09": "Aust-Agder",
        "10": "Vest-Agder",
        "11": "Rogaland",
        "12": "Hordaland",
        "14": "Sogn og Fjordane",
        "15": "Møre og Romsdal",
        "16": "Sør-Trøndelag",
        "17": "Nord-Trøndelag",
        "18": "Nordland",
        "19": "Troms",
        "20": "Finnmark",
        "50": "Trøndelag",  # from 2018
    },
    ERA_2020: {
        "03": "Oslo",
        "11": "Rogaland",
        "15": "Møre og Romsdal",
        "18": "Nordland",
        "30": "Viken",
        "34": "Innlandet",
        "38": "Vestfold og Telemark",
        "42": "Agder",
        "46": "Vestland",
        "50": "Trøndelag",
        "54": "Troms og Finnmark",
    },
    ERA_2024: {
        "03": "Oslo",
        "11": "Rogaland",
        "15": "Møre og Romsdal",
        "18": "Nordland",
        "31": "Østfold",
        "32": "Akershus",
        "33": "Buskerud",
        "34": "Innlandet",
        "39": "Vestfold",
        "40": "Telemark",
        "42": "Agder",
        "46": "Vestland",
        "50": "Trøndelag",
        "55": "Troms",
        "56": "Finnmark",
    },
}

# The 2020 merges, county by county (a pre-2020 county's county from 2020 to 2023).
MERGED_2020 = {
    "Østfold": "Viken",
    "Akershus": "Viken",
    "Buskerud": "Viken",
    "Hedmark": "Innlandet",
    "Oppland": "Innlandet",
    "Vestfold": "Vestfold og Telemark",
    "Telemark": "Vestfold og Telemark",
    "Aust-Agder": "Agder",
    "Vest-Agder": "Agder",
    "Hordaland": "Vestland",
    "Sogn og Fjordane": "Vestland",
    "Sør-Trøndelag": "Trøndelag",
    "Nord-Trøndelag": "Trøndelag",
    "Troms": "Troms og Finnmark",
    "Finnmark": "Troms og Finnmark",
}
# The 2024 splits: the 2024 county of a 2020-2023 municipality number, by number ranges.
SPLIT_2024 = {
    "Viken": [
        ((3001, 3004), "Østfold"),
        ((3011, 3018), "Østfold"),
        ((3005, 3007), "Buskerud"),
        ((3038, 3053), "Buskerud"),
        ((3019, 3037), "Akershus"),
        ((3054, 3054), "Akershus"),
    ],
    "Vestfold og Telemark": [
        ((3801, 3805), "Vestfold"),
        ((3811, 3811), "Vestfold"),
        ((3806, 3825), "Telemark"),
    ],
    "Troms og Finnmark": [
        ((5403, 5406), "Finnmark"),
        ((5430, 5444), "Finnmark"),
        ((5401, 5429), "Troms"),
    ],
}
# The counties of 2024 that were one of the 2020-2023 merged counties.
MERGED_2024_TO_2020 = {
    county: merged for merged, ranges in SPLIT_2024.items() for _r, county in ranges
}
# A 2024 county that existed with the same extent before 2020 (the others were merged in 2020).
SAME_BEFORE_2020 = {
    "Østfold",
    "Akershus",
    "Buskerud",
    "Vestfold",
    "Telemark",
    "Troms",
    "Finnmark",
    "Oslo",
    "Rogaland",
    "Møre og Romsdal",
    "Nordland",
    "Trøndelag",  # since 2018 (before that, Sør- and Nord-Trøndelag)
}
ALL_COUNTIES = sorted({c for table in PREFIXES.values() for c in table.values()})


def era_on(day: date) -> str:
    if day >= REFORM_2024:
        return ERA_2024
    if day >= REFORM_2020:
        return ERA_2020
    return BEFORE_2020


def _number_era(prefix: str) -> str | None:
    """The era a municipality number belongs to, newest first ('03' Oslo is in every era)."""
    for era in (ERA_2024, ERA_2020, BEFORE_2020):
        if prefix in PREFIXES[era]:
            return era
    return None


def _split(merged: str, number: int) -> str:
    for (low, high), county in SPLIT_2024.get(merged, []):
        if low <= number <= high:
            return county
    return ""


def _carry(county: str, number: int, source: str, target: str) -> str:
    """The county of `target`'s era for a municipality numbered in `source`'s era."""
    if source == target:
        return county
    if source == BEFORE_2020:
        merged = MERGED_2020.get(county, county)
        return merged if target == ERA_2020 else (county if county in SAME_BEFORE_2020 else "")
    if source == ERA_2020:
        if target == ERA_2024:
            return _split(county, number) if county in SPLIT_2024 else county
        return ""  # before 2020 from a 2020 number: not known from the number alone
    # source is 2024
    if target == ERA_2020:
        return MERGED_2024_TO_2020.get(county, county)
    return county if county in SAME_BEFORE_2020 else ""


def county_on(municipality_number: str | None, day: date) -> str:
    """The county of the municipality numbered `municipality_number` on `day` ("" if unknown).

    >>> county_on("3001", date(2026, 1, 1))  # Halden, numbered in the Viken years
    'Østfold'
    >>> county_on("3101", date(2021, 6, 1))  # Halden on a day Viken existed
    'Viken'
    """
    number = (municipality_number or "").strip()
    if len(number) != 4 or not number.isdigit():
        return ""
    source = _number_era(number[:2])
    if source is None:
        return ""
    county = PREFIXES[source][number[:2]]
    return _carry(county, int(number), source, era_on(day))


def county_name_on(county: str, day: date) -> str:
    """A county name (as stored, without a number) as of `day`, where that is unambiguous.

    "Østfold" on a day in 2021 is "Viken"; "Viken" today has no one answer and stays "Viken".
    """
    era = era_on(day)
    if era == ERA_2020:
        return MERGED_2020.get(county, MERGED_2024_TO_2020.get(county, county))
    return county


def place_county_on(
    *, municipality_number: str | None, county: str, country: str, day: date
) -> str:
    """The county of an organisation's place on `day`: from its municipality number when it has
    one, else its stored county name; "" abroad or when not known."""
    if (country or "NO") != "NO":
        return ""
    return county_on(municipality_number, day) or county_name_on(county or "", day)
