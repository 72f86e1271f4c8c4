"""The cluster organisation's income by source and year (the basis of the private-funding share)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require

from ..forms.finance import ClusterFinanceForm
from ..models.finance import SOURCES, ClusterFinance
from ..permissions import can_edit_cluster_finance, can_view_cluster_finance
from ..selectors.finance import cluster_finance_list
from ..services.finance import cluster_finance_set
from .common import cluster_or_404


@login_required
def cluster_finance(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_view_cluster_finance, request.user, cluster)
    can_edit = can_edit_cluster_finance(request.user, cluster)
    form = ClusterFinanceForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        require(can_edit_cluster_finance, request.user, cluster)
        assert form is not None
        if form.is_valid():
            data = form.cleaned_data
            try:
                cluster_finance_set(
                    actor=acting(request.user),
                    cluster=cluster,
                    year=data["year"],
                    amounts={name: data[name] for name in SOURCES},
                    note=data.get("note", ""),
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The year’s income is saved."))
                return redirect("programme:cluster_finance", slug=cluster.slug)
    verbose = {field.name: field.verbose_name for field in ClusterFinance._meta.fields}
    labels = [verbose[name] for name in SOURCES]
    context = {
        "cluster": cluster,
        "years": list(cluster_finance_list(cluster=cluster)),
        "labels": labels,
        "sources": SOURCES,
        "form": form,
    }
    return render(request, "programme/cluster_finance.html", context)


urlpatterns: list[URLPattern] = [
    path("clusters/<slug:slug>/finance/", cluster_finance, name="cluster_finance"),
]
