"""The levels and frameworks Klynge ships, as plain data (used by a data migration and `load_shipped`).

Sources: DOMAIN.md. Thresholds, points and the ESCA per-indicator thresholds are not public and are
configurable after loading; the values here are reasonable defaults and say so in their guidance.
Nothing here imports Django models, so migrations can use it with historical models.
"""

from __future__ import annotations

from typing import Any

LEVELS: list[dict[str, Any]] = [
    {
        "code": "arena",
        "name_en": "Arena",
        "name_nb": "Arena",
        "rank": 10,
        "typical_years": 3,
        "operating_support": True,
        "description_en": "Early-stage regional clusters; 3 years, at most 5.",
        "description_nb": "Klynger i tidlig fase; 3 år, inntil 5.",
    },
    {
        "code": "arena-pro",
        "name_en": "Arena Pro",
        "name_nb": "Arena Pro",
        "rank": 20,
        "introduced_on": "2019-01-01",
        "typical_years": 5,
        "operating_support": True,
        "description_en": "From 2019: clusters with national potential; 5 years.",
        "description_nb": "Fra 2019: klynger med nasjonalt potensial; 5 år.",
    },
    {
        "code": "nce",
        "name_en": "NCE (Norwegian Centres of Expertise)",
        "name_nb": "NCE (Norwegian Centres of Expertise)",
        "rank": 30,
        "introduced_on": "2006-01-01",
        "operating_support": True,
        "description_en": "A level from 2006, later a brand a cluster qualifies for.",
        "description_nb": "Et nivå fra 2006, senere en merkevare klyngen kvalifiserer for.",
    },
    {
        "code": "gce",
        "name_en": "GCE (Global Centres of Expertise)",
        "name_nb": "GCE (Global Centres of Expertise)",
        "rank": 40,
        "typical_years": 10,
        "operating_support": True,
        "description_en": "Globally oriented clusters; up to 10 years.",
        "description_nb": "Globalt orienterte klynger; inntil 10 år.",
    },
    {
        "code": "mature",
        "name_en": "Mature cluster",
        "name_nb": "Moden klynge",
        "rank": 50,
        "introduced_on": "2020-09-01",
        "operating_support": False,
        "description_en": "From autumn 2020: no operating support; project funding instead "
        "(two pre-projects a year that can lead to main projects).",
        "description_nb": "Fra høsten 2020: ingen driftsstøtte, men prosjektmidler "
        "(to forprosjekter i året som kan føre til hovedprosjekter).",
    },
]

_DEFAULT_GUIDANCE_EN = "Threshold is a configurable default (the official value is not public)."
_DEFAULT_GUIDANCE_NB = (
    "Terskelen er en justerbar standardverdi (offisiell verdi er ikke offentlig)."
)


def _c(
    code: str,
    group: tuple[str, str],
    name: tuple[str, str],
    max_points: float,
    threshold: float | None = None,
    *,
    indicator: str = "",
    params: dict[str, Any] | None = None,
    required: bool = False,
    help_en: str = "",
    help_nb: str = "",
) -> dict[str, Any]:
    return {
        "code": code,
        "group_en": group[0],
        "group_nb": group[1],
        "name_en": name[0],
        "name_nb": name[1],
        "max_points": max_points,
        "threshold": threshold,
        "indicator": indicator,
        "params": params or {},
        "required": required,
        "help_en": help_en,
        "help_nb": help_nb,
    }


MATURE = ("Mature-cluster criteria", "Kriterier for moden klynge")
STRUCTURE = ("1 Cluster structure", "1 Klyngestruktur")
GOVERNANCE = ("2 Governance", "2 Styring")
FINANCING = ("3 Financing", "3 Finansiering")
STRATEGY = ("4 Strategy and services", "4 Strategi og tjenester")
ACHIEVEMENTS = ("5 Achievements", "5 Resultater")
ADMISSION = ("Admission criteria", "Opptakskriterier")
PRE_PROJECT = ("Pre-project evaluation", "Vurdering av forprosjekt")


def _esca(code: str, group: tuple[str, str], en: str, nb: str, **kw: Any) -> dict[str, Any]:
    kw.setdefault("help_en", _DEFAULT_GUIDANCE_EN)
    kw.setdefault("help_nb", _DEFAULT_GUIDANCE_NB)
    return _c(code, group, (en, nb), 5, 3, **kw)


