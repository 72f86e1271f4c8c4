"""Survey templates shipped with Klynge, as data. A cluster copies one and adapts it.

The yearly member survey covers what the cluster programme asks clusters to follow up in their
member firms: the value of membership, collaboration with other members and with research, new
products, services and markets, competence, international activity, satisfaction and NPS. The
question keys are stable, so every cluster's waves (and later, clusters among themselves) compare.
"""

from __future__ import annotations

from typing import Any

YES_NO = [
    {"key": "yes", "en": "Yes", "nb": "Ja"},
    {"key": "no", "en": "No", "nb": "Nei"},
    {"key": "dont-know", "en": "Don't know", "nb": "Vet ikke"},
]
EXTENT = {
    "low_label_en": "Not at all",
    "low_label_nb": "Ikke i det hele tatt",
    "high_label_en": "To a great extent",
    "high_label_nb": "I stor grad",
}


def _q(key: str, kind: str, en: str, nb: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "kind": kind, "text_en": en, "text_nb": nb, **extra}


YEARLY_MEMBER_SURVEY: dict[str, Any] = {
    "key": "yearly-member-survey",
    "title_en": "Member survey",
    "title_nb": "Medlemsundersøkelse",
    "intro_en": (
        "Once a year we ask our members what the cluster means to them. Your answers help us "
        "plan next year's meeting places, projects and courses, and they go into the results we "
        "report to the cluster programme. It takes about ten minutes."
    ),
    "intro_nb": (
        "Én gang i året spør vi medlemmene hva klyngen betyr for dem. Svarene hjelper oss å "
        "planlegge neste års møteplasser, prosjekter og kurs, og de inngår i resultatene vi "
        "rapporterer til klyngeprogrammet. Det tar omtrent ti minutter."
    ),
    "anonymous": True,
    "sections": [
        {
            "title_en": "Value of membership",
            "title_nb": "Verdien av medlemskapet",
            "questions": [
                _q(
                    "value-of-membership",
                    "scale",
                    "How valuable is membership of the cluster to your organisation?",
                    "Hvor verdifullt er medlemskapet i klyngen for virksomheten din?",
                    required=True,
                    low_label_en="Of no value",
                    low_label_nb="Uten verdi",
                    high_label_en="Very valuable",
                    high_label_nb="Svært verdifullt",
                ),
                _q(
                    "value-areas",
                    "multiple",
                    "Where has membership given your organisation value in the past year?",
                    "Hvor har medlemskapet gitt virksomheten din verdi det siste året?",
                    options=[
                        {"key": "partners", "en": "New partners", "nb": "Nye partnere"},
                        {
                            "key": "knowledge",
                            "en": "Knowledge and competence",
                            "nb": "Kunnskap og kompetanse",
                        },
                        {
                            "key": "projects",
                            "en": "Projects and funding",
                            "nb": "Prosjekter og finansiering",
                        },
                        {
                            "key": "visibility",
                            "en": "Visibility and reputation",
                            "nb": "Synlighet og omdømme",
                        },
                        {
                            "key": "markets",
                            "en": "Customers and markets",
                            "nb": "Kunder og markeder",
                        },
                        {
                            "key": "international",
                            "en": "International contacts",
                            "nb": "Internasjonale kontakter",
                        },
                        {"key": "none", "en": "None of these", "nb": "Ingen av disse"},
                    ],
                ),
            ],
        },
        {
            "title_en": "Collaboration",
            "title_nb": "Samarbeid",
            "questions": [
                _q(
                    "collaboration-members",
                    "single",
                    "Has your organisation collaborated with other members of the cluster in "
                    "the past year?",
                    "Har virksomheten din samarbeidet med andre medlemmer i klyngen det siste "
                    "året?",
                    required=True,
                    options=YES_NO,
                ),
                _q(
                    "collaboration-kinds",
                    "multiple",
                    "What kind of collaboration?",
                    "Hva slags samarbeid?",
                    condition=("collaboration-members", ["yes"]),
                    options=[
                        {
                            "key": "rnd",
                            "en": "Research and development project",
                            "nb": "Forsknings- og utviklingsprosjekt",
                        },
                        {
                            "key": "trade",
                            "en": "Customer or supplier",
                            "nb": "Kunde eller leverandør",
                        },
                        {
                            "key": "application",
                            "en": "Joint funding application",
                            "nb": "Felles søknad om finansiering",
                        },
                        {
                            "key": "knowledge",
                            "en": "Sharing knowledge or staff",
                            "nb": "Deling av kunnskap eller personell",
                        },
                        {"key": "other", "en": "Other", "nb": "Annet"},
                    ],
                ),
                _q(
                    "collaboration-research",
                    "single",
                    "Has your organisation collaborated with a university, college or research "
                    "institute through the cluster in the past year?",
                    "Har virksomheten din samarbeidet med et universitet, en høyskole eller et "
                    "forskningsinstitutt gjennom klyngen det siste året?",
                    required=True,
                    options=YES_NO,
                ),
                _q(
                    "new-partners",
                    "number",
                    "How many new partners has your organisation found through the cluster in "
                    "the past year?",
                    "Hvor mange nye samarbeidspartnere har virksomheten din funnet gjennom "
                    "klyngen det siste året?",
                    min_value=0,
                    max_value=1000,
                ),
            ],
        },
        {
            "title_en": "Innovation and competence",
            "title_nb": "Innovasjon og kompetanse",
            "questions": [
                _q(
                    "innovation",
                    "matrix",
                    "To what extent has taking part in the cluster contributed to …",
                    "I hvilken grad har deltakelsen i klyngen bidratt til …",
                    statements=[
                        {
                            "key": "products",
                            "en": "new products or services",
                            "nb": "nye produkter eller tjenester",
                        },
                        {
                            "key": "technology",
                            "en": "adopting new technology or processes",
                            "nb": "å ta i bruk ny teknologi eller nye prosesser",
                        },
                        {
                            "key": "markets",
                            "en": "new markets or customers",
                            "nb": "nye markeder eller kunder",
                        },
                        {
                            "key": "business-areas",
                            "en": "new business areas",
                            "nb": "nye forretningsområder",
                        },
                    ],
                    **EXTENT,
                ),
                _q(
                    "competence",
                    "scale",
                    "To what extent has the cluster raised the competence of your staff?",
                    "I hvilken grad har klyngen hevet kompetansen til de ansatte hos dere?",
                    **EXTENT,
                ),
                _q(
                    "courses",
                    "single",
                    "Have any of your staff taken a course or further education through the "
                    "cluster in the past year?",
                    "Har noen av de ansatte tatt kurs eller videreutdanning gjennom klyngen det "
                    "siste året?",
                    options=YES_NO,
                ),
            ],
        },
        {
            "title_en": "International activity",
            "title_nb": "Internasjonal aktivitet",
            "questions": [
                _q(
                    "international",
                    "single",
                    "Has the cluster helped your organisation with international partners, "
                    "projects or markets?",
                    "Har klyngen hjulpet virksomheten din med internasjonale partnere, prosjekter "
                    "eller markeder?",
                    options=[
                        {"key": "a-lot", "en": "Yes, a lot", "nb": "Ja, mye"},
                        {"key": "some", "en": "Yes, somewhat", "nb": "Ja, noe"},
                        {"key": "no", "en": "No", "nb": "Nei"},
                        {"key": "not-relevant", "en": "Not relevant", "nb": "Ikke aktuelt"},
                    ],
                ),
                _q(
                    "international-project",
                    "single",
                    "Has your organisation taken part in an EU or other international project "
                    "through the cluster?",
                    "Har virksomheten din deltatt i et EU-prosjekt eller et annet internasjonalt "
                    "prosjekt gjennom klyngen?",
                    condition=("international", ["a-lot", "some"]),
                    options=YES_NO,
                ),
            ],
        },
        {
            "title_en": "Satisfaction",
            "title_nb": "Tilfredshet",
            "questions": [
                _q(
                    "satisfaction",
                    "matrix",
                    "How satisfied are you with …",
                    "Hvor fornøyd er du med …",
                    statements=[
                        {
                            "key": "meeting-places",
                            "en": "meeting places and events",
                            "nb": "møteplasser og arrangementer",
                        },
                        {"key": "b2b", "en": "B2B meetings", "nb": "B2B-møter"},
                        {
                            "key": "projects",
                            "en": "collaboration projects",
                            "nb": "samarbeidsprosjekter",
                        },
                        {"key": "courses", "en": "courses", "nb": "kurs"},
                        {
                            "key": "information",
                            "en": "information from the cluster",
                            "nb": "informasjon fra klyngen",
                        },
                        {
                            "key": "follow-up",
                            "en": "the cluster team's follow-up of your organisation",
                            "nb": "klyngeadministrasjonens oppfølging av virksomheten din",
                        },
                    ],
                    low_label_en="Very dissatisfied",
                    low_label_nb="Svært misfornøyd",
                    high_label_en="Very satisfied",
                    high_label_nb="Svært fornøyd",
                ),
                _q(
                    "recommend",
                    "nps",
                    "How likely is it that you would recommend membership of the cluster to a "
                    "colleague in another organisation?",
                    "Hvor sannsynlig er det at du vil anbefale medlemskap i klyngen til en kollega "
                    "i en annen virksomhet?",
                    required=True,
                    low_label_en="Not at all likely",
                    low_label_nb="Svært lite sannsynlig",
                    high_label_en="Extremely likely",
                    high_label_nb="Svært sannsynlig",
                ),
                _q(
                    "improve",
                    "long_text",
                    "What should the cluster do more of, or differently, next year?",
                    "Hva bør klyngen gjøre mer av, eller annerledes, neste år?",
                ),
            ],
        },
    ],
}

TEMPLATES: dict[str, dict[str, Any]] = {YEARLY_MEMBER_SURVEY["key"]: YEARLY_MEMBER_SURVEY}
