"""Create, edit, copy and delete surveys; add, change, move and remove their pages and questions.

Rules: the questions (kinds, choices, conditions, pages) can change only while nobody has started
answering; wording can always be corrected. Whether a survey is anonymous is fixed when the first
invitations go out (the invitation says so). A copy is the next wave: same question keys, so results
line up with the earlier wave.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor, Viewer
from klynge.clusters.models import Cluster
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from ..logic import Invalid, check_condition, spec_of
from ..models import Question, Section, Survey

SURVEY_FIELDS = (
    "title_en",
    "title_nb",
    "intro_en",
    "intro_nb",
    "opens_at",
    "closes_at",
    "anonymous",
)
SECTION_FIELDS = ("title_en", "title_nb", "intro_en", "intro_nb")
WORDING_FIELDS = (
    "text_en",
    "text_nb",
    "help_en",
    "help_nb",
    "low_label_en",
    "low_label_nb",
    "high_label_en",
    "high_label_nb",
)
STRUCTURE_FIELDS = ("kind", "required", "options", "statements", "min_value", "max_value")


def user_or_none(actor: Viewer | None) -> Actor | None:
    """The user to store as a row's author (None for a system job or the demo)."""
    return actor if actor is not None and actor.is_authenticated else None


def survey_has_responses(survey: Survey) -> bool:
    return survey.responses.exists()


def _require_unanswered(survey: Survey) -> None:
    if survey_has_responses(survey):
        raise ConflictError(
            _(
                "People have started answering: the questions can no longer change. Copy the survey to make a new wave."
            ),
            code="survey_answered",
        )


def _check_survey(values: dict[str, Any]) -> None:
    if not (values.get("title_en") or "").strip():
        raise DomainError(_("Give the survey an English title."), field="title_en")
    opens, closes = values.get("opens_at"), values.get("closes_at")
    if opens and closes and closes <= opens:
        raise DomainError(_("The survey must close after it opens."), field="closes_at")


@transaction.atomic
def survey_create(*, actor: Actor, cluster: Cluster, **fields: Any) -> Survey:
    values = {name: fields[name] for name in SURVEY_FIELDS if name in fields}
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    _check_survey(values)
    survey = Survey.objects.create(cluster=cluster, created_by=user_or_none(actor), **values)
    Section.objects.create(survey=survey, position=1)
    log_action(
        actor=actor,
        action="klynge.insight.survey.created",
        target=survey,
        data={"title": survey.title_en, "anonymous": survey.anonymous},
    )
    return survey


@transaction.atomic
def survey_update(*, actor: Actor, survey: Survey, **fields: Any) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    values = {name: getattr(survey, name) for name in SURVEY_FIELDS}
    values.update(fields)
    _check_survey(values)
    if values["anonymous"] != survey.anonymous and survey.sent_at is not None:
        raise ConflictError(
            _("Invitations have gone out: whether the survey is anonymous can no longer change."),
            code="anonymity_fixed",
            field="anonymous",
        )
    changed = {n: values[n] for n in SURVEY_FIELDS if values[n] != getattr(survey, n)}
    for name, value in changed.items():
        setattr(survey, name, value)
    survey.save()
    if changed:
        log_action(
            actor=actor,
            action="klynge.insight.survey.updated",
            target=survey,
            data={"fields": sorted(changed)},
        )
    return survey


@transaction.atomic
def survey_delete(*, actor: Actor, survey: Survey) -> None:
    if survey.sent_at is not None or survey_has_responses(survey):
        raise ConflictError(_("A survey that has been sent cannot be deleted."), code="survey_sent")
    log_action(
        actor=actor,
        action="klynge.insight.survey.deleted",
        target=survey,
        data={"title": survey.title_en},
    )
    survey.delete()


# --- pages --------------------------------------------------------------------------------------


def _renumber(items: list[Any]) -> None:
    for index, item in enumerate(items, start=1):
        if item.position != index:
            item.position = index
            item.save(update_fields=["position"])


@transaction.atomic
def section_add(*, actor: Actor, survey: Survey, **fields: Any) -> Section:
    _require_unanswered(survey)
    last = survey.sections.aggregate(m=Max("position"))["m"] or 0
    values = {name: fields.get(name, "") for name in SECTION_FIELDS}
    section = Section.objects.create(survey=survey, position=last + 1, **values)
    log_action(
        actor=actor,
        action="klynge.insight.section.added",
        target=survey,
        data={"section": section.pk},
    )
    return section


@transaction.atomic
def section_update(*, actor: Actor, section: Section, **fields: Any) -> Section:
    for name in SECTION_FIELDS:
        if name in fields:
            setattr(section, name, fields[name])
    section.save()
    log_action(
        actor=actor,
        action="klynge.insight.section.updated",
        target=section.survey,
        data={"section": section.pk},
    )
    return section


