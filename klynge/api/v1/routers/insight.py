"""Insight API: surveys, their questions, response counts, aggregated results, and answering.

Same predicates as the pages (klynge.insight.permissions); a survey the caller may not see is 403
(or 401 without credentials). Answering works with the personal link's token (no login needed) or,
logged in, as the person the invitation was sent to. Results obey the same privacy rules as the
pages: anonymous surveys from 5 responses, breakdown groups from 5.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.insight.logic import missing_required, visible_keys
from klynge.insight.models import Invitation, Question, Survey
from klynge.insight.permissions import (
    can_answer_invitation,
    can_create_survey,
    can_edit_survey,
    can_send_survey,
    can_view_results,
    can_view_survey,
    can_view_surveys,
)
from klynge.insight.selectors.responses import (
    answers_of,
    draft_for,
    invitation_for_user,
    invitation_get_by_token,
    response_rate,
)
from klynge.insight.selectors.results import QuestionResult, survey_breakdown, survey_results
from klynge.insight.selectors.surveys import survey_get, survey_list_for_cluster, survey_structure
from klynge.insight.services import surveys as services
from klynge.insight.services.answering import answers_save, response_submit
from klynge.insight.services.templates import survey_create_from_template

from ..auth import AUTH_OPTIONAL
from ..pagination import PageNumber
from ..patching import patch_changes
from ..schemas.insight import (
    AnsweringOut,
    AnswersIn,
    CopyIn,
    Dimension,
    QuestionOut,
    QuestionPatchIn,
    ResponseCountsOut,
    ResultsOut,
    SubmittedOut,
    SurveyIn,
    SurveyListOut,
    SurveyOut,
    SurveyPatchIn,
    SurveyQuestionIn,
)

router = Router(tags=["insight"])
CLEARABLE = {"opens_at", "closes_at"}


def _survey(request: HttpRequest, survey_id: int, predicate: Any) -> Survey:
    try:
        survey = survey_get(pk=survey_id)
    except Survey.DoesNotExist as exc:
        raise Http404 from exc
    require(predicate, request.user, survey)
    return survey


@router.get("/clusters/{slug}/surveys", response=list[SurveyListOut], summary="A cluster's surveys")
@paginate(PageNumber)
def survey_list(request: HttpRequest, slug: str) -> Any:
    cluster = get_object_or_404(Cluster, slug=slug)
    require(can_view_surveys, request.user, cluster)
    return survey_list_for_cluster(cluster=cluster)


@router.post("/clusters/{slug}/surveys", response={201: SurveyOut}, summary="Create a survey")
def survey_create(request: HttpRequest, slug: str, payload: SurveyIn) -> Status:
    cluster = get_object_or_404(Cluster, slug=slug)
    require(can_create_survey, request.user, cluster)
    data = payload.model_dump(exclude={"template"})
    if payload.template:
        survey = survey_create_from_template(
            actor=acting(request.user), cluster=cluster, template_key=payload.template, **data
        )
    else:
        survey = services.survey_create(actor=acting(request.user), cluster=cluster, **data)
    return Status(201, survey_get(pk=survey.pk))


@router.get("/surveys/{survey_id}", response=SurveyOut, summary="One survey")
def survey_detail(request: HttpRequest, survey_id: int) -> Survey:
    return _survey(request, survey_id, can_view_survey)


@router.patch("/surveys/{survey_id}", response=SurveyOut, summary="Change a survey's settings")
def survey_patch(request: HttpRequest, survey_id: int, payload: SurveyPatchIn) -> Survey:
    survey = _survey(request, survey_id, can_edit_survey)
    changes = patch_changes(payload, clearable=CLEARABLE)
    services.survey_update(actor=acting(request.user), survey=survey, **changes)
    return survey_get(pk=survey.pk)


@router.delete("/surveys/{survey_id}", response={204: None}, summary="Delete an unsent survey")
def survey_delete(request: HttpRequest, survey_id: int) -> Status:
    survey = _survey(request, survey_id, can_send_survey)
    services.survey_delete(actor=acting(request.user), survey=survey)
    return Status(204, None)


@router.post(
    "/surveys/{survey_id}/copy", response={201: SurveyOut}, summary="Copy as the next wave"
)
def survey_copy(request: HttpRequest, survey_id: int, payload: CopyIn) -> Status:
    survey = _survey(request, survey_id, can_edit_survey)
    copy = services.survey_copy(actor=acting(request.user), survey=survey, **payload.model_dump())
    return Status(201, survey_get(pk=copy.pk))


# --- questions ----------------------------------------------------------------------------------


@router.get(
    "/surveys/{survey_id}/questions", response=list[QuestionOut], summary="Questions in order"
)
def question_list(request: HttpRequest, survey_id: int) -> list[Question]:
    survey = _survey(request, survey_id, can_view_survey)
    return survey_structure(survey=survey).questions


def _condition(survey: Survey, payload: Any) -> tuple[Question | None, list[str]]:
    if payload.condition is None:
        return None, []
    source = survey.questions.filter(key=payload.condition.question).first()
    if source is None:
        raise DomainError("Unknown question.", field="condition")
    return source, payload.condition.values


@router.post(
    "/surveys/{survey_id}/questions", response={201: QuestionOut}, summary="Add a question"
)
def question_create(request: HttpRequest, survey_id: int, payload: SurveyQuestionIn) -> Status:
    survey = _survey(request, survey_id, can_edit_survey)
    section = survey.sections.filter(position=payload.page).first()
    if section is None:
        raise DomainError("No such page.", field="page")
    source, values = _condition(survey, payload)
    data = payload.model_dump(exclude={"page", "condition", "options", "statements"})
    question = services.question_add(
        actor=acting(request.user),
        section=section,
        options=[o.model_dump() for o in payload.options],
        statements=[s.model_dump() for s in payload.statements],
        condition_question=source,
        condition_values=values,
        **data,
    )
    return Status(201, _question(survey, question.pk))


def _question(survey: Survey, question_id: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("section", "condition_question"),
        pk=question_id,
        survey=survey,
    )


@router.patch(
    "/surveys/{survey_id}/questions/{question_id}",
    response=QuestionOut,
    summary="Change a question (wording always; the rest until answering starts)",
)
def question_patch(
    request: HttpRequest, survey_id: int, question_id: int, payload: QuestionPatchIn
) -> Question:
    survey = _survey(request, survey_id, can_edit_survey)
    question = _question(survey, question_id)
    data = patch_changes(payload)
    services.question_update(actor=acting(request.user), question=question, **data)
    return _question(survey, question_id)


@router.delete(
    "/surveys/{survey_id}/questions/{question_id}", response={204: None}, summary="Remove"
)
def question_delete(request: HttpRequest, survey_id: int, question_id: int) -> Status:
    survey = _survey(request, survey_id, can_edit_survey)
    services.question_delete(actor=acting(request.user), question=_question(survey, question_id))
    return Status(204, None)


# --- counts and results -------------------------------------------------------------------------


@router.get(
    "/surveys/{survey_id}/response-counts",
    response=ResponseCountsOut,
    summary="Invited, answered and started; by kind and size of member",
)
def response_counts(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    rate = response_rate(survey=_survey(request, survey_id, can_view_survey))

    def rows(items: Any) -> list[dict[str, Any]]:
        return [
            {
                "key": r.key,
                "label": r.label,
                "invited": r.invited,
                "answered": r.answered,
                "rate": r.rate,
            }
            for r in items
        ]

    return {
        "invited": rate.invited,
        "answered": rate.answered,
        "in_progress": rate.in_progress,
        "rate": rate.rate,
        "by_kind": rows(rate.by_kind),
        "by_size": rows(rate.by_size),
    }


def result_out(result: QuestionResult) -> dict[str, Any]:
    summary = result.summary
    return {
        "key": result.question.key,
        "kind": result.kind,
        "text": result.question.text,
        "n": result.n,
        "mean": summary.mean if summary else None,
        "median": summary.median if summary else None,
        "nps": None
        if result.nps is None
        else {
            "score": result.nps.score,
            "promoters": result.nps.promoters,
            "passives": result.nps.passives,
            "detractors": result.nps.detractors,
        },
        "distribution": [
            {"key": str(k), "label": str(label), "count": c} for k, label, c in result.counts
        ],
        "statements": [
            {
                "key": s.key,
                "label": s.label,
                "n": s.summary.n,
                "mean": s.summary.mean,
                "median": s.summary.median,
                "distribution": [
                    {"key": p, "label": p, "count": c} for p, c in s.summary.distribution
                ],
            }
            for s in result.statements
        ],
        "texts": result.texts,
    }


@router.get(
    "/surveys/{survey_id}/results", response=ResultsOut, summary="Aggregated results (by group)"
)
def results(request: HttpRequest, survey_id: int, by: Dimension | None = None) -> dict[str, Any]:
    survey = _survey(request, survey_id, can_view_results)
    found = survey_results(survey=survey)
    out: dict[str, Any] = {
        "survey_id": survey.pk,
        "responses": found.responses,
        "shown": found.shown,
        "note": found.hidden_reason,
        "questions": [result_out(r) for r in found.questions],
    }
    breakdown = survey_breakdown(survey=survey, dimension=by) if by else None
    if breakdown is not None:
        out["dimension"] = by
        out["hidden_groups"] = breakdown.hidden_groups
        out["hidden_responses"] = breakdown.hidden_responses
        out["groups"] = [
            {
                "key": key,
                "label": label,
                "responses": n,
                "questions": [
                    result_out(per_group[key]) for per_group in breakdown.by_question.values()
                ],
            }
            for key, label, n in breakdown.groups
        ]
    return out


# --- answering ----------------------------------------------------------------------------------


def _by_token(request: HttpRequest, token: str) -> Invitation:
    invitation = invitation_get_by_token(raw=token)
    if invitation is None:
        raise Http404
    require(can_answer_invitation, request.user, invitation)
    return invitation


def _mine(request: HttpRequest, survey_id: int) -> Invitation:
    survey = Survey.objects.filter(pk=survey_id).first()
    invitation = invitation_for_user(survey=survey, user=request.user) if survey else None
    if invitation is None:
        raise Http404
    require(can_answer_invitation, request.user, invitation)
    return invitation


def _answering(invitation: Invitation) -> dict[str, Any]:
    survey = invitation.survey
    structure = survey_structure(survey=survey)
    answers = {} if invitation.completed else answers_of(response=draft_for(invitation=invitation))
    shown = visible_keys(structure.specs, answers)
    return {
        "survey_id": survey.pk,
        "title": survey.title,
        "intro": survey.intro,
        "anonymous": survey.anonymous,
        "closes_at": survey.closes_at,
        "questions": structure.questions,
        "answers": answers,
        "shown": [s.key for s in structure.specs if s.key in shown],
        "missing": missing_required(structure.specs, answers, shown),
        "submitted": invitation.completed,
    }


def _save(invitation: Invitation, payload: AnswersIn) -> dict[str, Any]:
    structure = survey_structure(survey=invitation.survey)
    unknown = set(payload.answers) - {q.key for q in structure.questions}
    if unknown:
        raise DomainError("Unknown question.", code="unknown_question", field=sorted(unknown)[0])
    result = answers_save(invitation=invitation, structure=structure, raw=payload.answers)
    if result.errors:
        key = sorted(result.errors)[0]
        raise DomainError(result.errors[key], code="invalid_answer", field=key)
    return _answering(invitation)


def _submit(request: HttpRequest, invitation: Invitation) -> dict[str, Any]:
    structure = survey_structure(survey=invitation.survey)
    response = response_submit(actor=request.user, invitation=invitation, structure=structure)
    return {"submitted": True, "submitted_on": response.submitted_on}


@router.get(
    "/survey-answers/{token}",
    response=AnsweringOut,
    auth=AUTH_OPTIONAL,
    summary="A survey and your saved answers, by your personal link's token",
)
def answering_by_token(request: HttpRequest, token: str) -> dict[str, Any]:
    return _answering(_by_token(request, token))


@router.put(
    "/survey-answers/{token}",
    response=AnsweringOut,
    auth=AUTH_OPTIONAL,
    summary="Save answers (valid ones are kept; the first invalid one is a 400)",
)
def answers_put_by_token(request: HttpRequest, token: str, payload: AnswersIn) -> dict[str, Any]:
    return _save(_by_token(request, token), payload)


@router.post(
    "/survey-answers/{token}/submit",
    response=SubmittedOut,
    auth=AUTH_OPTIONAL,
    summary="Submit (once; the link is then used)",
)
def submit_by_token(request: HttpRequest, token: str) -> dict[str, Any]:
    return _submit(request, _by_token(request, token))


@router.get(
    "/surveys/{survey_id}/my-answers", response=AnsweringOut, summary="Your invitation's answers"
)
def my_answers(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    return _answering(_mine(request, survey_id))


@router.put("/surveys/{survey_id}/my-answers", response=AnsweringOut, summary="Save your answers")
def my_answers_put(request: HttpRequest, survey_id: int, payload: AnswersIn) -> dict[str, Any]:
    return _save(_mine(request, survey_id), payload)


@router.post(
    "/surveys/{survey_id}/my-answers/submit", response=SubmittedOut, summary="Submit your answers"
)
def my_answers_submit(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    return _submit(request, _mine(request, survey_id))