ESCA_GOLD = [
    _esca(
        "1.1.0",
        STRUCTURE,
        "Commitment of participants",
        "Forpliktelse hos deltakerne",
        indicator="participants_commitment",
        params={"full_at": 0.8},
    ),
    _esca(
        "1.1.1",
        STRUCTURE,
        "Composition of participants",
        "Sammensetning av deltakerne",
        indicator="participants_composition",
        params={"full_at": 4},
    ),
    _esca(
        "1.1.2",
        STRUCTURE,
        "Number of participants",
        "Antall deltakere",
        indicator="participants_number",
        params={"full_at": 50},
    ),
    _esca(
        "1.2",
        STRUCTURE,
        "Geographic concentration",
        "Geografisk konsentrasjon",
        indicator="geographic_concentration",
        params={"full_at": 0.5},
    ),
    _esca("2.1", GOVERNANCE, "Maturity of the cluster management", "Modenhet i klyngeledelsen"),
    _esca(
        "2.2.1",
        GOVERNANCE,
        "Human resources of the management",
        "Ressurser i klyngeledelsen",
        indicator="management_team",
        params={"full_at": 3},
    ),
    _esca("2.2.2", GOVERNANCE, "Qualifications of the team", "Teamets kvalifikasjoner"),
    _esca("2.2.3", GOVERNANCE, "Upskilling plans", "Planer for kompetanseheving"),
    _esca(
        "2.2.4",
        GOVERNANCE,
        "Staff stability",
        "Stabilitet i staben",
        indicator="staff_stability",
        params={"full_at": 0.6},
    ),
    _esca(
        "2.3",
        GOVERNANCE,
        "Stability of company participation",
        "Stabilitet i deltakelsen",
        indicator="participation_stability",
        params={"full_at": 0.9},
    ),
    _esca(
        "2.4",
        GOVERNANCE,
        "Stakeholder involvement in decisions",
        "Involvering i beslutninger",
        indicator="member_voice",
        params={"full_at": 0.4, "years": 3},
    ),
    _esca(
        "2.5",
        GOVERNANCE,
        "Direct contacts of management with participants",
        "Direkte kontakt mellom ledelse og deltakere",
        indicator="direct_contacts",
        params={"full_at": 0.5},
    ),
    _esca(
        "2.6",
        GOVERNANCE,
        "Degree of cooperation within the cluster",
        "Samarbeid i klyngen",
        indicator="cooperation_within",
        params={"full_at": 0.3, "years": 3},
    ),
    _esca(
        "2.7",
        GOVERNANCE,
        "Integration in the innovation system",
        "Integrasjon i innovasjonssystemet",
        indicator="innovation_system",
        params={"full_at": 3, "years": 3},
    ),
    _esca("3.1", FINANCING, "Financing prospects", "Finansieringsutsikter"),
    _esca(
        "3.2",
        FINANCING,
        "Share of private funding",
        "Andel privat finansiering",
        indicator="private_funding_share",
        params={"full_at": 0.5, "years": 3},
    ),
    _esca("4.1.1", STRATEGY, "Strategy-building process", "Strategiprosess"),
    _esca("4.1.2", STRATEGY, "Documented strategy", "Dokumentert strategi"),
    _esca("4.1.3", STRATEGY, "Implementation plan", "Gjennomføringsplan"),
    _esca("4.1.4", STRATEGY, "Financial control", "Økonomistyring"),
    _esca("4.1.5", STRATEGY, "Review of strategy and plan", "Revisjon av strategi og plan"),
    _esca("4.1.6", STRATEGY, "Performance monitoring", "Resultatoppfølging"),
    _esca("4.2", STRATEGY, "Strategy goal", "Strategisk mål"),
    _esca(
        "4.3",
        STRATEGY,
        "Activities and services",
        "Aktiviteter og tjenester",
        indicator="activities_services",
        params={"full_at": 12},
    ),
    _esca("4.4", STRATEGY, "Effectiveness of the management", "Effektiv klyngeledelse"),
    _esca(
        "4.5",
        STRATEGY,
        "Working groups",
        "Arbeidsgrupper",
        indicator="thematic_groups",
        params={"full_at": 4},
    ),
    _esca(
        "4.6.1",
        STRATEGY,
        "Communication",
        "Kommunikasjon",
        indicator="communication",
        params={"full_at": 24},
    ),
    _esca(
        "4.6.2",
        STRATEGY,
        "Internet presence",
        "Tilstedeværelse på nett",
        indicator="internet_presence",
        params={"full_at": 1.0},
    ),
    _esca("5.1", ACHIEVEMENTS, "Recognition in media", "Synlighet i media"),
    _esca(
        "5.2",
        ACHIEVEMENTS,
        "Success stories",
        "Suksesshistorier",
        indicator="success_stories",
        params={"full_at": 6, "years": 3},
        help_en="Not confirmed as part of the published set. " + _DEFAULT_GUIDANCE_EN,
        help_nb="Ikke bekreftet i det publiserte settet. " + _DEFAULT_GUIDANCE_NB,
    ),
    _esca(
        "5.3",
        ACHIEVEMENTS,
        "Satisfaction of participants",
        "Deltakernes tilfredshet",
        indicator="satisfaction",
        params={"full_at": 0.8},
        help_en="Not confirmed as part of the published set. " + _DEFAULT_GUIDANCE_EN,
        help_nb="Ikke bekreftet i det publiserte settet. " + _DEFAULT_GUIDANCE_NB,
    ),
]

