"""Officer views of a call: its applications with quota use per cluster, and the decision pack PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import slugify

from klynge.clusters.models import Cluster
from klynge.core.pagination import paginate
from klynge.core.permissions import require

from ..permissions import can_manage_calls, can_view_decision_pack
from ..selectors.applications import application_list_visible
from ..selectors.calls import quota_use_map
from ..selectors.decision_pack import decision_pack
from .calls import call_or_404


@login_required
def call_applications(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(pk, request.user)
    require(can_manage_calls, request.user, call)
    applications = application_list_visible(user=request.user, call=call)
    cluster_ids = set(applications.values_list("cluster_id", flat=True))
    quota = quota_use_map(call=call, cluster_ids=cluster_ids)
    clusters = Cluster.objects.filter(pk__in=cluster_ids).order_by("name")
    context = {
        "call": call,
        "page": paginate(request, applications),
        "quota_rows": [(c, quota[c.pk]) for c in clusters],
    }
    return render(request, "programme/call_applications.html", context)


@login_required
def decision_pack_view(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(pk, request.user)
    require(can_view_decision_pack, request.user, call)
    context = {"call": call, "entries": decision_pack(call=call), "generated": timezone.now()}
    if request.GET.get("format") == "html":
        return render(request, "programme/decision_pack.html", context)
    from weasyprint import HTML

    html = render_to_string("programme/decision_pack.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(call.title) or f"call-{call.pk}"
    response["Content-Disposition"] = f'attachment; filename="decision-pack-{name}.pdf"'
    return response


urlpatterns: list[URLPattern] = [
    path("calls/<int:pk>/applications/", call_applications, name="call_applications"),
    path("calls/<int:pk>/decision-pack/", decision_pack_view, name="decision_pack"),
]
