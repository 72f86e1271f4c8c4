"""Demo members: 80 organisations in NCE Smart Energy Markets, 15-25 in each other demo cluster.

Public facts (DOMAIN.md): the operator Smart Innovation Norway AS in Halden and the named partners
eSmart Systems, Fredrikstad Energi, Hvaler kommune and Smart Energy Systems AS. They get no org
number, headcount or industry code (we only know their names); their membership details are
illustrative. Every other organisation and every person is fictional and says so; fictional
Norwegian organisations get made-up numbers that only pass the check digit. Deterministic (fixed
seed and dates) and idempotent (update_or_create on natural keys).
"""

from __future__ import annotations

import hashlib
import random
import re
from datetime import date

from stdnum.no import orgnr

from klynge.clusters.models import Cluster, Topic
from klynge.members.classification import county_from_municipality_number
from klynge.members.models import Membership, Organisation, Person

from .clusters import DemoLogin, load_user
from .names import FIRST, LAST, TITLES

SEED = 2009
FICTIONAL = "Fictional demo organisation."
FICTIONAL_NUMBER = "Its organisation number is made up: it only passes the check digit."
REAL = (
    "Named partner of NCE Smart Energy Markets (public fact); membership details are illustrative."
)
MEMBER_CONTACT = DemoLogin(
    "member contact, Gridlytics AS (NCE SEM)", "contact@member.demo", "Kari Kontakt"
)
MUNICIPALITIES = {
    "Halden": "3101",
    "Moss": "3103",
    "Sarpsborg": "3105",
    "Fredrikstad": "3107",
    "Hvaler": "3110",
    "Råde": "3112",
    "Indre Østfold": "3118",
    "Bærum": "3201",
    "Asker": "3203",
    "Ås": "3218",
    "Oslo": "0301",
    "Drammen": "3301",
    "Kongsberg": "3303",
    "Tønsberg": "3905",
    "Trondheim": "5001",
    "Bergen": "4601",
    "Stavanger": "1103",
    "Haugesund": "1106",
    "Kristiansand": "4204",
    "Grimstad": "4202",
    "Porsgrunn": "4001",
}
TOPIC_CODES = {
    "sg": "smart-grids",
    "fm": "flexibility-markets",
    "ed": "energy-data",
    "em": "e-mobility-storage",
    "ec": "energy-communities",
    "cy": "cybersecurity",
    "ai": "ai",
}

