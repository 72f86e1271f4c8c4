"""Partners, budget and funding sources of a project (the team of the lead cluster edits them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require

from .. import services
from ..budget import project_budget
from ..forms.parts import BudgetForm, FundingSourceForm, PartnerAddForm, PartnerForm
from ..models import FundingSource, ProjectPartner
from ..permissions import can_edit_project
from ..selectors.projects import partner_choices, people_of
from .common import add_error, project_or_404


@login_required
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    search = request.GET.get("q", "")
    form = PartnerAddForm(
        request.POST or None, shown=partner_choices(project=project, search=search)
    )
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_add(
                actor=acting(request.user), project=project, **form.cleaned_data
            )
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(
                request, _("%(organisation)s was added.") % {"organisation": partner.organisation}
            )
            if "another" in request.POST:
                return redirect("projects:partner_add", pk=project.pk)
            return redirect(project.get_absolute_url() + "#partners")
    return render(
        request,
        "projects/partner_add.html",
        {"project": project, "cluster": project.lead_cluster, "form": form, "search": search},
    )


@login_required
def partner_edit(request: HttpRequest, pk: int, partner_id: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    partner = get_object_or_404(
        ProjectPartner.objects.select_related("organisation", "project"),
        pk=partner_id,
        project=project,
    )
    form = PartnerForm(
        request.POST or None, instance=partner, people=people_of(partner.organisation)
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        partner = ProjectPartner.objects.select_related("organisation", "project").get(
            pk=partner.pk
        )
        try:
            services.partner_update(actor=acting(request.user), partner=partner, **fields)
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("The partner was saved."))
            return redirect(project.get_absolute_url() + "#partners")
    return render(
        request,
        "projects/partner_edit.html",
        {"project": project, "cluster": project.lead_cluster, "form": form, "partner": partner},
    )


@login_required
@require_POST
def partner_remove(request: HttpRequest, pk: int, partner_id: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    partner = get_object_or_404(
        ProjectPartner.objects.select_related("organisation", "project"),
        pk=partner_id,
        project=project,
    )
    services.partner_remove(actor=acting(request.user), partner=partner)
    messages.success(
        request, _("%(organisation)s was removed.") % {"organisation": partner.organisation}
    )
    return redirect(project.get_absolute_url() + "#partners")


@login_required
@require_POST
def partner_confirm(request: HttpRequest, pk: int, partner_id: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    partner = get_object_or_404(
        ProjectPartner.objects.select_related("organisation", "project"),
        pk=partner_id,
        project=project,
    )
    services.partner_update(
        actor=acting(request.user), partner=partner, status=ProjectPartner.Status.CONFIRMED
    )
    messages.success(
        request, _("%(organisation)s is confirmed.") % {"organisation": partner.organisation}
    )
    return redirect(project.get_absolute_url() + "#partners")


@login_required
def budget_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    initial = {
        "total_eligible_cost": project.total_eligible_cost,
        "private_cash": project.private_cash,
        "in_kind": project.in_kind,
    }
    is_budget = request.method == "POST" and "save_budget" in request.POST
    is_source = request.method == "POST" and "add_source" in request.POST
    form = BudgetForm(request.POST if is_budget else None, initial=initial)
    source_form = FundingSourceForm(request.POST if is_source else None, prefix="source")
    if is_budget and form.is_valid():
        try:
            services.project_budget_update(
                actor=acting(request.user), project=project, **form.cleaned_data
            )
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect("projects:budget", pk=project.pk)
    if is_source and source_form.is_valid():
        try:
            services.funding_source_add(
                actor=acting(request.user), project=project, **source_form.cleaned_data
            )
        except DomainError as error:
            add_error(source_form, error)
        else:
            messages.success(request, _("The funding source was added."))
            return redirect("projects:budget", pk=project.pk)
    return render(
        request,
        "projects/budget_edit.html",
        {
            "project": project,
            "cluster": project.lead_cluster,
            "form": form,
            "source_form": source_form,
            "budget": project_budget(project),
        },
    )


@login_required
@require_POST
def funding_source_remove(request: HttpRequest, pk: int, source_id: int) -> HttpResponse:
    project = project_or_404(pk, request.user)
    require(can_edit_project, request.user, project)
    source = get_object_or_404(
        FundingSource.objects.select_related("project"), pk=source_id, project=project
    )
    services.funding_source_remove(actor=acting(request.user), source=source)
    messages.success(request, _("The funding source was removed."))
    return redirect("projects:budget", pk=project.pk)


urlpatterns = [
    path("projects/<int:pk>/partners/add/", partner_add, name="partner_add"),
    path("projects/<int:pk>/partners/<int:partner_id>/", partner_edit, name="partner_edit"),
    path(
        "projects/<int:pk>/partners/<int:partner_id>/remove/", partner_remove, name="partner_remove"
    ),
    path(
        "projects/<int:pk>/partners/<int:partner_id>/confirm/",
        partner_confirm,
        name="partner_confirm",
    ),
    path("projects/<int:pk>/budget/", budget_edit, name="budget"),
    path(
        "projects/<int:pk>/budget/sources/<int:source_id>/remove/",
        funding_source_remove,
        name="source_remove",
    ),
]
