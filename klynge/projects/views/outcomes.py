"""Milestones and outcomes of a project: add, edit, remove.

Model forms write the posted values onto their instance while validating, so the services get a
fresh copy from the database to compare against (and to audit what really changed).
"""

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
from klynge.members.models import Organisation

from .. import services
from ..forms.parts import MilestoneForm, OutcomeForm
from ..models import Milestone, Outcome, Project
from ..permissions import can_edit_project
from .common import add_error, project_or_404


def _partner_organisations(project: Project) -> Any:
    return Organisation.objects.filter(project_partnerships__project=project).order_by("name")


def _edit_page(request: HttpRequest, project: Project, form: Any, heading: str) -> HttpResponse:
    return render(
        request,
        "projects/part_form.html",
        {"project": project, "cluster": project.lead_cluster, "form": form, "heading": heading},
    )


@login_required
def milestone_edit(request: HttpRequest, pk: int, milestone_id: int | None = None) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    milestone = (
        get_object_or_404(
            Milestone.objects.select_related("project"), pk=milestone_id, project=project
        )
        if milestone_id
        else None
    )
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if milestone is None:
                services.milestone_add(actor=acting(request.user), project=project, **data)
            else:
                fresh = Milestone.objects.select_related("project").get(pk=milestone.pk)
                services.milestone_update(actor=acting(request.user), milestone=fresh, **data)
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect(project.get_absolute_url() + "#milestones")
    heading = _("New milestone") if milestone is None else _("Edit milestone")
    return _edit_page(request, project, form, heading)


@login_required
@require_POST
def milestone_remove(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    milestone = get_object_or_404(
        Milestone.objects.select_related("project"), pk=milestone_id, project=project
    )
    services.milestone_remove(actor=acting(request.user), milestone=milestone)
    messages.success(request, _("The milestone was removed."))
    return redirect(project.get_absolute_url() + "#milestones")


@login_required
def outcome_edit(request: HttpRequest, pk: int, outcome_id: int | None = None) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    outcome = (
        get_object_or_404(Outcome.objects.select_related("project"), pk=outcome_id, project=project)
        if outcome_id
        else None
    )
    form = OutcomeForm(
        request.POST or None, instance=outcome, partners=_partner_organisations(project)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if outcome is None:
                services.outcome_record(actor=acting(request.user), project=project, **data)
            else:
                fresh = Outcome.objects.select_related("project").get(pk=outcome.pk)
                services.outcome_update(actor=acting(request.user), outcome=fresh, **data)
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("The outcome was saved."))
            return redirect(project.get_absolute_url() + "#outcomes")
    heading = _("Record an outcome") if outcome is None else _("Edit outcome")
    return _edit_page(request, project, form, heading)


@login_required
@require_POST
def outcome_remove(request: HttpRequest, pk: int, outcome_id: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    outcome = get_object_or_404(
        Outcome.objects.select_related("project"), pk=outcome_id, project=project
    )
    services.outcome_remove(actor=acting(request.user), outcome=outcome)
    messages.success(request, _("The outcome was removed."))
    return redirect(project.get_absolute_url() + "#outcomes")


urlpatterns = [
    path("projects/<int:pk>/milestones/add/", milestone_edit, name="milestone_add"),
    path("projects/<int:pk>/milestones/<int:milestone_id>/", milestone_edit, name="milestone_edit"),
    path(
        "projects/<int:pk>/milestones/<int:milestone_id>/remove/",
        milestone_remove,
        name="milestone_remove",
    ),
    path("projects/<int:pk>/outcomes/add/", outcome_edit, name="outcome_add"),
    path("projects/<int:pk>/outcomes/<int:outcome_id>/", outcome_edit, name="outcome_edit"),
    path(
        "projects/<int:pk>/outcomes/<int:outcome_id>/remove/", outcome_remove, name="outcome_remove"
    ),
]
