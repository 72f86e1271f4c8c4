"""Spreadsheet import of members: upload -> preview (nothing written) -> confirm (all or nothing)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.clusters import selectors as cluster_selectors
from klynge.clusters.models import Cluster, Topic
from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require
from klynge.core.spreadsheets import check_size, max_bytes, max_rows
from klynge.members.imports import storage
from klynge.members.imports.columns import COLUMNS
from klynge.members.imports.report import ImportReport
from klynge.members.imports.template_files import template_csv, template_xlsx
from klynge.members.models import Membership, Organisation
from klynge.members.permissions import can_manage_members
from klynge.members.services.imports import member_import_apply, member_import_preview

ROW_FILTERS = {
    "all": gettext_lazy("All rows"),
    "errors": gettext_lazy("Rows with errors"),
    "create": gettext_lazy("New organisations"),
    "update": gettext_lazy("Changed organisations"),
    "membership": gettext_lazy("New memberships"),
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy("One row per organisation, with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except DomainError as error:
            raise forms.ValidationError(error.message) from error
        return upload


def _cluster(request: HttpRequest, slug: str) -> Cluster:
    try:
        cluster = cluster_selectors.cluster_get(slug=slug)
    except Cluster.DoesNotExist as exc:
        raise Http404(_("No such cluster.")) from exc
    require(can_manage_members, request.user, cluster)
    return cluster


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            member_import_preview(cluster=cluster, content=content, filename=upload.name)
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            token = storage.save_upload(
                request.session, cluster_id=cluster.pk, filename=upload.name, content=content
            )
            return redirect("members:import_preview", slug=cluster.slug, token=token)
    context = {
        "cluster": cluster,
        "form": form,
        "columns": COLUMNS,
        "kinds": Organisation.Kind.choices,
        "categories": Membership.Category.choices,
        "topics": Topic.objects.order_by("name_en"),
        "max_bytes": max_bytes(),
        "max_rows": max_rows(),
    }
    return render(request, "members/import.html", context)


@login_required
def import_template(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    _cluster(request, slug)
    if fmt == "xlsx":
        return template_xlsx()
    if fmt == "csv":
        return template_csv()
    raise Http404(_("No such template."))


def _stored(request: HttpRequest, cluster: Cluster, token: str) -> tuple[str, bytes] | None:
    stored = storage.load_upload(request.session, token, cluster_id=cluster.pk)
    if stored is None:
        messages.error(request, _("That upload has expired or does not exist. Upload it again."))
    return stored


@login_required
def import_preview(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    stored = _stored(request, cluster, token)
    if stored is None:
        return redirect("members:import", slug=cluster.slug)
    filename, content = stored
    try:
        report = member_import_preview(cluster=cluster, content=content, filename=filename)
    except DomainError as error:
        storage.delete_upload(request.session, token)
        messages.error(request, error.message)
        return redirect("members:import", slug=cluster.slug)
    show = request.GET.get("show", "all")
    show = show if show in ROW_FILTERS else "all"
    page = paginate(request, _filter_rows(report, show))
    context = {
        "cluster": cluster,
        "report": report,
        "counts": report.counts,
        "page": page,
        "show": show,
        "filters": ROW_FILTERS,
        "token": token,
        "errors_shown": report.errors[:500],
    }
    return render(request, "members/import_preview.html", context)


def _filter_rows(report: ImportReport, show: str) -> list:
    if show == "errors":
        return [row for row in report.rows if row.has_errors]
    if show in {"create", "update"}:
        return [r for r in report.rows if r.organisation_action == show and not r.has_errors]
    if show == "membership":
        return [r for r in report.rows if r.membership_action == "create" and not r.has_errors]
    return report.rows


@login_required
@require_POST
def import_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    stored = _stored(request, cluster, token)
    if stored is None:
        return redirect("members:import", slug=cluster.slug)
    filename, content = stored
    started = timezone.localtime().replace(microsecond=0)
    try:
        report = member_import_apply(
            actor=acting(request.user), cluster=cluster, content=content, filename=filename
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("members:import_preview", slug=cluster.slug, token=token)
    storage.delete_upload(request.session, token)
    counts = report.counts
    messages.success(
        request,
        _(
            "Imported %(file)s: %(created)s organisations created, %(updated)s updated, "
            "%(memberships)s memberships started, %(already)s already members."
        )
        % {
            "file": filename,
            "created": counts["organisations_created"],
            "updated": counts["organisations_updated"],
            "memberships": counts["memberships_created"],
            "already": counts["already_members"],
        },
    )
    # Land on what the import wrote: the directory of the organisations it created or changed.
    query = urlencode({"status": "all", "changed": started.isoformat(), "sort": "-joined"})
    return redirect(reverse("members:directory", args=[cluster.slug]) + "?" + query)


@login_required
@require_POST
def import_cancel(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    storage.delete_upload(request.session, token)
    messages.success(request, _("The upload was discarded; nothing was imported."))
    return redirect("members:import", slug=cluster.slug)


urlpatterns: list[URLPattern] = [
    path("clusters/<slug:slug>/members/import/", import_upload, name="import"),
    path(
        "clusters/<slug:slug>/members/import/template.<str:fmt>",
        import_template,
        name="import_template",
    ),
    path("clusters/<slug:slug>/members/import/<str:token>/", import_preview, name="import_preview"),
    path(
        "clusters/<slug:slug>/members/import/<str:token>/confirm/",
        import_confirm,
        name="import_confirm",
    ),
    path(
        "clusters/<slug:slug>/members/import/<str:token>/cancel/",
        import_cancel,
        name="import_cancel",
    ),
]
