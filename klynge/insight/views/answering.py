"""Answering a survey page by page: by the personal link, or logged in; and the builder's preview.

Every change is saved as the respondent goes (htmx posts the page on change; questions whose
condition changes appear or disappear in place); "Next" and "Back" save too, and the link resumes
where the respondent left. The preview runs the same pages with answers kept in the session only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core.errors import DomainError
from klynge.core.permissions import require
from klynge.core.typing import HtmxRequest

from ..forms.answering import page_items, raw_from_post
from ..logic import merge, missing_required, visible_keys
from ..models import Invitation, Survey
from ..permissions import can_answer_invitation, can_edit_survey
from ..selectors.responses import (
    answers_of,
    draft_for,
    invitation_for_user,
    invitation_get_by_token,
)
from ..selectors.surveys import Structure, survey_structure
from ..services.answering import answers_save, draft_move, response_submit
from .common import survey_or_404


def _page_number(request: HttpRequest, structure: Structure, default: int) -> int:
    raw = request.POST.get("page") or request.GET.get("page")
    number = int(raw) if raw and raw.isdigit() else default
    return max(0, min(number, len(structure.sections) - 1))


def _neighbour(structure: Structure, shown: set[str], page: int, step: int) -> int | None:
    """The next (or previous) page with at least one question showing."""
    index = page + step
    while 0 <= index < len(structure.sections):
        section = structure.sections[index]
        if any(q.key in shown for q in structure.questions_on(section)) or not (
            structure.questions_on(section)
        ):
            return index
        index += step
    return None


def _render_page(
    request: HttpRequest,
    *,
    survey: Survey,
    structure: Structure,
    page: int,
    answers: dict[str, Any],
    errors: dict[str, str],
    raw: dict[str, Any] | None,
    action: str,
    preview: bool,
    status: int = 200,
) -> HttpResponse:
    shown = visible_keys(structure.specs, answers)
    section = structure.sections[page]
    questions = structure.questions_on(section)
    answered = sum(1 for spec in structure.specs if spec.key in shown and spec.key in answers)
    return render(
        request,
        "insight/answer_page.html",
        {
            "survey": survey,
            "section": section,
            "page": page,
            "pages": len(structure.sections),
            "items": page_items(questions, answers, shown, errors, raw),
            "previous": _neighbour(structure, shown, page, -1),
            "next": _neighbour(structure, shown, page, 1),
            "action": action,
            "preview": preview,
            "progress": round(100 * answered / max(1, len(shown))),
        },
        status=status,
    )


def _autosave_reply(
    request: HttpRequest,
    structure: Structure,
    page: int,
    before: set[str],
    answers: dict[str, Any],
    errors: dict[str, str],
    raw: dict[str, Any],
) -> HttpResponse:
    """The save status, plus the questions on the page whose visibility changed (out of band)."""
    shown = visible_keys(structure.specs, answers)
    questions = structure.questions_on(structure.sections[page])
    changed = [q for q in questions if (q.key in shown) != (q.key in before) or q.key in errors]
    return render(
        request,
        "insight/answer_autosave.html",
        {
            "items": page_items(changed, answers, shown, errors, raw),
            "errors": errors,
            "saved_at": timezone.localtime(),
        },
    )


def _answer(request: HtmxRequest, invitation: Invitation | None, action: str) -> HttpResponse:
    if invitation is None:
        raise Http404(_("This survey link is not valid."))
    require(can_answer_invitation, request.user, invitation)
    survey = invitation.survey
    if invitation.completed:
        return render(request, "insight/answer_done.html", {"survey": survey, "already": True})
    state = survey.state()
    if state != "open":
        return render(request, "insight/answer_closed.html", {"survey": survey, "state": state})
    structure = survey_structure(survey=survey)
    draft = draft_for(invitation=invitation)
    saved = answers_of(response=draft)
    page = _page_number(request, structure, draft.page if draft else 0)
    if request.method != "POST":
        return _render_page(
            request,
            survey=survey,
            structure=structure,
            page=page,
            answers=saved,
            errors={},
            raw=None,
            action=action,
            preview=False,
        )
    questions = structure.questions_on(structure.sections[page])
    raw = raw_from_post(questions, request.POST)
    move = request.POST.get("move", "save")
    try:
        result = answers_save(invitation=invitation, structure=structure, raw=raw, page=page)
    except DomainError as error:
        return render(request, "insight/answer_closed.html", {"survey": survey, "error": error})
    if request.htmx and move == "save":
        before = visible_keys(structure.specs, saved)
        return _autosave_reply(request, structure, page, before, result.answers, result.errors, raw)
    errors = dict(result.errors)
    if move in ("next", "submit"):
        for key in missing_required(structure.specs, result.answers, result.shown):
            if key in {q.key for q in questions}:
                errors.setdefault(key, _("Please answer this question."))
    if errors or move == "save":
        return _render_page(
            request,
            survey=survey,
            structure=structure,
            page=page,
            answers=result.answers,
            errors=errors,
            raw=raw,
            action=action,
            preview=False,
            status=400 if errors else 200,
        )
    if move == "back":
        target = _neighbour(structure, result.shown, page, -1)
        target = page if target is None else target
        draft_move(response=result.response, page=target)
        return redirect(f"{action}?page={target}")
    target = _neighbour(structure, result.shown, page, 1) if move == "next" else None
    if target is not None:
        draft_move(response=result.response, page=target)
        return redirect(f"{action}?page={target}")
    try:
        response_submit(actor=request.user, invitation=invitation, structure=structure)
    except DomainError as error:
        missing_page = next(
            (
                i
                for i, s in enumerate(structure.sections)
                if error.field in {q.key for q in structure.questions_on(s)}
            ),
            page,
        )
        return redirect(f"{action}?page={missing_page}&missing=1")
    return render(request, "insight/answer_done.html", {"survey": survey, "already": False})


def answer_by_link(request: HtmxRequest, token: str) -> HttpResponse:
    invitation = invitation_get_by_token(raw=token)
    return _answer(request, invitation, request.path)


@login_required
def answer_logged_in(request: HtmxRequest, pk: int) -> HttpResponse:
    survey = Survey.objects.filter(pk=pk).first()
    invitation = invitation_for_user(survey=survey, user=request.user) if survey else None
    return _answer(request, invitation, request.path)


@login_required
def preview(request: HtmxRequest, pk: int) -> HttpResponse:
    """The respondent's pages with answers kept in the session only (nothing is saved)."""
    survey = survey_or_404(pk, request.user, can_edit_survey)
    structure = survey_structure(survey=survey)
    key = f"insight-preview-{survey.pk}"
    saved = request.session.get(key, {}) if request.GET.get("restart") is None else {}
    page = _page_number(request, structure, 0)
    if request.method != "POST":
        request.session[key] = saved
        return _render_page(
            request,
            survey=survey,
            structure=structure,
            page=page,
            answers=saved,
            errors={},
            raw=None,
            action=request.path,
            preview=True,
        )
    questions = structure.questions_on(structure.sections[page])
    raw = raw_from_post(questions, request.POST)
    answers, errors, shown = merge(structure.specs, saved, raw)
    request.session[key] = answers
    move = request.POST.get("move", "save")
    if request.htmx and move == "save":
        before = visible_keys(structure.specs, saved)
        return _autosave_reply(request, structure, page, before, answers, errors, raw)
    if move in ("next", "submit"):
        for missing in missing_required(structure.specs, answers, shown):
            if missing in {q.key for q in questions}:
                errors.setdefault(missing, _("Please answer this question."))
    step = {"back": -1, "next": 1}.get(move)
    target = _neighbour(structure, shown, page, step) if step else None
    if errors or (target is None and move != "submit"):
        return _render_page(
            request,
            survey=survey,
            structure=structure,
            page=page,
            answers=answers,
            errors=errors,
            raw=raw,
            action=request.path,
            preview=True,
            status=400 if errors else 200,
        )
    if move == "submit":
        return render(request, "insight/answer_done.html", {"survey": survey, "preview": True})
    return redirect(f"{request.path}?page={target}")


urlpatterns = [
    path("s/<str:token>/", answer_by_link, name="answer_link"),
    path("surveys/<int:pk>/answer/", answer_logged_in, name="answer"),
    path("surveys/<int:pk>/preview/", preview, name="preview"),
]