# name | kind | employees (? = unknown) | NACE | municipality or XX:city | joined[-left[-rejoined]] | category | topics
SEM = """
Smart Innovation Norway AS|cluster_organisation|?||Halden|2009|partner|sg,fm,ed
Fredrikstad Energi|large|?||Fredrikstad|2009|partner|sg,fm
Hvaler kommune|public_sector|?|84.110|Hvaler|2010|member|ec,sg
eSmart Systems|sme|?|||2014|partner|ai,sg,ed
Smart Energy Systems AS|sme|?|||2018|partner|fm,ec
Grenseland Kraftnett AS|large|420|35.130|Sarpsborg|2009|partner|sg,fm
Østmark Energi AS|large|610|35.140|Moss|2009|partner|fm,ed
Høgskolen i Grenseland|university|600|85.422|Halden|2009|partner|sg,ed,ai
Energiforskning Øst|research_institute|140|72.190|Halden|2009|partner|sg,fm,ec
Måleriet AS|sme|65|26.510|Moss|2009|member|ed
Ampera Kontroll AS|sme|33|27.120|Sarpsborg|2010|member|sg
Konsulentene Energi AS|sme|48|70.220|Oslo|2010|member|fm
Skjærgård Nett AS|large|260|35.130|Hvaler|2010|member|sg
Elvekraft Produksjon AS|sme|60|35.110|Indre Østfold|2011-2019|member|fm
Nettplan Rådgivning AS|sme|9|71.129|Moss|2011-2016|member|sg
Nettforsk Institutt|research_institute|90|72.190|Trondheim|2011|partner|sg,cy
Fjordvik kommune|public_sector|900|84.110|Østfold|2011|member|ec
Gridlytics AS|sme|18|62.010|Halden|2012|member|ed,fm,ai
Oslofjord Fjernvarme AS|sme|85|35.300|Fredrikstad|2012|member|ec
Sparebanken Grenseland|finance|210|64.190|Halden|2012|member|ec
Smartbygg Automasjon AS|sme|44|43.210|Fredrikstad|2012|member|ec,ed
Kabelteknikk Østfold AS|large|260|42.220|Sarpsborg|2012|member|sg
Grenseland regionråd|public_sector|6|84.130|Østfold|2012|associate|ec
Vidda Kraft AS|large|950|35.110|Drammen|2013|member|fm
Kraftbørs Analytica AS|sme|14|70.220|Oslo|2013-2018|member|fm,ed
Linjevakt AS|sme|26|71.129|Sarpsborg|2013|member|sg
Universitetet i Fjordby|university|?|85.422|Ås|2013|partner|ed,ai
Voltaro Systems AS|sme|42|62.010|Fredrikstad|2014|member|ed,sg
Effektlab AS|sme|19|72.190|Halden|2014-2017-2020|member|fm,ec
Transformatorfabrikken AS|large|520|27.110|Drammen|2014-2021|member|sg
Energiforeningen Øst|other|3|94.110|Sarpsborg|2014|associate|ec
Polaris Forskningsstiftelse|research_institute|110|72.190|Bergen|2014-2020|member|ed
Datastrøm Analyse AS|sme|12|63.110|Sarpsborg|2015|member|ed,ai
Kystlinje Nett AS|large|380|35.130|Tønsberg|2015|member|sg
Energidata Norden AS|sme|37|63.110|Asker|2015|member|ed
Norsk Effektelektronikk AS|sme|75|27.110|Halden|2015|member|em,sg
Østbygd kommune|public_sector|350|84.110|Østfold|2015|member|ec
Nettsky Software AS|sme|55|62.010|Oslo|2016|member|ed,cy
Mikronett Løsninger AS|sme|11|27.120|Hvaler|2016|member|ec,sg
Solgløtt Energi AS|sme|24|35.140|Råde|2016|member|ec
Sensorik Øst AS|sme|?|26.510|Halden|2016|member|ed
Senter for Energidata|research_institute|35|72.190|Oslo|2016|member|ed,ai
Østfold Vekst Invest AS|finance|5|64.300|Fredrikstad|2016|member|fm
Göta Grid AB|large|800|35.130|SE:Göteborg|2016|partner|sg,fm
Flexwatt AS|startup|7|62.010|Halden|2017|member|fm
Soltak Øst AS|sme|16|43.210|Råde|2017|member|ec
Fjellnett AS|sme|120|35.130|Kongsberg|2017|member|sg
Hedeby Energi A/S|sme|60|35.140|DK:Sønderborg|2017|partner|ec,fm
Ladenova AS|sme|28|43.210|Moss|2018|member|em
Batterihuset AS|sme|21|27.200|Halden|2018|member|em
Dronetjenester Øst AS|sme|13|71.129|Moss|2018|member|sg
Fagskolen Østfold Energi|university|45|85.410|Fredrikstad|2018|member|sg
Sørby kommune|public_sector|1400|84.110|Akershus|2018|member|ec,em
Netzlabor Nord GmbH|research_institute|70|72.190|DE:Kiel|2018|partner|sg,cy
Trøndernett Drift AS|large|700|35.130|Trondheim|2019|partner|sg,ed
Sikkernett Cyber AS|sme|23|62.020|Bærum|2019|member|cy
Ekvilibrium Software AS|sme|?|62.010|Bergen|2019|member|fm,ed
Elbilklubben Grenseland|other|?|94.990|Halden|2019|associate|em
Polder Power B.V.|sme|35|62.010|NL:Utrecht|2019-2023|associate|fm
Elbilflåten AS|sme|30|77.110|Oslo|2020|member|em
Ladegården Eiendom AS|sme|22|68.209|Fredrikstad|2020|member|ec
Fleksibel Effekt AS|startup|6|35.140|Oslo|2021|member|fm
Termovis AS|startup|5|71.129|Sarpsborg|2021|member|ec
Prognosekraft AS|startup|6|62.010|Trondheim|2021|member|ai,fm
Nordlys Kapital AS|finance|12|64.300|Oslo|2021|associate|fm
Klimaetaten Vestkyst|public_sector|40|84.130|Vestland|2021|associate|ec
Vänern Flex AB|startup|8|62.010|SE:Karlstad|2021|member|fm
Algora AI AS|startup|8|62.010|Halden|2022|member|ai,ed
Nabolagsenergi AS|startup|4|35.140|Fredrikstad|2022|member|ec
Hydrogenverket Øst AS|startup|10|20.110|Sarpsborg|2022|member|em
Saimaa Smart Oy|startup|12|62.010|FI:Lappeenranta|2022|associate|ec
Strømflyt AS|startup|3|62.010|Halden|2023|member|fm,ed
Varmelager AS|startup|?|28.250|Halden|2023|member|em
Grønn Havn Energi AS|startup|7|35.140|Moss|2023|member|em
Lastflytt AS|startup|5|62.010|Stavanger|2024|member|fm,ai
Kvartersnett AS|startup|4|62.010|Fredrikstad|2024|member|ec,ed
Spenningsvakt AS|startup|3|26.510|Halden|2025|member|sg,cy
Varde Batterigjenvinning AS|startup|9|38.320|Porsgrunn|2025|member|em
"""

