"""The survey builder: a cluster's surveys, a new survey (empty or from a template), its pages and
questions, copying (the next wave) and deleting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require

from ..forms.surveys import (
    CopyForm,
    NewSurveyForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
    question_initial,
)
from ..models import Question, Section, Survey
from ..permissions import (
    can_create_survey,
    can_edit_survey,
    can_send_survey,
    can_view_survey,
    can_view_surveys,
)
from ..selectors.responses import response_rate
from ..selectors.surveys import (
    Structure,
    questions_before,
    survey_list_for_cluster,
    survey_structure,
)
from ..services import surveys as services
from ..services.templates import survey_create_from_template
from .common import cluster_or_404, step_of, survey_or_404


@login_required
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_view_surveys, request.user, cluster)
    return render(
        request,
        "insight/survey_list.html",
        {
            "cluster": cluster,
            "surveys": survey_list_for_cluster(cluster=cluster),
            "can_create": can_create_survey(request.user, cluster),
        },
    )


@login_required
def survey_new(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_create_survey, request.user, cluster)
    form = NewSurveyForm(
        request.POST or None, initial={"template": request.GET.get("template", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        template = data.pop("template")
        try:
            if template:
                survey = survey_create_from_template(
                    actor=acting(request.user), cluster=cluster, template_key=template, **data
                )
            else:
                survey = services.survey_create(actor=acting(request.user), cluster=cluster, **data)
            messages.success(request, _("The survey was created."))
            return redirect(survey.get_absolute_url())
        except DomainError as error:
            form.add_error(error.field, error.message)
    return render(request, "insight/survey_form.html", {"cluster": cluster, "form": form})


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_view_survey)
    structure = survey_structure(survey=survey)
    locked = services.survey_has_responses(survey)
    return render(
        request,
        "insight/survey_detail.html",
        {
            "survey": survey,
            "cluster": survey.cluster,
            "structure": structure,
            "rate": response_rate(survey=survey),
            "locked": locked,
            "can_edit": can_edit_survey(request.user, survey),
            "can_send": can_send_survey(request.user, survey),
            "section_form": SectionForm(),
        },
    )


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    form = SurveyForm(
        request.POST or None, instance=survey, anonymity_fixed=survey.sent_at is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=acting(request.user), survey=survey, **form.cleaned_data)
            messages.success(request, _("The survey was saved."))
            return redirect(survey.get_absolute_url())
        except DomainError as error:
            form.add_error(error.field, error.message)
    return render(
        request,
        "insight/survey_form.html",
        {"cluster": survey.cluster, "survey": survey, "form": form},
    )


@login_required
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    form = CopyForm(
        request.POST or None, initial={"title_en": survey.title_en, "title_nb": survey.title_nb}
    )
    if request.method == "POST" and form.is_valid():
        copy = services.survey_copy(actor=acting(request.user), survey=survey, **form.cleaned_data)
        messages.success(request, _("The copy is a draft: adapt it, then choose its audience."))
        return redirect(copy.get_absolute_url())
    return render(
        request,
        "insight/survey_copy.html",
        {"cluster": survey.cluster, "survey": survey, "form": form},
    )


@login_required
@require_POST
def survey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_send_survey)
    cluster = survey.cluster
    try:
        services.survey_delete(actor=acting(request.user), survey=survey)
        messages.success(request, _("The survey was deleted."))
        return redirect("insight:surveys", slug=cluster.slug)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(survey.get_absolute_url())


# --- pages --------------------------------------------------------------------------------------


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    form = SectionForm(request.POST)
    try:
        if form.is_valid():
            services.section_add(actor=acting(request.user), survey=survey, **form.cleaned_data)
            messages.success(request, _("The page was added."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(survey.get_absolute_url())


@login_required
def section_edit(request: HttpRequest, pk: int, section_id: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    section = get_object_or_404(Section, pk=section_id, survey=survey)
    form = SectionForm(
        request.POST or None,
        initial={n: getattr(section, n) for n in services.SECTION_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        services.section_update(actor=acting(request.user), section=section, **form.cleaned_data)
        messages.success(request, _("The page was saved."))
        return redirect(survey.get_absolute_url())
    return render(
        request,
        "insight/section_form.html",
        {"cluster": survey.cluster, "survey": survey, "section": section, "form": form},
    )


@login_required
@require_POST
def section_delete(request: HttpRequest, pk: int, section_id: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    section = get_object_or_404(Section, pk=section_id, survey=survey)
    try:
        services.section_delete(actor=acting(request.user), section=section)
        messages.success(request, _("The page was deleted."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(survey.get_absolute_url())


@login_required
@require_POST
def section_move(request: HttpRequest, pk: int, section_id: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    section = get_object_or_404(Section, pk=section_id, survey=survey)
    try:
        services.section_move(actor=acting(request.user), section=section, step=step_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(survey.get_absolute_url())


# --- questions ----------------------------------------------------------------------------------


def _question_form(
    request: HttpRequest, survey: Survey, question: Question | None = None
) -> tuple[QuestionForm, Structure]:
    structure = survey_structure(survey=survey)
    section = None
    if question is None:
        wanted = request.POST.get("section") or request.GET.get("section")
        section = next(
            (s for s in structure.sections if str(s.pk) == str(wanted)), structure.sections[-1]
        )
        initial: dict[str, Any] = {"section": section.pk}
    else:
        initial = question_initial(question)
    earlier = questions_before(structure=structure, question=question, section=section)
    form = QuestionForm(
        request.POST or None, sections=structure.sections, earlier=earlier, initial=initial
    )
    return form, structure


@login_required
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    form, structure = _question_form(request, survey)
    if request.method == "POST" and form.is_valid():
        section = next(s for s in structure.sections if s.pk == form.cleaned_data["section"])
        try:
            services.question_add(
                actor=acting(request.user), section=section, **form.service_values()
            )
            messages.success(request, _("The question was added."))
            return redirect(survey.get_absolute_url() + f"#page-{section.pk}")
        except DomainError as error:
            form.add_error(_form_field(error.field, form), error.message)
    return render(
        request,
        "insight/question_form.html",
        {"cluster": survey.cluster, "survey": survey, "form": form},
    )


@login_required
def question_edit(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    question = get_object_or_404(
        Question.objects.select_related("condition_question", "section"),
        pk=question_id,
        survey=survey,
    )
    form, structure = _question_form(request, survey, question)
    if request.method == "POST" and form.is_valid():
        section = next(s for s in structure.sections if s.pk == form.cleaned_data["section"])
        try:
            services.question_update(
                actor=acting(request.user),
                question=question,
                section=section,
                **form.service_values(),
            )
            messages.success(request, _("The question was saved."))
            return redirect(survey.get_absolute_url() + f"#page-{section.pk}")
        except DomainError as error:
            form.add_error(_form_field(error.field, form), error.message)
    return render(
        request,
        "insight/question_form.html",
        {"cluster": survey.cluster, "survey": survey, "form": form, "question": question},
    )


def _form_field(field: str | None, form: QuestionForm) -> str | None:
    if field == "condition_question":
        return "condition"
    return field if field in form.fields else None


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    try:
        services.question_delete(actor=acting(request.user), question=question)
        messages.success(request, _("The question was deleted."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(survey.get_absolute_url())


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_edit_survey)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    try:
        services.question_move(actor=acting(request.user), question=question, step=step_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(survey.get_absolute_url() + f"#page-{question.section_id}")


urlpatterns = [
    path("clusters/<slug:slug>/surveys/", survey_list, name="surveys"),
    path("clusters/<slug:slug>/surveys/new/", survey_new, name="survey_new"),
    path("surveys/<int:pk>/", survey_detail, name="survey"),
    path("surveys/<int:pk>/edit/", survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/copy/", survey_copy, name="survey_copy"),
    path("surveys/<int:pk>/delete/", survey_delete, name="survey_delete"),
    path("surveys/<int:pk>/pages/add/", section_add, name="section_add"),
    path("surveys/<int:pk>/pages/<int:section_id>/edit/", section_edit, name="section_edit"),
    path("surveys/<int:pk>/pages/<int:section_id>/delete/", section_delete, name="section_delete"),
    path("surveys/<int:pk>/pages/<int:section_id>/move/", section_move, name="section_move"),
    path("surveys/<int:pk>/questions/add/", question_add, name="question_add"),
    path("surveys/<int:pk>/questions/<int:question_id>/edit/", question_edit, name="question_edit"),
    path(
        "surveys/<int:pk>/questions/<int:question_id>/delete/",
        question_delete,
        name="question_delete",
    ),
    path("surveys/<int:pk>/questions/<int:question_id>/move/", question_move, name="question_move"),
]
