from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from klynge.insight.models import Answer, Question, Response, Section, Survey

from .clusters import ClusterFactory

YES_NO = [{"key": "yes", "en": "Yes", "nb": "Ja"}, {"key": "no", "en": "No", "nb": "Nei"}]


class SurveyFactory(DjangoModelFactory):
    class Meta:
        model = Survey

    cluster = factory.SubFactory(ClusterFactory)
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    title_nb = factory.Sequence(lambda n: f"Undersøkelse {n}")
    anonymous = True
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n + 1)


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    survey = factory.LazyAttribute(lambda q: q.section.survey)
    position = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"q{n}")
    kind = "single"
    text_en = factory.Sequence(lambda n: f"Question {n}?")
    text_nb = factory.Sequence(lambda n: f"Spørsmål {n}?")
    options = factory.LazyFunction(lambda: list(YES_NO))


def two_page_survey(**kwargs: Any) -> Survey:
    """Page 1: collaborate (yes/no, required), kinds (multiple, shown if yes), value (scale).
    Page 2: recommend (NPS, required), matrix (two statements), count (number), comment (long)."""
    survey = SurveyFactory(**kwargs)
    first = SectionFactory(survey=survey, position=1, title_en="About you")
    second = SectionFactory(survey=survey, position=2, title_en="Satisfaction")
    collaborate = QuestionFactory(section=first, key="collaborate", required=True, position=1)
    QuestionFactory(
        section=first,
        key="kinds",
        kind="multiple",
        position=2,
        options=[
            {"key": "rnd", "en": "R&D", "nb": "FoU"},
            {"key": "trade", "en": "Trade", "nb": "Handel"},
        ],
        condition_question=collaborate,
        condition_values=["yes"],
    )
    QuestionFactory(section=first, key="value", kind="scale", options=[], position=3)
    QuestionFactory(
        section=second, key="recommend", kind="nps", options=[], required=True, position=1
    )
    QuestionFactory(
        section=second,
        key="matrix",
        kind="matrix",
        options=[],
        position=2,
        statements=[
            {"key": "events", "en": "Events", "nb": "Arrangementer"},
            {"key": "courses", "en": "Courses", "nb": "Kurs"},
        ],
    )
    QuestionFactory(section=second, key="count", kind="number", options=[], position=3, min_value=0)
    QuestionFactory(section=second, key="comment", kind="long_text", options=[], position=4)
    return survey


def submitted(survey: Survey, answers: dict[str, Any], **groups: Any) -> Response:
    """A submitted response with `answers` ({key: value}) and its groups, written directly."""
    response = Response.objects.create(
        survey=survey,
        anonymous=survey.anonymous,
        status="submitted",
        submitted_on=timezone.localdate(),
        org_kind=groups.get("org_kind", "sme"),
        size_class=groups.get("size_class", "small"),
        county=groups.get("county", "Østfold"),
    )
    questions = {q.key: q for q in survey.questions.all()}
    for key, value in answers.items():
        question = questions[key]
        fields: dict = {}
        if question.kind in ("scale", "nps", "number"):
            fields["number"] = float(value)
        elif question.kind in ("multiple", "matrix"):
            fields["items"] = value
        else:
            fields["text"] = value
        Answer.objects.create(response=response, question=question, **fields)
    return response