@transaction.atomic
def section_delete(*, actor: Actor, section: Section) -> None:
    survey = section.survey
    _require_unanswered(survey)
    if survey.sections.count() <= 1:
        raise DomainError(_("A survey needs at least one page."), code="last_section")
    if (
        Question.objects.filter(condition_question__section=section)
        .exclude(section=section)
        .exists()
    ):
        raise DomainError(
            _("A question on another page depends on this page: change its condition first."),
            code="condition_depends",
        )
    section.delete()
    _renumber(list(survey.sections.order_by("position", "pk")))
    log_action(
        actor=actor,
        action="klynge.insight.section.deleted",
        target=survey,
        data={"section": section.pk},
    )


@transaction.atomic
def section_move(*, actor: Actor, section: Section, step: int) -> None:
    survey = section.survey
    _require_unanswered(survey)
    sections = list(survey.sections.order_by("position", "pk"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    target = index + step
    if not 0 <= target < len(sections):
        return
    sections[index], sections[target] = sections[target], sections[index]
    _renumber(sections)
    check_conditions(survey)
    log_action(
        actor=actor,
        action="klynge.insight.section.moved",
        target=survey,
        data={"section": section.pk, "step": step},
    )


# --- questions ----------------------------------------------------------------------------------


def parse_items(text: str) -> list[dict[str, str]]:
    """Lines "English | Norsk" as choice items with keys made from the English text."""
    items: list[dict[str, str]] = []
    used: set[str] = set()
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        en, _sep, nb = line.partition("|")
        en, nb = en.strip(), nb.strip()
        if not en:
            raise DomainError(_("Every line needs its English text before the “|”."))
        key = base = slugify(en)[:40] or "item"
        n = 2
        while key in used:
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        items.append({"key": key, "en": en, "nb": nb})
    return items


def items_text(items: list[dict[str, str]]) -> str:
    return "\n".join(f"{i['en']} | {i['nb']}" if i.get("nb") else i["en"] for i in items)


def _unique_key(survey: Survey, wanted: str, exclude: int | None = None) -> str:
    base = slugify(wanted)[:50] or "question"
    others = survey.questions.all() if exclude is None else survey.questions.exclude(pk=exclude)
    taken = set(others.values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _check_question(values: dict[str, Any]) -> None:
    kind = values["kind"]
    if kind not in Question.Kind.values:
        raise DomainError(_("Choose a kind of question."), field="kind")
    if not (values.get("text_en") or "").strip():
        raise DomainError(_("Write the question in English."), field="text_en")
    if kind in ("single", "multiple") and len(values.get("options") or []) < 2:
        raise DomainError(_("Give at least two answers to choose from."), field="options")
    if kind == "matrix" and not values.get("statements"):
        raise DomainError(_("Give at least one statement to rate."), field="statements")
    low, high = values.get("min_value"), values.get("max_value")
    if kind == "number" and low is not None and high is not None and low > high:
        raise DomainError(_("The smallest number is larger than the largest."), field="max_value")
    if kind not in ("single", "multiple"):
        values["options"] = []
    if kind != "matrix":
        values["statements"] = []
    if kind != "number":
        values["min_value"] = values["max_value"] = None


def check_conditions(survey: Survey) -> None:
    """Every condition points to an earlier question with answers it really has."""
    questions = list(
        survey.questions.select_related("condition_question", "section").order_by(
            "section__position", "position", "pk"
        )
    )
    specs = [spec_of(q) for q in questions]
    for question, spec in zip(questions, specs, strict=True):
        try:
            check_condition(specs, spec)
        except Invalid as error:
            raise DomainError(
                _("“%(question)s”: %(problem)s") % {"question": question.text_en, "problem": error},
                field="condition_question",
                code="invalid_condition",
            ) from error


def _set_condition(question: Question, source: Question | None, values: list[str]) -> None:
    if source is not None and source.survey_id != question.survey_id:
        raise DomainError(_("Unknown question."), field="condition_question")
    question.condition_question = source
    question.condition_values = [str(v) for v in values] if source is not None else []


@transaction.atomic
def question_add(
    *,
    actor: Actor,
    section: Section,
    kind: str,
    text_en: str,
    key: str = "",
    condition_question: Question | None = None,
    condition_values: list[str] | None = None,
    **fields: Any,
) -> Question:
    survey = section.survey
    _require_unanswered(survey)
    values: dict[str, Any] = {"kind": kind, "text_en": text_en, **fields}
    unknown = set(fields) - set(WORDING_FIELDS) - set(STRUCTURE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    _check_question(values)
    last = section.questions.aggregate(m=Max("position"))["m"] or 0
    question = Question(
        survey=survey,
        section=section,
        position=last + 1,
        key=_unique_key(survey, key or text_en),
        **values,
    )
    _set_condition(question, condition_question, condition_values or [])
    question.save()
    check_conditions(survey)
    log_action(
        actor=actor,
        action="klynge.insight.question.added",
        target=question,
        data={"survey": survey.pk, "key": question.key, "kind": kind},
    )
    return question


@transaction.atomic
def question_update(
    *,
    actor: Actor,
    question: Question,
    section: Section | None = None,
    condition_question: Any = ...,
    condition_values: list[str] | None = None,
    **fields: Any,
) -> Question:
    survey = question.survey
    unknown = set(fields) - set(WORDING_FIELDS) - set(STRUCTURE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    structural = {n for n in STRUCTURE_FIELDS if n in fields and fields[n] != getattr(question, n)}
    moves = section is not None and section.pk != question.section_id
    new_condition = condition_question is not ... and (
        getattr(condition_question, "pk", None) != question.condition_question_id
        or [str(v) for v in condition_values or []] != question.condition_values
    )
    if structural or moves or new_condition:
        _require_unanswered(survey)
    values = {n: getattr(question, n) for n in (*WORDING_FIELDS, *STRUCTURE_FIELDS)}
    values.update(fields)
    _check_question(values)
    for name, value in values.items():
        setattr(question, name, value)
    if moves and section is not None:
        if section.survey_id != survey.pk:
            raise DomainError(_("Unknown page."), field="section")
        question.section = section
        question.position = (section.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    if condition_question is not ...:
        _set_condition(question, condition_question, condition_values or [])
    question.save()
    check_conditions(survey)
    log_action(
        actor=actor,
        action="klynge.insight.question.updated",
        target=question,
        data={"key": question.key, "structure": sorted(structural) + (["page"] if moves else [])},
    )
    return question


@transaction.atomic
def question_delete(*, actor: Actor, question: Question) -> None:
    survey = question.survey
    _require_unanswered(survey)
    if question.dependants.exists():
        raise DomainError(
            _("Another question depends on this one: change its condition first."),
            code="condition_depends",
        )
    section = question.section
    log_action(
        actor=actor,
        action="klynge.insight.question.deleted",
        target=survey,
        data={"key": question.key},
    )
    question.delete()
    _renumber(list(section.questions.order_by("position", "pk")))


@transaction.atomic
def question_move(*, actor: Actor, question: Question, step: int) -> None:
    survey = question.survey
    _require_unanswered(survey)
    questions = list(question.section.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = index + step
    if not 0 <= target < len(questions):
        return
    questions[index], questions[target] = questions[target], questions[index]
    _renumber(questions)
    check_conditions(survey)
    log_action(
        actor=actor,
        action="klynge.insight.question.moved",
        target=question,
        data={"key": question.key, "step": step},
    )


# --- copies -------------------------------------------------------------------------------------


def copy_structure(source: Survey, target: Survey) -> None:
    """Copy the pages and questions of `source` into the empty `target` (keys and conditions kept)."""
    by_old: dict[int, Question] = {}
    conditions: list[tuple[Question, int]] = []
    for section in source.sections.order_by("position", "pk"):
        new_section = Section.objects.create(
            survey=target,
            position=section.position,
            **{name: getattr(section, name) for name in SECTION_FIELDS},
        )
        for question in section.questions.order_by("position", "pk"):
            old_pk, condition_id = question.pk, question.condition_question_id
            question.pk = None
            question.survey = target
            question.section = new_section
            question.condition_question = None
            question.save()
            by_old[old_pk] = question
            if condition_id:
                conditions.append((question, condition_id))
    for question, condition_id in conditions:
        question.condition_question = by_old[condition_id]
        question.save(update_fields=["condition_question"])


@transaction.atomic
def survey_copy(
    *, actor: Actor | None, survey: Survey, title_en: str = "", title_nb: str = ""
) -> Survey:
    """The next wave: a draft with the same pages, questions, audience and anonymity."""
    copy = Survey.objects.create(
        cluster=survey.cluster,
        title_en=title_en or survey.title_en,
        title_nb=title_nb or survey.title_nb,
        intro_en=survey.intro_en,
        intro_nb=survey.intro_nb,
        anonymous=survey.anonymous,
        audience={k: v for k, v in survey.audience.items() if k != "entries"},
        previous_wave=survey,
        template_key=survey.template_key,
        created_by=user_or_none(actor),
    )
    copy_structure(survey, copy)
    log_action(
        actor=actor,
        action="klynge.insight.survey.copied",
        target=copy,
        data={"from": survey.pk},
    )
    return copy