# Other clusters: (slug, municipalities, NACE codes, kinds to cycle through, founded, names).
OTHERS = [
    (
        "oslo-cancer-cluster",
        ["Oslo", "Bærum", "Asker"],
        ["72.110", "21.200", "86.101", "62.010"],
        "sme startup large research_institute university sme public_sector finance startup sme",
        2006,
        "Onkora Bio AS, Cellvakt AS, Tumorix AS, Immunova AS, Strålefri Diagnostikk AS, Kjemobio AS, Cytera Pharma AS, "
        "Oslo Onkologiforsk, Universitetet i Fjordby, Helseetaten Nordby, Kreftkapital AS, Genomlab AS, Biomarkør AS, "
        "Presisjonsmed AS, Celleterapi Norge AS, Vevsbank AS, Onkodata AS, Strålemed AS, Pasientreise AS",
    ),
    (
        "eyde",
        ["Kristiansand", "Grimstad", "Porsgrunn"],
        ["24.420", "20.130", "23.990", "38.320", "71.129"],
        "large large sme research_institute university sme public_sector startup finance sme",
        2007,
        "Agder Smelteverk AS, Silisium Sør AS, Karbonfri Prosess AS, Sørlandets Legeringer AS, Prosessforsk Sør, "
        "Høgskolen i Sørvik, Resirkula AS, Batterihuset AS, Ovnsteknikk AS, Sørvik kommune, Grønt Stål AS, "
        "Slaggverdi AS, Metallurgen AS, Varde Batterigjenvinning AS, Prosessdata AS, Sørkapital AS, Keramix AS",
    ),
    (
        "nce-media",
        ["Bergen"],
        ["59.110", "60.200", "62.010", "63.120", "72.190"],
        "sme large startup sme university research_institute sme startup public_sector sme",
        2011,
        "Fjordfilm AS, Vestnytt Media AS, Pikselverket AS, Strømmeriet AS, Datajournalen AS, Lydbølge AS, "
        "Medielab Vest, Universitetet i Vestvik, Grafikkhuset AS, Nyhetsrobot AS, Sendeflate AS, Kringkast Vest AS, "
        "Vestvik kommune, Ekkolodd Podkast AS, Fortellerfabrikken AS, Videoanalyse AS, Sanntid Grafikk AS, "
        "Mediekapital Vest AS, Undertekst AS, Redaksjonssystemer AS, Immersiv Studio AS",
    ),
    (
        "norway-health-tech",
        ["Oslo", "Bærum", "Trondheim"],
        ["26.600", "62.010", "32.501", "86.101", "72.190"],
        "startup sme sme large university research_institute public_sector finance startup sme",
        2010,
        "Pulsvakt AS, Helsesky AS, Medisinsk Sensor AS, Omsorgsteknologi AS, Diagnoselab AS, Trygghetsalarm AS, "
        "Universitetet i Fjordby, Helseforsk Nord, Nordby helseforetak, Helsevekst Invest AS, Kliniske Data AS, "
        "Rehabot AS, Journalflyt AS, Bildediagnostikk AS, Velferdsteknologi Øst AS, Hjerterytme AS, Apotekdata AS, "
        "Sårvakt AS, Telemedisin Nord AS, Søvnlab AS, Helsegrafikk AS, Mobilitetshjelp AS, Fallvakt AS",
    ),
    (
        "arena-havvind-vest",
        ["Haugesund", "Stavanger", "Bergen"],
        ["30.110", "33.150", "71.129", "42.990"],
        "sme large sme startup research_institute sme public_sector sme large sme",
        2022,
        "Havfeste AS, Flytevind AS, Kabelskip Vest AS, Ankerteknikk AS, Vindforsk Vest, Tårnservice AS, "
        "Haugvik kommune, Offshore Logistikk Vest AS, Turbinvedlikehold AS, Sveiseverket Vest AS, Marin Kabel AS, "
        "Havvind Data AS, Bøyelast AS, Fundamentet AS, Vestkyst Havn AS, Sikkerhetskurs Hav AS",
    ),
    (
        "arena-pro-gronn-logistikk",
        ["Trondheim"],
        ["49.410", "52.100", "62.010", "77.120", "72.190"],
        "sme large startup sme research_institute public_sector sme finance university sme",
        2017,
        "Elektrolast AS, Nullutslipp Transport AS, Lagerrobot AS, Ruteplan AS, Trøndernett Drift AS, "
        "Hydrogentrafikk AS, Transportforsk Midt, Havnelogistikk Midt AS, Trondvik kommune, Grønn Flåtekapital AS, "
        "Fraktdata AS, Batterihuset AS, Bylast Budservice AS, Kjølekjede AS, Universitetet i Midtby, Sykkellast AS, "
        "Terminalen Midt AS, Lastesone AS",
    ),
]
LAST_YEAR = 2025


