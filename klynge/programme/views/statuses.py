"""Levels, a cluster's programme page, its status history and its certification labels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.downloads import file_download
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require

from ..forms.statuses import ClusterStatusForm, LabelForm
from ..models import CertificationLabel, ClusterStatus
from ..permissions import (
    can_manage_programme_status,
    can_view_label_evidence,
    can_view_levels,
)
from ..selectors import statuses as selectors
from ..services import statuses as services
from .common import cluster_or_404


@login_required
def level_list(request: HttpRequest) -> HttpResponse:
    require(can_view_levels, request.user)
    levels = list(selectors.level_list())
    counts: dict[int, int] = {}
    for status in selectors.status_map(_all_cluster_ids()).values():
        counts[status.level_id] = counts.get(status.level_id, 0) + 1
    rows = [(level, counts.get(level.pk, 0)) for level in levels]
    return render(request, "programme/level_list.html", {"rows": rows})


def _all_cluster_ids() -> list[int]:
    from klynge.clusters.models import Cluster

    return list(Cluster.objects.values_list("pk", flat=True))


@login_required
def status_add(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_programme_status, request.user, cluster)
    form = ClusterStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_status_add(
                actor=acting(request.user), cluster=cluster, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The level was recorded."))
            return redirect("programme:cluster", slug=cluster.slug)
    context = {"cluster": cluster, "form": form, "title": _("Record a level")}
    return render(request, "programme/form_page.html", context)


@login_required
def status_edit(request: HttpRequest, pk: int) -> HttpResponse:
    status = get_object_or_404(ClusterStatus.objects.select_related("cluster", "level"), pk=pk)
    require(can_manage_programme_status, request.user, status.cluster)
    form = ClusterStatusForm.for_status(status, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_status_update(
                actor=acting(request.user), status=status, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The level was saved."))
            return redirect("programme:cluster", slug=status.cluster.slug)
    context = {"cluster": status.cluster, "form": form, "title": _("Change a level")}
    return render(request, "programme/form_page.html", context)


@login_required
@require_POST
def status_remove(request: HttpRequest, pk: int) -> HttpResponse:
    status = get_object_or_404(ClusterStatus.objects.select_related("cluster", "level"), pk=pk)
    require(can_manage_programme_status, request.user, status.cluster)
    services.cluster_status_remove(actor=acting(request.user), status=status)
    messages.success(request, _("The level was removed from the history."))
    return redirect("programme:cluster", slug=status.cluster.slug)


@login_required
def label_add(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_programme_status, request.user, cluster)
    form = LabelForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.label_award(actor=acting(request.user), cluster=cluster, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The label was recorded."))
            return redirect("programme:cluster", slug=cluster.slug)
    context = {"cluster": cluster, "form": form, "title": _("Record a label"), "upload": True}
    return render(request, "programme/form_page.html", context)


@login_required
def label_edit(request: HttpRequest, pk: int) -> HttpResponse:
    label = get_object_or_404(CertificationLabel.objects.select_related("cluster"), pk=pk)
    require(can_manage_programme_status, request.user, label.cluster)
    form = LabelForm.for_label(label, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = data.pop("evidence", None)
        try:
            services.label_update(
                actor=acting(request.user), label=label, evidence=evidence, **data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The label was saved."))
            return redirect("programme:cluster", slug=label.cluster.slug)
    context = {"cluster": label.cluster, "form": form, "title": _("Change a label"), "upload": True}
    return render(request, "programme/form_page.html", context)


@login_required
@require_POST
def label_remove(request: HttpRequest, pk: int) -> HttpResponse:
    label = get_object_or_404(CertificationLabel.objects.select_related("cluster"), pk=pk)
    require(can_manage_programme_status, request.user, label.cluster)
    services.label_remove(actor=acting(request.user), label=label)
    messages.success(request, _("The label was removed."))
    return redirect("programme:cluster", slug=label.cluster.slug)


@login_required
def label_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    label = get_object_or_404(CertificationLabel, pk=pk)
    require(can_view_label_evidence, request.user, label)
    return file_download(label.evidence)


urlpatterns: list[URLPattern] = [
    path("levels/", level_list, name="levels"),
    path("clusters/<slug:slug>/levels/new/", status_add, name="status_add"),
    path("levels/history/<int:pk>/edit/", status_edit, name="status_edit"),
    path("levels/history/<int:pk>/remove/", status_remove, name="status_remove"),
    path("clusters/<slug:slug>/labels/new/", label_add, name="label_add"),
    path("labels/<int:pk>/edit/", label_edit, name="label_edit"),
    path("labels/<int:pk>/remove/", label_remove, name="label_remove"),
    path("labels/<int:pk>/evidence/", label_evidence, name="label_evidence"),
]
