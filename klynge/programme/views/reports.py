"""Annual report pages: list, start, detail with the pre-filled figures, narrative, steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Field
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError
from klynge.core.exports import csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require, require_any

from ..forms.reports import CorrectionForm, ReportNewForm, ReportTextForm, ReviewCommentForm
from ..models import AnnualReport
from ..models.reports import NARRATIVE_FIELDS
from ..permissions import (
    can_create_report,
    can_edit_report,
    can_oversee_programme,
    can_start_reports,
    can_view_report,
)
from ..selectors.reports import figure_rows, report_list_visible, report_sections, report_table
from ..services import reports as services
from ..workflow import REPORT_WORKFLOW
from .common import export_format, transition_with_message

R = AnnualReport.Status


def report_or_404(pk: int, user: Viewer) -> AnnualReport:
    report = (
        AnnualReport.objects.select_related("cluster", "submitted_by", "reviewed_by")
        .prefetch_related("corrections")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view_report(user, report):
        raise Http404(_("No such report."))
    return report


@login_required
def report_list(request: HttpRequest) -> HttpResponseBase:
    status = request.GET.get("status", "")
    status = status if status in R.values else ""
    year = request.GET.get("year", "")
    reports = report_list_visible(
        user=request.user, status=status, year=int(year) if year.isdigit() else None
    )
    fmt = export_format(request)
    if fmt:
        header, rows = report_table(reports.prefetch_related("corrections"))
        if fmt == "csv":
            return csv_response("klynge-annual-reports", header, rows)
        return xlsx_response("klynge-annual-reports", header, rows, title=_("Annual reports"))
    can_start = can_start_reports(request.user)
    context = {
        "page": paginate(request, reports),
        "status": status,
        "year": year,
        "statuses": R.choices,
        "can_start": can_start,
        "is_officer": can_oversee_programme(request.user),
    }
    return render(request, "programme/report_list.html", context)


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("cluster", "")
    clusters = require_any(
        can_create_report, request.user, Cluster.objects.filter(is_active=True).order_by("name")
    )
    preselected = next((str(c.pk) for c in clusters if c.slug == wanted), None)
    form = ReportNewForm(request.POST or None, clusters=clusters, initial={"cluster": preselected})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(actor=acting(request.user), **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The report was started with the figures from Klynge."))
            return redirect(report.get_absolute_url())
    context = {
        "form": form,
        "title": _("Start an annual report"),
        "back_url": "/programme/reports/",
        "back_label": _("Annual reports"),
    }
    return render(request, "programme/form_page.html", context)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(pk, request.user)
    actions = [
        (t, REPORT_WORKFLOW.blocked_reason(t, report))
        for t in REPORT_WORKFLOW.available(request.user, report)
    ]
    context = {
        "report": report,
        "sections": report_sections(report),
        "programme": (report.figures or {}).get("programme") or {},
        "actions": actions,
        "can_edit": can_edit_report(request.user, report),
        "comment_form": ReviewCommentForm(),
    }
    return render(request, "programme/report_detail.html", context)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(pk, request.user)
    require(can_edit_report, request.user, report)
    form = ReportTextForm(
        request.POST or None,
        instance=AnnualReport(
            **{name: getattr(report, name) for name in ReportTextForm.Meta.fields}
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ReportTextForm.Meta.fields}
        try:
            services.report_update(actor=acting(request.user), report=report, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The report was saved."))
            return redirect(report.get_absolute_url())
    context = {
        "form": form,
        "title": _("Write the report"),
        "back_url": report.get_absolute_url(),
        "back_label": str(report),
    }
    return render(request, "programme/form_page.html", context)


@login_required
@require_POST
def report_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(pk, request.user)
    require(can_edit_report, request.user, report)
    services.report_refresh(actor=acting(request.user), report=report)
    messages.success(request, _("The figures were updated from Klynge's data."))
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_do(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = report_or_404(pk, request.user)
    transition_with_message(
        request,
        lambda: services.report_transition(
            actor=acting(request.user),
            report=report,
            action=action,
            comment=request.POST.get("comment", ""),
        ),
        _("The report is now ‘%(status)s’."),
        REPORT_WORKFLOW,
    )
    return redirect(report.get_absolute_url())


@login_required
def report_figure(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """The rows one figure was counted from; the cluster corrects the figure here."""
    report = report_or_404(pk, request.user)
    found = figure_rows(report, key)
    if found is None:
        raise Http404(_("No such figure in the report."))
    source, rows = found
    can_edit = can_edit_report(request.user, report)
    correction = next((c for c in report.corrections.all() if c.key == key), None)
    form = CorrectionForm(
        request.POST or None,
        initial={"value": correction.value, "reason": correction.reason} if correction else None,
    )
    if request.method == "POST":
        require(can_edit_report, request.user, report)
        try:
            if request.POST.get("remove"):
                services.correction_delete(actor=acting(request.user), report=report, key=key)
                messages.success(request, _("The correction was removed."))
                return redirect(request.path)
            if form.is_valid():
                services.correction_set(
                    actor=acting(request.user), report=report, key=key, **form.cleaned_data
                )
                messages.success(request, _("The correction was saved beside the computed value."))
                return redirect(report.get_absolute_url())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    page = paginate(request, rows)
    context = {
        "report": report,
        "source": source,
        "computed": (report.figures or {}).get("values", {}).get(key),
        "correction": correction,
        "items": [source.describe(row) for row in page.object_list],
        "page": page,
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "programme/report_figure.html", context)


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(pk, request.user)
    fields = [AnnualReport._meta.get_field(name) for name in NARRATIVE_FIELDS]
    narrative = [
        (field.verbose_name, getattr(report, field.name))
        for field in fields
        if isinstance(field, Field)  # all of them: the narrative is text fields, no relations
    ]
    context = {"report": report, "sections": report_sections(report), "narrative": narrative}
    if request.GET.get("format") == "html":
        return render(request, "programme/report_pdf.html", context)
    from weasyprint import HTML

    html = render_to_string("programme/report_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"annual-report-{slugify(report.cluster.name) or report.cluster_id}-{report.year}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


urlpatterns: list[URLPattern] = [
    path("reports/", report_list, name="reports"),
    path("reports/new/", report_new, name="report_new"),
    path("reports/<int:pk>/", report_detail, name="report"),
    path("reports/<int:pk>/edit/", report_edit, name="report_edit"),
    path("reports/<int:pk>/figures/<str:key>/", report_figure, name="report_figure"),
    path("reports/<int:pk>/pdf/", report_pdf, name="report_pdf"),
    path("reports/<int:pk>/refresh/", report_refresh, name="report_refresh"),
    path("reports/<int:pk>/do/<slug:action>/", report_do, name="report_do"),
]
