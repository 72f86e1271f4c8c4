"""One project: create, page, edit, status changes, lineage, main project, history."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.audit_visibility import visible_audit_entries
from klynge.core.errors import DomainError
from klynge.core.links import local_next, with_query
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from .. import services
from ..budget import project_budget
from ..charts import funding_mix_chart
from ..forms.projects import (
    MainProjectForm,
    NewProjectForm,
    PredecessorForm,
    ProjectForm,
    TransitionForm,
)
from ..models import Project
from ..permissions import (
    can_change_project_status,
    can_create_project,
    can_edit_project,
    can_view_portfolio,
    can_view_project_history,
)
from ..selectors.lineage import project_lineage
from ..selectors.projects import predecessor_choices, project_actions, project_history
from ..services.lineage import MAIN_PROJECT_FROM
from .common import add_error, cluster_or_404, project_or_404


@login_required
def project_create(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_create_project, request.user, cluster)
    # Another flow (applying to a call) may open this page with the kind and status to start
    # with and a `next` page to return to, which is then told the new project (`?project=`).
    initial = {name: request.GET[name] for name in ("kind", "status") if name in request.GET}
    next_url = local_next(request)
    form = NewProjectForm(request.POST or None, lead_cluster=cluster, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=acting(request.user), cluster=cluster, **form.service_kwargs()
            )
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("The project was created."))
            if next_url:
                return redirect(with_query(next_url, project=project.pk))
            return redirect(project.get_absolute_url())
    return render(
        request,
        "projects/project_form.html",
        {"cluster": cluster, "form": form, "heading": _("New project"), "cancel_url": None},
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    user = request.user
    can_edit = can_edit_project(user, project)
    budget = project_budget(project)
    lineage = project_lineage(project=project)
    can_grow = (
        can_edit
        and project.kind == Project.Kind.PRE_PROJECT
        and project.status in MAIN_PROJECT_FROM
        and not any(p.kind == Project.Kind.MAIN_PROJECT for p in lineage.descendants)
    )
    context = {
        "project": project,
        "cluster": project.lead_cluster,
        "can_edit": can_edit,
        "can_view_history": can_view_project_history(user, project),
        "can_see_portfolio": can_view_portfolio(user, project.lead_cluster),
        "actions": project_actions(user=user, project=project),
        "budget": budget,
        "chart": funding_mix_chart(
            budget, title=_("Funding mix of %(title)s") % {"title": project}
        ),
        "lineage": lineage,
        "can_grow": can_grow,
        "today": datetime.date.today(),
        "predecessor_form": PredecessorForm(
            initial={"predecessor": project.predecessor_id},
            choices=predecessor_choices(project=project),
        )
        if can_edit
        else None,
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    form = ProjectForm(
        request.POST or None,
        initial=ProjectForm.initial_for(project),
        lead_cluster=project.lead_cluster,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=acting(request.user), project=project, **form.service_kwargs()
            )
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect(project.get_absolute_url())
    return render(
        request,
        "projects/project_form.html",
        {
            "cluster": project.lead_cluster,
            "project": project,
            "form": form,
            "heading": _("Edit %(title)s") % {"title": project},
            "cancel_url": project.get_absolute_url(),
        },
    )


@login_required
@require_POST
def project_transition(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_change_project_status, request.user, project)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            change = services.project_transition(
                actor=acting(request.user),
                project=project,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            label = Project.Status(change.target).label
            messages.success(request, _("The project is now ‘%(status)s’.") % {"status": label})
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def project_predecessor(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    form = PredecessorForm(request.POST, choices=predecessor_choices(project=project))
    if form.is_valid():
        try:
            services.project_set_predecessor(
                actor=acting(request.user),
                project=project,
                predecessor=form.cleaned_data["predecessor"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The lineage was saved."))
    else:
        messages.error(request, _("Choose a project from the list."))
    return redirect(project.get_absolute_url() + "#lineage")


@login_required
def project_main_create(request: HttpRequest, pk: int) -> HttpResponse:
    pre_project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, pre_project)
    form = MainProjectForm(
        request.POST or None,
        initial={"title": _("%(title)s – main project") % {"title": pre_project.title}},
    )
    if request.method == "POST" and form.is_valid():
        try:
            main = services.project_create_main_project(
                actor=acting(request.user), pre_project=pre_project, **form.cleaned_data
            )
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The main project was created. Its partners were copied as candidates: confirm them."
                ),
            )
            return redirect(main.get_absolute_url())
    return render(
        request,
        "projects/main_project_form.html",
        {"project": pre_project, "cluster": pre_project.lead_cluster, "form": form},
    )


@login_required
def project_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_view_project_history, request.user, project)
    page = paginate(request, project_history(project=project), per_page=50)
    page.object_list = visible_audit_entries(request.user, page.object_list)
    return render(
        request,
        "projects/project_history.html",
        {"project": project, "cluster": project.lead_cluster, "page": page},
    )


urlpatterns = [
    path("clusters/<slug:slug>/projects/new/", project_create, name="create"),
    path("projects/<int:pk>/", project_detail, name="detail"),
    path("projects/<int:pk>/edit/", project_edit, name="edit"),
    path("projects/<int:pk>/status/", project_transition, name="transition"),
    path("projects/<int:pk>/lineage/", project_predecessor, name="predecessor"),
    path("projects/<int:pk>/main-project/", project_main_create, name="main_project"),
    path("projects/<int:pk>/history/", project_history_view, name="history"),
]
