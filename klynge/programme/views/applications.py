"""Application pages: list, start from a call, detail, edit, attachments, workflow steps, decision."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.display import choice_labels
from klynge.core.downloads import file_download
from klynge.core.errors import DomainError
from klynge.core.exports import QUERY_CHUNK_ROWS, csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require, require_any
from klynge.projects.budget import project_budget
from klynge.projects.models import Project
from klynge.projects.permissions import can_create_project, can_view_project

from ..forms.calls import (
    QUESTIONS,
    ApplicationEditForm,
    ApplicationNewForm,
    AttachmentForm,
    DecisionForm,
)
from ..models import Application, ApplicationAttachment
from ..permissions import (
    can_apply_for,
    can_edit_application,
    can_manage_application,
    can_oversee_programme,
    can_view_application,
    can_view_evaluators,
    can_view_review_summary,
)
from ..selectors import applications as selectors
from ..selectors.calls import call_eligibility, clusters_for_applicant, quota_use
from ..selectors.reviews import assignment_list_for_application, review_summary
from ..services import applications as services
from ..services.decisions import application_decide
from ..workflow import APPLICATION_WORKFLOW
from .calls import call_or_404
from .common import export_format, naive, transition_with_message

AP = Application.Status


def application_or_404(pk: int, user: Viewer) -> Application:
    """The application, or 404 for anyone who may not see it (no foreign rows, not even 403)."""
    try:
        application = selectors.application_get(pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404(_("No such application.")) from exc
    if not can_view_application(user, application):
        raise Http404(_("No such application."))
    return application


@login_required
def application_list(request: HttpRequest) -> HttpResponseBase:
    status = request.GET.get("status", "")
    status = status if status in {*AP.values, "open"} else ""
    search = request.GET.get("q", "").strip()[:100]
    applications = selectors.application_list_visible(
        user=request.user, status=status, search=search
    )
    fmt = export_format(request)
    if fmt:
        header = [
            _("Project"),
            _("Applicant cluster"),
            _("Call"),
            _("Status"),
            _("Requested (NOK)"),
            _("Granted (NOK)"),
            _("Submitted"),
            _("Reviews"),
        ]
        statuses = choice_labels(AP.choices)
        rows = (
            [
                a.project.title,
                a.cluster.name,
                a.call.title,
                statuses.get(a.status, a.status),
                a.amount_requested,
                a.granted_amount,
                naive(a.submitted_at),
                f"{a.reviews_done}/{a.reviewers}",
            ]
            for a in applications.iterator(chunk_size=QUERY_CHUNK_ROWS)
        )
        if fmt == "csv":
            return csv_response("klynge-applications", header, rows)
        return xlsx_response("klynge-applications", header, rows, title=_("Applications"))
    context = {
        "page": paginate(request, applications),
        "status": status,
        "q": search,
        "statuses": [("open", _("Open")), *AP.choices],
        "is_officer": can_oversee_programme(request.user),
    }
    return render(request, "programme/application_list.html", context)


def _new_project_links(request: HttpRequest, call: Any, clusters: list[Cluster]) -> list[Any]:
    """Per applicant cluster the user may create projects in: a link that creates one of the kind
    the call asks for and comes back here with it chosen."""
    kind = call.kind if call.kind in Project.Kind.values else ""
    query = urlencode(
        {"status": Project.Status.PLANNED, "next": request.path, **({"kind": kind} if kind else {})}
    )
    return [
        (cluster, reverse("projects:create", args=[cluster.slug]) + "?" + query)
        for cluster in clusters
        if can_create_project(request.user, cluster)
    ]


@login_required
def application_new(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = call_or_404(call_pk, request.user)
    ids = clusters_for_applicant(user=request.user)
    clusters = require_any(
        can_apply_for, request.user, Cluster.objects.filter(pk__in=ids).order_by("name")
    )
    projects = selectors.projects_for_call(call=call, cluster_ids=[c.pk for c in clusters])
    initial = {}
    chosen = projects.filter(pk=request.GET.get("project") or 0).first() if request.GET else None
    if chosen is not None:  # back from creating the project for this call
        initial = {"project": chosen.pk, "cluster": str(chosen.lead_cluster_id)}
    form = ApplicationNewForm(
        request.POST or None, clusters=clusters, projects=projects, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                actor=acting(request.user), call=call, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The application was started. Answer the questions, add "
                    "attachments and submit before the deadline."
                ),
            )
            return redirect(application.get_absolute_url())
    context = {
        "form": form,
        "title": _("Apply: %(call)s") % {"call": call.title},
        "back_url": call.get_absolute_url(),
        "back_label": call.title,
        "intro": ""
        if projects.exists()
        else _("None of your clusters has a fitting project yet: create it first."),
        "new_project_links": _new_project_links(request, call, clusters),
    }
    return render(request, "programme/form_page.html", context)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk, request.user)
    user = request.user
    officer_view = can_manage_application(user, application)
    show_evaluators = can_view_evaluators(user, application)
    assignments = (
        list(assignment_list_for_application(application=application)) if show_evaluators else []
    )
    summary = None
    if can_view_review_summary(user, application):
        summary = review_summary(application=application, assignments=assignments or None)
    actions = [
        (t, APPLICATION_WORKFLOW.blocked_reason(t, application))
        for t in APPLICATION_WORKFLOW.available(user, application)
        if t.action not in ("approve", "reject")
    ]
    context = {
        "application": application,
        "budget": project_budget(application.project),
        "answers": [(label, application.answers.get(key, "")) for key, label in QUESTIONS],
        "actions": actions,
        "can_edit": can_edit_application(user, application),
        "can_open_project": can_view_project(user, application.project),
        "officer_view": officer_view,
        "show_evaluators": show_evaluators,
        "can_assign": officer_view and application.status in (AP.SUBMITTED, AP.IN_REVIEW),
        "can_decide": officer_view
        and application.status in (AP.SKETCH_SUBMITTED, AP.SUBMITTED, AP.IN_REVIEW),
        "assignments": assignments,
        "summary": summary,
        "eligibility": call_eligibility(call=application.call, cluster=application.cluster_id),
        "quota": quota_use(call=application.call, cluster=application.cluster_id),
        "show_decision": application.is_decided,
    }
    return render(request, "programme/application_detail.html", context)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk, request.user)
    require(can_edit_application, request.user, application)
    form = ApplicationEditForm.for_application(application, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                actor=acting(request.user), application=application, **form.service_fields()
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The application was saved."))
            return redirect(application.get_absolute_url())
    context = {
        "form": form,
        "title": _("Edit the application"),
        "back_url": application.get_absolute_url(),
        "back_label": str(application),
    }
    return render(request, "programme/form_page.html", context)


@login_required
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk, request.user)
    require(can_edit_application, request.user, application)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                actor=acting(request.user), application=application, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The attachment was added."))
            return redirect(application.get_absolute_url())
    context = {
        "form": form,
        "title": _("Add an attachment"),
        "upload": True,
        "back_url": application.get_absolute_url(),
        "back_label": str(application),
    }
    return render(request, "programme/form_page.html", context)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    application = application_or_404(pk, request.user)
    attachment = get_object_or_404(ApplicationAttachment, pk=attachment_pk, application=application)
    return file_download(attachment.file)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    application = application_or_404(pk, request.user)
    require(can_edit_application, request.user, application)
    attachment = get_object_or_404(ApplicationAttachment, pk=attachment_pk, application=application)
    try:
        services.attachment_remove(actor=acting(request.user), attachment=attachment)
        messages.success(request, _("The attachment was removed."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(application.get_absolute_url())


@login_required
@require_POST
def application_do(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = application_or_404(pk, request.user)

    def change() -> Any:
        if action in ("submit", "submit_sketch"):
            return services.application_submit(actor=acting(request.user), application=application)
        if action == "withdraw":
            return services.application_withdraw(
                actor=acting(request.user),
                application=application,
                reason=request.POST.get("reason", ""),
            )
        return services.application_transition(
            actor=acting(request.user), application=application, action=action
        )

    transition_with_message(
        request, change, _("The application is now ‘%(status)s’."), APPLICATION_WORKFLOW
    )
    return redirect(application.get_absolute_url())


@login_required
def application_decision(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk, request.user)
    require(can_manage_application, request.user, application)
    form = DecisionForm(
        request.POST or None, initial={"granted_amount": application.amount_requested}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application_decide(
                actor=acting(request.user),
                application=application,
                approve=data["decision"] == "approve",
                granted_amount=data["granted_amount"],
                conditions=data["conditions"],
                reasons=data["reasons"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The decision was recorded and the applicant notified."))
            return redirect(application.get_absolute_url())
    summary = review_summary(application=application)
    context = {"form": form, "application": application, "summary": summary}
    return render(request, "programme/application_decision.html", context)


urlpatterns: list[URLPattern] = [
    path("applications/", application_list, name="applications"),
    path("calls/<int:call_pk>/apply/", application_new, name="application_new"),
    path("applications/<int:pk>/", application_detail, name="application"),
    path("applications/<int:pk>/edit/", application_edit, name="application_edit"),
    path("applications/<int:pk>/attachments/new/", attachment_add, name="attachment_add"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        attachment_download,
        name="attachment",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/remove/",
        attachment_remove,
        name="attachment_remove",
    ),
    path("applications/<int:pk>/decision/", application_decision, name="application_decision"),
    path("applications/<int:pk>/do/<slug:action>/", application_do, name="application_do"),
]
