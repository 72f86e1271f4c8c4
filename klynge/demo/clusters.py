"""Demo clusters, topics and logins. Public facts from DOMAIN.md; the rest is fictional and says so."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster, ClusterRole, Topic
from klynge.members.counties import county_name_on

from . import clock

DEMO_PASSWORD = "klynge-demo-2026"
FICTIONAL = "(Fictional demo data.)"
FIKTIV = "(Fiktive demodata.)"

TOPICS = [
    ("smart-grids", "Smart grids", "Smarte nett"),
    ("flexibility-markets", "Flexibility and energy markets", "Fleksibilitet og energimarkeder"),
    ("energy-data", "Energy data and digitalisation", "Energidata og digitalisering"),
    ("e-mobility-storage", "Electric mobility and storage", "Elektrisk mobilitet og lagring"),
    ("energy-communities", "Energy communities", "Energisamfunn"),
    ("cybersecurity", "Cybersecurity", "Cybersikkerhet"),
    ("ai", "Artificial intelligence", "Kunstig intelligens"),
    ("oncology", "Cancer research and treatment", "Kreftforskning og behandling"),
    ("health-tech", "Health technology", "Helseteknologi"),
    ("media-tech", "Media technology", "Medieteknologi"),
    ("process-industry", "Process industry", "Prosessindustri"),
    ("circular-economy", "Circular economy", "Sirkulærøkonomi"),
    ("offshore-wind", "Offshore wind", "Havvind"),
    ("logistics", "Logistics", "Logistikk"),
]


@dataclass(frozen=True)
class DemoCluster:
    slug: str
    name: str
    short_name: str
    city: str
    region: str
    founded: int | None
    operator: str
    topics: tuple[str, ...]
    description_en: str
    description_nb: str
    website: str = ""


NCE_SEM = DemoCluster(
    slug="nce-smart-energy-markets",
    name="NCE Smart Energy Markets",
    short_name="NCE SEM",
    city="Halden",
    region="Østfold",  # Halden's county today (Viken from 2020 to 2023): see load_cluster
    founded=2009,
    operator="Smart Innovation Norway AS",
    topics=(
        "smart-grids",
        "flexibility-markets",
        "energy-data",
        "e-mobility-storage",
        "energy-communities",
    ),
    description_en=(
        "An energy and IT cluster of 70+ companies, research groups and municipalities, run by "
        "Smart Innovation Norway's cluster department in Halden. NCE status since 2009, gold "
        "label in 2019 and recognised as a mature cluster by Innovation Norway in 2020."
    ),
    description_nb=(
        "En energi- og IT-klynge med over 70 bedrifter, forskningsmiljøer og kommuner, drevet av "
        "klyngeavdelingen i Smart Innovation Norway i Halden. NCE-status siden 2009, gullmerket i "
        "2019 og godkjent som moden klynge av Innovasjon Norge i 2020."
    ),
)

OTHER_CLUSTERS = [
    DemoCluster(
        slug="oslo-cancer-cluster",
        name="Oslo Cancer Cluster",
        short_name="OCC",
        city="Oslo",
        region="Oslo",
        founded=None,
        operator="",
        topics=("oncology", "health-tech"),
        description_en=f"Named a mature cluster on 15 Nov 2021. Other details are fictional. {FICTIONAL}",
        description_nb=f"Utnevnt til moden klynge 15. nov. 2021. Øvrige detaljer er fiktive. {FIKTIV}",
    ),
    DemoCluster(
        slug="eyde",
        name="Eyde-klyngen",
        short_name="Eyde",
        city="Kristiansand",
        region="Agder",
        founded=None,
        operator="",
        topics=("process-industry", "circular-economy"),
        description_en=f"Named a mature cluster on 15 Nov 2021. Other details are fictional. {FICTIONAL}",
        description_nb=f"Utnevnt til moden klynge 15. nov. 2021. Øvrige detaljer er fiktive. {FIKTIV}",
    ),
    DemoCluster(
        slug="nce-media",
        name="NCE Media",
        short_name="NCE Media",
        city="Bergen",
        region="Vestland",
        founded=None,
        operator="",
        topics=("media-tech", "ai"),
        description_en=f"Named a mature cluster on 15 Nov 2021. Other details are fictional. {FICTIONAL}",
        description_nb=f"Utnevnt til moden klynge 15. nov. 2021. Øvrige detaljer er fiktive. {FIKTIV}",
    ),
    DemoCluster(
        slug="norway-health-tech",
        name="Norway Health Tech",
        short_name="NHT",
        city="Oslo",
        region="Oslo",
        founded=None,
        operator="",
        topics=("health-tech", "ai"),
        description_en=f"Named a mature cluster on 15 Nov 2021. Other details are fictional. {FICTIONAL}",
        description_nb=f"Utnevnt til moden klynge 15. nov. 2021. Øvrige detaljer er fiktive. {FIKTIV}",
    ),
    DemoCluster(
        slug="arena-havvind-vest",
        name="Arena Havvind Vest",
        short_name="Havvind Vest",
        city="Haugesund",
        region="Rogaland",
        founded=2022,
        operator="Havvind Vest SA (fictional)",
        topics=("offshore-wind",),
        description_en=f"A young Arena cluster for offshore wind suppliers. {FICTIONAL}",
        description_nb=f"En ung Arena-klynge for leverandører til havvind. {FIKTIV}",
    ),
    DemoCluster(
        slug="arena-pro-gronn-logistikk",
        name="Arena Pro Grønn Logistikk",
        short_name="Grønn Logistikk",
        city="Trondheim",
        region="Trøndelag",
        founded=2017,
        operator="Grønn Logistikk AS (fictional)",
        topics=("logistics", "e-mobility-storage"),
        description_en=f"An Arena Pro cluster for zero-emission transport and logistics. {FICTIONAL}",
        description_nb=f"En Arena Pro-klynge for utslippsfri transport og logistikk. {FIKTIV}",
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    full_name: str


LOGINS = [
    DemoLogin("superuser (Django admin)", "admin@klynge.demo", "Ada Admin"),
    DemoLogin("programme officer", "officer@programme.demo", "Per Programmesen"),
    DemoLogin(
        "cluster manager, NCE SEM (also staff in Havvind Vest)",
        "manager@nce-sem.demo",
        "Mari Manager",
    ),
    DemoLogin("cluster staff, NCE SEM", "staff@nce-sem.demo", "Sander Stab"),
    DemoLogin("cluster manager, Eyde", "manager@eyde.demo", "Eli Eyde"),
]


def load_topics() -> dict[str, Topic]:
    topics = {}
    for slug, name_en, name_nb in TOPICS:
        topics[slug], _created = Topic.objects.update_or_create(
            slug=slug, defaults={"name_en": name_en, "name_nb": name_nb}
        )
    return topics


def load_cluster(spec: DemoCluster, topics: dict[str, Topic]) -> Cluster:
    cluster, _created = Cluster.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "short_name": spec.short_name,
            "city": spec.city,
            "region": county_name_on(spec.region, clock.today()),
            "country": "NO",
            "founded": spec.founded,
            "operator_name": spec.operator,
            "description_en": spec.description_en,
            "description_nb": spec.description_nb,
            "website": spec.website,
        },
    )
    cluster.focus_topics.set([topics[t] for t in spec.topics])
    return cluster


def load_user(login: DemoLogin, **flags: bool) -> Actor:
    user_model = get_user_model()
    user, created = user_model.objects.update_or_create(
        email=login.email, defaults={"full_name": login.full_name, **flags}
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def load() -> dict[str, Cluster]:
    topics = load_topics()
    clusters = {spec.slug: load_cluster(spec, topics) for spec in [NCE_SEM, *OTHER_CLUSTERS]}
    by_email = {login.email: login for login in LOGINS}
    load_user(by_email["admin@klynge.demo"], is_superuser=True, is_staff=True)
    load_user(by_email["officer@programme.demo"], is_programme_officer=True)
    roles = [  # (..., days in the role before today: the team's stability, fictional)
        ("manager@nce-sem.demo", "nce-smart-energy-markets", ClusterRole.Role.MANAGER, 1500),
        ("manager@nce-sem.demo", "arena-havvind-vest", ClusterRole.Role.STAFF, 400),
        ("staff@nce-sem.demo", "nce-smart-energy-markets", ClusterRole.Role.STAFF, 900),
        ("manager@eyde.demo", "eyde", ClusterRole.Role.MANAGER, 1200),
    ]
    for email, slug, role, days in roles:
        user = load_user(by_email[email])
        found, _created = ClusterRole.objects.update_or_create(
            user=user, cluster=clusters[slug], defaults={"role": role}
        )
        ClusterRole.objects.filter(pk=found.pk).update(created_at=clock.at(-days))
    return clusters