FRAMEWORKS: list[dict[str, Any]] = [
    {
        "code": "mature-cluster",
        "name_en": "Mature cluster (2020)",
        "name_nb": "Moden klynge (2020)",
        "description_en": "The grounds Innovation Norway named for mature status: quality of "
        "projects and work, composition of the cluster, and a valid gold label.",
        "description_nb": "Grunnlaget Innovasjon Norge oppga for status som moden klynge: "
        "kvalitet i prosjekter og arbeid, sammensetning og gyldig gullmerke.",
        "use": "assessment",
        "pass_percent": 70,
        "grants_level": "mature",
        "criteria": [
            _c(
                "Q",
                MATURE,
                ("Quality of projects and work", "Kvalitet i prosjekter og arbeid"),
                10,
                6,
                required=True,
                help_en="Scored by the assessors from the project portfolio and results.",
                help_nb="Vurderes av bedømmerne ut fra prosjektporteføljen og resultatene.",
            ),
            _c(
                "C",
                MATURE,
                ("Composition of the cluster", "Klyngens sammensetning"),
                10,
                6,
                indicator="participants_composition",
                params={"full_at": 4},
                required=True,
            ),
            _c(
                "G",
                MATURE,
                ("Valid gold label", "Gyldig gullmerke"),
                10,
                10,
                indicator="valid_label",
                params={"grade": "gold"},
                required=True,
            ),
        ],
    },
    {
        "code": "esca-gold",
        "name_en": "ESCA gold label indicators (2013 set)",
        "name_nb": "ESCA gullmerke-indikatorer (2013)",
        "description_en": "31 indicators with their own thresholds; a pass needs at least 80 % "
        "of the total score. Indicators Klynge can compute from its data are computed.",
        "description_nb": "31 indikatorer med egne terskler; bestått krever minst 80 % av "
        "totalskåren. Indikatorer Klynge kan beregne fra egne data, beregnes.",
        "use": "assessment",
        "pass_percent": 80,
        "grants_level": None,
        "criteria": ESCA_GOLD,
    },
    {
        "code": "admission-2014",
        "name_en": "Admission criteria (2014)",
        "name_nb": "Opptakskriterier (2014)",
        "description_en": "The programme's admission criteria per level from 2014.",
        "description_nb": "Programmets opptakskriterier per nivå fra 2014.",
        "use": "assessment",
        "pass_percent": 60,
        "grants_level": None,
        "criteria": [
            _c("A1", ADMISSION, ("Resource base", "Ressursgrunnlag"), 6, 3),
            _c("A2", ADMISSION, ("Relations and collaboration", "Relasjoner og samarbeid"), 6, 3),
            _c(
                "A3",
                ADMISSION,
                ("Position and development potential", "Posisjon og utviklingspotensial"),
                6,
                3,
            ),
            _c("A4", ADMISSION, ("Ownership and leadership", "Eierskap og ledelse"), 6, 3),
            _c(
                "A5",
                ADMISSION,
                ("Goals, strategy and impact potential", "Mål, strategi og effektpotensial"),
                6,
                3,
            ),
            _c("A6", ADMISSION, ("Implementation plan", "Gjennomføringsplan"), 6, 3),
        ],
    },
    {
        "code": "pre-project",
        "name_en": "Pre-project evaluation (mature clusters)",
        "name_nb": "Vurdering av forprosjekter (modne klynger)",
        "description_en": "Criteria for evaluating pre-project applications against the "
        "programme's aims. Points and thresholds are configurable defaults.",
        "description_nb": "Kriterier for å vurdere søknader om forprosjekt mot programmets mål. "
        "Poeng og terskler er justerbare standardverdier.",
        "use": "evaluation",
        "pass_percent": 60,
        "grants_level": None,
        "criteria": [
            _c(
                "P1",
                PRE_PROJECT,
                ("Relevance to the programme's aims", "Relevans for programmets mål"),
                7,
                4,
                help_en="How well the project serves the programme's aims: SME competence lift, adoption of new technology, new business areas or international orientation.",
                help_nb="Hvor godt prosjektet tjener programmets mål: kompetanseløft i SMB-er, ny teknologi, nye forretningsområder eller internasjonal orientering.",
            ),
            _c(
                "P2",
                PRE_PROJECT,
                ("Quality of the plan and consortium", "Kvalitet i plan og konsortium"),
                7,
                4,
                help_en="Whether the plan has clear goals, activities, milestones and budget, and whether the partners have the competence and capacity to carry it out.",
                help_nb="Om planen har klare mål, aktiviteter, milepæler og budsjett, og om partnerne har kompetanse og kapasitet til å gjennomføre den.",
            ),
            _c(
                "P3",
                PRE_PROJECT,
                ("Effect for SMEs", "Effekt for SMB-er"),
                7,
                4,
                help_en="How many SMEs take part, what they will learn or change, and how the effect will be documented.",
                help_nb="Hvor mange SMB-er som deltar, hva de skal lære eller endre, og hvordan effekten skal dokumenteres.",
            ),
            _c(
                "P4",
                PRE_PROJECT,
                (
                    "Collaboration across clusters and sectors",
                    "Samarbeid på tvers av klynger og sektorer",
                ),
                7,
                3,
                help_en="New consortia across clusters, sectors or value chains, and how the results will reach beyond the partners.",
                help_nb="Nye konsortier på tvers av klynger, sektorer eller verdikjeder, og hvordan resultatene når ut over partnerne.",
            ),
        ],
    },
]