def load() -> None:
    rng = random.Random(SEED)
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    sem = Cluster.objects.get(slug="nce-smart-energy-markets")
    organisations: dict[str, Organisation] = {}
    for line in SEM.strip().splitlines():
        name, kind, employees, nace, place, dates, category, codes = line.split("|")
        organisation = _organisation(name, kind, employees, nace, place, rng)
        organisation.topics.set(
            [topics[TOPIC_CODES[c]] for c in codes.split(",") if TOPIC_CODES[c] in topics]
        )
        organisations[name] = organisation
        _memberships(sem, organisation, dates, category, rng)
    for slug, places, naces, kinds, founded, names in OTHERS:
        _other_cluster(
            slug, places, naces, kinds.split(), founded, names.split(", "), organisations, rng
        )
    for organisation in organisations.values():
        _people(organisation, rng)
    _member_contact(organisations["Gridlytics AS"])


def _other_cluster(
    slug: str,
    places: list[str],
    naces: list[str],
    kinds: list[str],
    founded: int,
    names: list[str],
    organisations: dict[str, Organisation],
    rng: random.Random,
) -> None:
    """Generated members of a smaller cluster; organisations already loaded are shared, not copied."""
    cluster = Cluster.objects.get(slug=slug)
    focus = list(cluster.focus_topics.all())
    spread = LAST_YEAR - founded
    for index, name in enumerate(names):
        organisation = organisations.get(name)
        if organisation is None:
            kind = kinds[index % len(kinds)]
            employees = str(_headcount(kind, rng)) if index % 6 else "?"
            organisation = _organisation(
                name, kind, employees, naces[index % len(naces)], places[index % len(places)], rng
            )
            organisation.topics.set(focus)
            organisations[name] = organisation
        # Havvind Vest's last two are associates: 14 committed members, one short of 15.
        associate = slug == "arena-havvind-vest" and index >= len(names) - 2
        category = "associate" if associate else ("partner" if index < 3 else "member")
        joined = founded + index * spread // len(names)
        # A few members of the older clusters left again after three years.
        dates = f"{joined}-{joined + 3}" if spread > 8 and index % 8 == 5 else str(joined)
        _memberships(cluster, organisation, dates, category, rng)


def _organisation(
    name: str, kind: str, employees: str, nace: str, place: str, rng: random.Random
) -> Organisation:
    real = name in _REAL_NAMES
    country, city = place.split(":") if ":" in place else ("NO", place)
    number = _municipality_number(city) if country == "NO" else ""
    county = county_from_municipality_number(number) or (
        city if country == "NO" and not number else ""
    )
    defaults = {
        "name": name,
        "country": country,
        "kind": kind,
        "employees": None if employees in {"?", ""} else int(employees),
        "nace_primary": nace,
        "nace_codes": [nace] if nace else [],
        "nace_version": "SN2007",
        "municipality": city if number else "",
        "municipality_number": number,
        "county": county,
        "city": city if number or country != "NO" else "",
        "org_form": "" if real or country != "NO" else _org_form(name, kind),
        "website": "" if real else f"https://{_domain(name)}/",
        "description": _REAL_NAMES[name]
        if real
        else FICTIONAL + ("" if country != "NO" else f" {FICTIONAL_NUMBER}"),
        "founded_on": None
        if real
        else date(rng.randint(1950, 2008) if kind != "startup" else 2016, 1, 1),
    }
    if real or country != "NO":
        organisation, _created = Organisation.objects.update_or_create(
            name=name, country=country, org_number=None, defaults=defaults
        )
        return organisation
    organisation, _created = Organisation.objects.update_or_create(
        org_number=_fictional_number(name), defaults=defaults
    )
    return organisation


_REAL_NAMES = {
    name: REAL
    for name in [
        "Smart Innovation Norway AS",
        "Fredrikstad Energi",
        "Hvaler kommune",
        "eSmart Systems",
        "Smart Energy Systems AS",
    ]
}
_REAL_NAMES["Smart Innovation Norway AS"] = (
    "Operator of NCE Smart Energy Markets, Halden (public fact). " + REAL
)
_REAL_NAMES["Smart Energy Systems AS"] = "Cluster Partner of the Year 2022 (public fact). " + REAL
_NUMBERS: dict[str, str] = {}


