"""Schemas for the insight API (surveys, questions, response counts, results, answering)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

QuestionKind = Literal[
    "single", "multiple", "scale", "nps", "matrix", "number", "short_text", "long_text"
]
Dimension = Literal["kind", "size", "county"]


class ItemIO(Schema):
    """A choice or matrix statement: `key` is stable; English and Norwegian text."""

    key: str
    en: str
    nb: str = ""


class ConditionIO(Schema):
    question: str = Field(description="Key of an earlier question.")
    values: list[str] = Field(description="The question shows when any of these is the answer.")


class QuestionOut(Schema):
    id: int
    key: str
    page: int
    position: int
    kind: str
    text_en: str
    text_nb: str
    help_en: str
    help_nb: str
    required: bool
    options: list[ItemIO]
    statements: list[ItemIO]
    low_label_en: str
    low_label_nb: str
    high_label_en: str
    high_label_nb: str
    min_value: float | None
    max_value: float | None
    condition: ConditionIO | None

    @staticmethod
    def resolve_page(obj: Any) -> int:
        return obj.section.position

    @staticmethod
    def resolve_condition(obj: Any) -> dict[str, Any] | None:
        if obj.condition_question_id is None:
            return None
        return {"question": obj.condition_question.key, "values": obj.condition_values}


class SurveyQuestionIn(Schema):
    page: int = Field(1, ge=1, description="Page number (1 = first).")
    kind: QuestionKind
    text_en: str = Field(..., min_length=1, max_length=400)
    text_nb: str = Field("", max_length=400)
    key: str = Field("", max_length=50)
    help_en: str = Field("", max_length=400)
    help_nb: str = Field("", max_length=400)
    required: bool = False
    options: list[ItemIO] = []
    statements: list[ItemIO] = []
    low_label_en: str = Field("", max_length=80)
    low_label_nb: str = Field("", max_length=80)
    high_label_en: str = Field("", max_length=80)
    high_label_nb: str = Field("", max_length=80)
    min_value: float | None = None
    max_value: float | None = None
    condition: ConditionIO | None = None


class QuestionPatchIn(Schema):
    text_en: str | None = Field(None, min_length=1, max_length=400)
    text_nb: str | None = Field(None, max_length=400)
    help_en: str | None = Field(None, max_length=400)
    help_nb: str | None = Field(None, max_length=400)
    required: bool | None = None
    options: list[ItemIO] | None = None
    statements: list[ItemIO] | None = None
    low_label_en: str | None = Field(None, max_length=80)
    low_label_nb: str | None = Field(None, max_length=80)
    high_label_en: str | None = Field(None, max_length=80)
    high_label_nb: str | None = Field(None, max_length=80)


class SurveyListOut(Schema):
    id: int
    cluster: str
    title_en: str
    title_nb: str
    state: str
    anonymous: bool
    opens_at: datetime | None
    closes_at: datetime | None
    previous_wave_id: int | None
    invited: int
    answered: int

    @staticmethod
    def resolve_cluster(obj: Any) -> str:
        return obj.cluster.slug

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return obj.state()


class SurveyOut(Schema):
    id: int
    cluster: str
    title_en: str
    title_nb: str
    intro_en: str
    intro_nb: str
    state: str
    anonymous: bool
    opens_at: datetime | None
    closes_at: datetime | None
    sent_at: datetime | None
    previous_wave_id: int | None
    template_key: str
    reminder_dates: list[date]
    pages: int
    url: str

    @staticmethod
    def resolve_cluster(obj: Any) -> str:
        return obj.cluster.slug

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return obj.state()

    @staticmethod
    def resolve_pages(obj: Any) -> int:
        return obj.sections.count()

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class SurveyIn(Schema):
    title_en: str = Field("", max_length=200)
    title_nb: str = Field("", max_length=200)
    intro_en: str = ""
    intro_nb: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    anonymous: bool = True
    template: Literal["yearly-member-survey"] | None = Field(
        None, description="Start from a shipped template."
    )


class SurveyPatchIn(Schema):
    title_en: str | None = Field(None, min_length=1, max_length=200)
    title_nb: str | None = Field(None, max_length=200)
    intro_en: str | None = None
    intro_nb: str | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    anonymous: bool | None = None


class CopyIn(Schema):
    title_en: str = Field("", max_length=200)
    title_nb: str = Field("", max_length=200)


class RateRowOut(Schema):
    key: str
    label: str
    invited: int
    answered: int
    rate: float | None


class ResponseCountsOut(Schema):
    invited: int
    answered: int
    in_progress: int
    rate: float | None
    by_kind: list[RateRowOut]
    by_size: list[RateRowOut]


class CountOut(Schema):
    key: str
    label: str
    count: int


class StatementOut(Schema):
    key: str
    label: str
    n: int
    mean: float | None
    median: float | None
    distribution: list[CountOut]


class NpsOut(Schema):
    score: int | None
    promoters: int
    passives: int
    detractors: int


class QuestionResultOut(Schema):
    key: str
    kind: str
    text: str
    n: int
    mean: float | None = None
    median: float | None = None
    nps: NpsOut | None = None
    distribution: list[CountOut] = []
    statements: list[StatementOut] = []
    texts: list[str] = []


class GroupOut(Schema):
    key: str
    label: str
    responses: int
    questions: list[QuestionResultOut]


class ResultsOut(Schema):
    survey_id: int
    responses: int
    shown: bool
    note: str
    questions: list[QuestionResultOut]
    dimension: str | None = None
    groups: list[GroupOut] = []
    hidden_groups: int = 0
    hidden_responses: int = 0


class AnsweringOut(Schema):
    survey_id: int
    title: str
    intro: str
    anonymous: bool
    closes_at: datetime | None
    questions: list[QuestionOut]
    answers: dict[str, Any]
    shown: list[str] = Field(description="Keys of the questions that show, given the answers.")
    missing: list[str] = Field(description="Required questions that show and have no answer.")
    submitted: bool


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(
        description="Question key -> answer: a choice key, a list of keys, a number, "
        "{statement key: 1-5} or text; null clears an answer."
    )


class SubmittedOut(Schema):
    submitted: bool
    submitted_on: date
