"""Demo projects of NCE Smart Energy Markets, written through the project services.

Public facts (DOMAIN.md): the projects Smart Energi Hvaler (a pilot), INVADE (H2020, NOK 125 m,
12 partners) and E-LAND (H2020, NOK 60 m), and the named partners. Their dates, consortia, budget
splits and outcomes here are illustrative and say so. Everything else (the 2021 pre-projects, the
main project, collaboration projects, ideas) is fictional and says so. Organisations are looked up
by name in the members demo; missing ones are created and labelled fictional.

Deterministic (fixed dates and figures) and idempotent: projects are found by (cluster, title) and
updated; statuses are driven forward through the workflow only as far as they still need to go.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster, Topic
from klynge.members.models import Organisation
from klynge.projects import services
from klynge.projects.models import Idea, IdeaInterest, Project, ProjectPartner

D = datetime.date
ILLUSTRATIVE = (
    "Project named in public sources; dates, consortium and figures here are illustrative."
)
FICTIONAL = "(Fictional demo data.)"
NOTE = "Demo data"
ROUTE = {  # the way forward from each status, as a cluster would take it
    "idea": "plan",
    "forming_consortium": "plan",
    "planned": "apply",
    "applied": "approve",
    "approved": "start",
    "running": "complete",
}
ORDER = ["idea", "forming_consortium", "planned", "applied", "approved", "running", "completed"]


@dataclass
class Spec:
    title: str
    kind: str
    status: str
    summary: str
    start: D | None
    end: D | None
    partners: list[tuple[str, str]]  # (organisation name, role)
    acronym: str = ""
    topics: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    funder: str = ""
    reference: str = ""
    budget: tuple[int, int, int] | None = None  # eligible cost, private cash, in-kind
    sources: list[tuple[str, str, int]] = field(default_factory=list)
    outcomes: list[tuple[str, D, str, int | None]] = field(default_factory=list)
    milestones: list[tuple[str, D, bool]] = field(default_factory=list)


INVADE_PARTNERS = [
    ("Smart Innovation Norway AS", "lead"),
    ("eSmart Systems", "partner"),
    ("Fredrikstad Energi", "partner"),
    ("Høgskolen i Grenseland", "partner"),
    ("Energiforskning Øst", "partner"),
    ("Universitetet i Fjordby", "partner"),
    ("Nettforsk Institutt", "partner"),
    ("Göta Grid AB", "partner"),
    ("Hedeby Energi A/S", "partner"),
    ("Netzlabor Nord GmbH", "partner"),
    ("Polder Power B.V.", "partner"),
    ("Grenseland Kraftnett AS", "partner"),
]

SPECS = [
    Spec(
        "Smart Energi Hvaler",
        "collaboration",
        "completed",
        f"Pilot of smart grid technology with households on the Hvaler islands. {ILLUSTRATIVE}",
        D(2014, 1, 1),
        D(2017, 12, 31),
        [
            ("Hvaler kommune", "lead"),
            ("Fredrikstad Energi", "partner"),
            ("eSmart Systems", "partner"),
            ("Smart Innovation Norway AS", "partner"),
            ("Mikronett Løsninger AS", "reference_group"),
        ],
        topics=("smart-grids", "energy-communities"),
        objectives=("new_technology",),
        budget=(18_000_000, 5_000_000, 4_000_000),
        sources=[("Regional research fund (illustrative)", "public", 9_000_000)],
        outcomes=[
            (
                "technology",
                D(2016, 6, 1),
                f"Smart meters and home automation adopted by pilot households. {ILLUSTRATIVE}",
                None,
            )
        ],
    ),
    Spec(
        "INVADE",
        "international",
        "completed",
        f"EU Horizon 2020 project on flexibility from batteries and electric vehicles, NOK 125 m with 12 partners (public facts). {ILLUSTRATIVE}",
        D(2017, 1, 1),
        D(2019, 12, 31),
        INVADE_PARTNERS,
        acronym="INVADE",
        topics=("flexibility-markets", "e-mobility-storage"),
        objectives=("new_technology", "international"),
        funder="EU Horizon 2020",
        budget=(125_000_000, 30_000_000, 32_500_000),
        sources=[("EU Horizon 2020 (split illustrative)", "public", 62_500_000)],
        outcomes=[
            (
                "international",
                D(2019, 6, 1),
                f"Flexibility platform tested with partners in four countries. {ILLUSTRATIVE}",
                None,
            ),
            (
                "publication",
                D(2019, 11, 1),
                f"Public report on flexibility business models. {ILLUSTRATIVE}",
                None,
            ),
        ],
    ),
    Spec(
        "E-LAND",
        "international",
        "completed",
        f"EU Horizon 2020 project on tools for local energy communities, NOK 60 m (public facts). {ILLUSTRATIVE}",
        D(2019, 5, 1),
        D(2022, 4, 30),
        [
            ("Smart Innovation Norway AS", "lead"),
            ("Høgskolen i Grenseland", "partner"),
            ("Netzlabor Nord GmbH", "partner"),
            ("Saimaa Smart Oy", "partner"),
            ("Energiforskning Øst", "partner"),
        ],
        acronym="E-LAND",
        topics=("energy-communities",),
        objectives=("international", "new_technology"),
        funder="EU Horizon 2020",
        budget=(60_000_000, 14_000_000, 16_000_000),
        sources=[("EU Horizon 2020 (split illustrative)", "public", 30_000_000)],
        outcomes=[
            (
                "international",
                D(2021, 9, 1),
                f"Energy community toolbox piloted abroad. {ILLUSTRATIVE}",
                None,
            )
        ],
    ),
    Spec(
        "Flexibility services for SMEs",
        "pre_project",
        "completed",
        f"Mature-cluster pre-project 2021: can small companies sell flexibility? {FICTIONAL}",
        D(2021, 3, 1),
        D(2021, 12, 15),
        [
            ("Gridlytics AS", "lead"),
            ("Flexwatt AS", "partner"),
            ("Fleksibel Effekt AS", "partner"),
            ("Grenseland Kraftnett AS", "partner"),
            ("Energiforskning Øst", "subcontractor"),
        ],
        topics=("flexibility-markets", "energy-data"),
        objectives=("sme_competence", "new_technology", "new_business"),
        funder="Innovation Norway, cluster programme",
        reference="2021/PRE-017 (fictional)",
        budget=(2_000_000, 400_000, 600_000),
        sources=[
            ("Innovation Norway, mature-cluster pre-project (fictional)", "public", 1_000_000)
        ],
        outcomes=[
            (
                "competence",
                D(2021, 11, 20),
                f"Course in flexibility markets for SME staff. {FICTIONAL}",
                25,
            )
        ],
        milestones=[("Market study", D(2021, 6, 1), True), ("Final report", D(2021, 12, 15), True)],
    ),
    Spec(
        "Digital twin for local grids",
        "pre_project",
        "completed",
        f"Mature-cluster pre-project 2021 on digital twins for small grid companies; no main project followed. {FICTIONAL}",
        D(2021, 5, 1),
        D(2021, 12, 31),
        [
            ("Voltaro Systems AS", "lead"),
            ("Skjærgård Nett AS", "partner"),
            ("Datastrøm Analyse AS", "partner"),
            ("Høgskolen i Grenseland", "partner"),
        ],
        topics=("smart-grids", "energy-data"),
        objectives=("new_technology", "sme_competence"),
        funder="Innovation Norway, cluster programme",
        reference="2021/PRE-018 (fictional)",
        budget=(1_600_000, 300_000, 500_000),
        sources=[("Innovation Norway, mature-cluster pre-project (fictional)", "public", 800_000)],
        outcomes=[
            (
                "competence",
                D(2021, 12, 10),
                f"Grid staff trained in digital twin methods. {FICTIONAL}",
                12,
            )
        ],
    ),
    Spec(
        "Energy data sharing in the border region",
        "collaboration",
        "running",
        f"Shared data space for grid and building data across the Swedish border. {FICTIONAL}",
        D(2023, 9, 1),
        D(2026, 8, 31),
        [
            ("Energidata Norden AS", "lead"),
            ("Nettsky Software AS", "partner"),
            ("Sikkernett Cyber AS", "partner"),
            ("Vänern Flex AB", "partner"),
        ],
        topics=("energy-data", "cybersecurity"),
        objectives=("international", "new_business"),
        budget=(6_000_000, 1_500_000, 1_200_000),
        sources=[
            ("Interreg Sweden–Norway (fictional)", "public", 2_100_000),
            ("Regional research fund (fictional)", "public", 1_200_000),
        ],
        milestones=[
            ("Data-sharing agreement signed", D(2024, 3, 1), True),
            ("Pilot with two grid companies", D(2026, 2, 1), False),
        ],
    ),
    Spec(
        "Battery safety competence lift",
        "feasibility",
        "planned",
        f"Feasibility study for a course on battery safety for installers. {FICTIONAL}",
        D(2026, 2, 1),
        D(2026, 9, 30),
        [
            ("Batterihuset AS", "lead"),
            ("Fagskolen Østfold Energi", "partner"),
            ("Ladenova AS", "partner"),
        ],
        topics=("e-mobility-storage",),
        objectives=("sme_competence",),
        budget=(800_000, 200_000, 200_000),
    ),
]

MAIN = Spec(
    "Flexibility services for SMEs – main project",
    "main_project",
    "running",
    f"Main project after the 2021 pre-project: flexibility services sold by SMEs. {FICTIONAL}",
    D(2022, 4, 1),
    D(2025, 12, 31),
    [],
    topics=("flexibility-markets", "energy-data"),
    objectives=("sme_competence", "new_business"),
    funder="Innovation Norway, cluster programme",
    reference="2022/MAIN-004 (fictional)",
    budget=(12_000_000, 3_000_000, 3_600_000),
    sources=[
        ("Innovation Norway, main project (fictional)", "public", 4_000_000),
        ("Regional research fund (fictional)", "public", 1_400_000),
    ],
    outcomes=[
        (
            "product",
            D(2024, 5, 1),
            f"Flexwatt launches a flexibility app for small businesses. {FICTIONAL}",
            None,
        ),
        ("jobs", D(2024, 12, 1), f"New jobs in the SME partners. {FICTIONAL}", 3),
    ],
    milestones=[
        ("First SME customers", D(2023, 6, 1), True),
        ("Market launch", D(2024, 5, 1), True),
        ("Final report", D(2025, 12, 31), False),
    ],
)

IDEAS = [  # (title, posted by, partners needed, topics, interested, converted into (kind) or "")
    (
        "Heat storage for small district heating plants",
        "Varmelager AS",
        "District heating companies and a research partner.",
        ("energy-communities",),
        ["Oslofjord Fjernvarme AS", "Termovis AS"],
        "collaboration",
    ),
    (
        "Shared EV charging for housing co-ops",
        "Elbilflåten AS",
        "A charging operator, a grid company and housing co-ops.",
        ("e-mobility-storage",),
        ["Ladenova AS", "Gridlytics AS"],
        "",
    ),
    (
        "AI load forecasting for municipalities",
        "Gridlytics AS",
        "Two or three municipalities with smart meter data.",
        ("ai", "energy-data"),
        ["Prognosekraft AS", "Østbygd kommune"],
        "",
    ),
    (
        "Hydrogen for harbour operations",
        "Hydrogenverket Øst AS",
        "A port, a ferry operator and an electrolyser supplier.",
        ("e-mobility-storage",),
        [],
        "",
    ),
]


def load() -> None:
    cluster = Cluster.objects.filter(slug="nce-smart-energy-markets").first()
    actor = get_user_model().objects.filter(email="manager@nce-sem.demo").first()
    if cluster is None or actor is None:
        return
    projects = {spec.title: _project(actor, cluster, spec) for spec in SPECS}
    pre_project = projects["Flexibility services for SMEs"]
    main = pre_project.successors.filter(kind=Project.Kind.MAIN_PROJECT).first()
    if main is None:
        main = services.project_create_main_project(
            actor=actor, pre_project=pre_project, title=MAIN.title, start_date=MAIN.start
        )
    for partner in main.partners.filter(status=ProjectPartner.Status.CANDIDATE).select_related(
        "organisation", "project"
    ):
        services.partner_update(
            actor=actor, partner=partner, status=ProjectPartner.Status.CONFIRMED
        )
    _fill(actor, main, MAIN)
    for idea_spec in IDEAS:
        _idea(actor, cluster, *idea_spec)


def _organisation(name: str) -> Organisation:
    organisation = Organisation.objects.filter(name=name).order_by("pk").first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name, org_number=None, description=f"Created by the projects demo. {FICTIONAL}"
        )
    return organisation


def _project(actor: Actor, cluster: Cluster, spec: Spec) -> Project:
    project = Project.objects.filter(lead_cluster=cluster, title=spec.title).first()
    if project is None:
        project = services.project_create(
            actor=actor, cluster=cluster, title=spec.title, kind=spec.kind
        )
    _fill(actor, project, spec)
    return project


def _fill(actor: Actor, project: Project, spec: Spec) -> None:
    services.project_update(
        actor=actor,
        project=project,
        kind=spec.kind,
        summary=spec.summary,
        acronym=spec.acronym,
        start_date=spec.start,
        end_date=spec.end,
        funder=spec.funder,
        funder_reference=spec.reference,
        topics=Topic.objects.filter(slug__in=spec.topics),
        objectives=spec.objectives,
        other_objectives=[],
    )
    present = set(project.partners.values_list("organisation__name", flat=True))
    for name, role in spec.partners:
        if name not in present:
            services.partner_add(
                actor=actor, project=project, organisation=_organisation(name), role=role
            )
    if spec.budget:
        eligible, cash, in_kind = spec.budget
        services.project_budget_update(
            actor=actor,
            project=project,
            total_eligible_cost=eligible,
            private_cash=cash,
            in_kind=in_kind,
        )
    sources = set(project.funding_sources.values_list("name", flat=True))
    for name, kind, amount in spec.sources:
        if name not in sources:
            services.funding_source_add(
                actor=actor, project=project, name=name, kind=kind, amount=amount
            )
    _drive(actor, project, spec.status)
    for kind, date, description, quantity in spec.outcomes:
        if not project.outcomes.filter(kind=kind, date=date).exists():
            partners = Organisation.objects.filter(
                project_partnerships__project=project, project_partnerships__role="lead"
            )
            services.outcome_record(
                actor=actor,
                project=project,
                kind=kind,
                date=date,
                description=description,
                quantity=quantity,
                organisations=partners,
            )
    for title, due, done in spec.milestones:
        if not project.milestones.filter(title=title).exists():
            services.milestone_add(
                actor=actor,
                project=project,
                title=title,
                due_date=due,
                status="done" if done else "planned",
                done_on=due if done else None,
            )


def _drive(actor: Actor, project: Project, target: str) -> None:
    """Take the project forward through the workflow until it reaches `target` (never back)."""
    if project.status not in ORDER or target not in ORDER:
        return
    while ORDER.index(project.status) < ORDER.index(target):
        action = "form_consortium" if target == "forming_consortium" else ROUTE[project.status]
        services.project_transition(actor=actor, project=project, action=action, note=NOTE)


def _idea(
    actor: Actor,
    cluster: Cluster,
    title: str,
    poster: str,
    needed: str,
    topics: tuple[str, ...],
    interested: list[str],
    convert_to: str,
) -> None:
    idea = Idea.objects.filter(cluster=cluster, title=title).first()
    if idea is None:
        idea = services.idea_post(
            actor=actor,
            cluster=cluster,
            organisation=_organisation(poster),
            title=title,
            description=f"{title}: an idea looking for partners. {FICTIONAL}",
            partners_needed=needed,
            topics=Topic.objects.filter(slug__in=topics),
        )
    for name in interested:
        organisation = _organisation(name)
        if (
            idea.status == Idea.Status.OPEN
            and not IdeaInterest.objects.filter(idea=idea, organisation=organisation).exists()
        ):
            services.idea_interest_set(
                actor=actor, idea=idea, organisation=organisation, interested=True
            )
    if convert_to and idea.status == Idea.Status.OPEN:
        services.idea_convert(actor=actor, idea=idea, kind=convert_to)