def _fictional_number(name: str) -> str:
    """A made-up organisation number, stable per name: 9, seven digits of a hash, a check digit.

    Numbers whose check digit would be 10 do not exist, so those bases (and clashes) move on by one.
    """
    if name not in _NUMBERS:
        base = 90_000_000 + int(hashlib.sha256(name.encode()).hexdigest(), 16) % 10_000_000
        while True:
            valid = [f"{base}{d}" for d in "0123456789" if orgnr.is_valid(f"{base}{d}")]
            if valid and valid[0] not in _NUMBERS.values():
                break
            base += 1
        _NUMBERS[name] = valid[0]
    return _NUMBERS[name]


def _municipality_number(city: str) -> str:
    return MUNICIPALITIES.get(city, "")


def _org_form(name: str, kind: str) -> str:
    if name.endswith(" AS"):
        return "AS"
    return {"public_sector": "KOMM" if "kommune" in name else "ORGL", "other": "FLI"}.get(
        kind, "STI"
    )


def _domain(name: str) -> str:
    slug = name.lower().translate(str.maketrans("æøåäöü", "aoaaou"))
    slug = re.sub(r"\b(as|ab|a/s|gmbh|b\.v\.|oy)$", "", slug.strip())
    return re.sub(r"[^a-z0-9]+", "-", slug).strip("-") + ".example"


def _headcount(kind: str, rng: random.Random) -> int:
    low, high = {
        "startup": (2, 12),
        "sme": (10, 200),
        "large": (250, 1500),
        "public_sector": (50, 2000),
        "finance": (5, 300),
    }.get(kind, (20, 400))
    return rng.randint(low, high)


def _memberships(
    cluster: Cluster, organisation: Organisation, dates: str, category: str, rng: random.Random
) -> None:
    years = [int(y) for y in dates.split("-")]
    periods = [(years[0], years[1] if len(years) > 1 else None)]
    if len(years) == 3:
        periods.append((years[2], None))
    for joined_year, left_year in periods:
        joined = date(joined_year, rng.randint(1, 12), rng.randint(1, 28))
        left = date(left_year, rng.randint(1, 12), rng.randint(1, 28)) if left_year else None
        tier, fee = _fee(organisation, category)
        Membership.objects.update_or_create(
            cluster=cluster,
            organisation=organisation,
            joined_on=joined,
            defaults={
                "category": category,
                "left_on": left,
                "fee_tier": tier,
                "annual_fee": fee,
                "notes": "Membership details are fictional demo data.",
            },
        )


def _fee(organisation: Organisation, category: str) -> tuple[str, int]:
    if category == "associate":
        return "Associate", 3000
    if organisation.kind in {"university", "research_institute", "public_sector", "other"}:
        tier, fee = "Public and research", 15000
    elif organisation.kind == "startup":
        tier, fee = "Start-up", 5000
    elif organisation.employees is not None and organisation.employees >= 250:
        tier, fee = "Large", 60000
    elif organisation.employees is not None and organisation.employees >= 50:
        tier, fee = "Medium", 25000
    else:
        tier, fee = "Small", 12500
    return (f"Partner – {tier}", fee * 2) if category == "partner" else (tier, fee)


def _people(organisation: Organisation, rng: random.Random) -> None:
    domain = _domain(organisation.name)
    firsts = rng.sample(FIRST, 3)
    for index in range(rng.randint(1, 3)):
        full_name = f"{firsts[index]} {rng.choice(LAST)}"
        email = f"{full_name.lower().replace(' ', '.')}@{domain}"
        email = email.translate(str.maketrans("æøå", "aoa"))
        Person.objects.update_or_create(
            email=email,
            defaults={
                "full_name": full_name,
                "organisation": organisation,
                "title": TITLES[(index + len(organisation.name)) % len(TITLES)],
                "language": "nb" if organisation.country == "NO" else "en",
                "consent_directory": rng.random() < 0.6,
                "consent_newsletter": rng.random() < 0.5,
            },
        )


def _member_contact(organisation: Organisation) -> None:
    """Kari Kontakt speaks for an SME: log in as contact@member.demo with the demo password."""
    user = load_user(MEMBER_CONTACT)
    Person.objects.update_or_create(
        email=MEMBER_CONTACT.email,
        defaults={
            "full_name": MEMBER_CONTACT.full_name,
            "organisation": organisation,
            "user": user,
            "title": "Head of partnerships",
            "language": "nb",
            "consent_directory": True,
        },
    )
