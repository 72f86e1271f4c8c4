"""Call pages: list (public), detail with eligibility and quota, create, edit, publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from ..forms.calls import CallForm
from ..models import Call
from ..permissions import can_apply_for, can_manage_calls, can_view_call
from ..selectors import calls as selectors
from ..services import calls as services

STATES = [
    ("open", gettext_lazy("Open")),
    ("upcoming", gettext_lazy("Upcoming")),
    ("closed", gettext_lazy("Closed")),
]


def call_or_404(pk: int, user: Viewer) -> Call:
    try:
        call = selectors.call_get(pk=pk)
    except Call.DoesNotExist as exc:
        raise Http404(_("No such call.")) from exc
    if not can_view_call(user, call):
        raise Http404(_("No such call."))
    return call


def call_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    manage = can_manage_calls(request.user)
    allowed = {s for s, _label in STATES} | ({"draft"} if manage else set())
    state = state if state in allowed else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in Call.Kind.values else ""
    calls = selectors.call_list_visible(user=request.user, state=state, kind=kind)
    states = [*STATES, ("draft", _("Draft"))] if manage else STATES
    context = {
        "page": paginate(request, calls),
        "state": state,
        "kind": kind,
        "states": states,
        "kinds": Call.Kind.choices,
        "can_manage": manage,
    }
    return render(request, "programme/call_list.html", context)


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(pk, request.user)
    mine = []
    if request.user.is_authenticated:
        ids = selectors.clusters_for_applicant(user=request.user)
        clusters = Cluster.objects.filter(pk__in=ids).order_by("name")
        for cluster in clusters:
            if can_apply_for(request.user, cluster):
                mine.append(
                    (
                        cluster,
                        selectors.call_eligibility(call=call, cluster=cluster),
                        selectors.quota_use(call=call, cluster=cluster),
                    )
                )
    context = {"call": call, "mine": mine, "can_manage": can_manage_calls(request.user)}
    return render(request, "programme/call_detail.html", context)


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    require(can_manage_calls, request.user)
    form = CallForm(
        request.POST or None, initial={"quota_per_cluster": 2, "max_public_share": "0.5"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=acting(request.user), **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The call was saved as a draft. Publish it when ready."))
            return redirect(call.get_absolute_url())
    context = {
        "form": form,
        "title": _("New call"),
        "back_url": "/programme/calls/",
        "back_label": _("Calls"),
    }
    return render(request, "programme/form_page.html", context)


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(pk, request.user)
    require(can_manage_calls, request.user, call)
    form = CallForm.for_call(call, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(actor=acting(request.user), call=call, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The call was saved."))
            return redirect(call.get_absolute_url())
    context = {
        "form": form,
        "title": _("Change the call"),
        "back_url": call.get_absolute_url(),
        "back_label": call.title,
    }
    return render(request, "programme/form_page.html", context)


@login_required
@require_POST
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(pk, request.user)
    require(can_manage_calls, request.user, call)
    publish = request.POST.get("publish") == "1"
    try:
        services.call_publish(actor=acting(request.user), call=call, publish=publish)
        messages.success(
            request, _("The call is published.") if publish else _("The call is a draft again.")
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(call.get_absolute_url())


urlpatterns: list[URLPattern] = [
    path("calls/", call_list, name="calls"),
    path("calls/new/", call_new, name="call_new"),
    path("calls/<int:pk>/", call_detail, name="call"),
    path("calls/<int:pk>/edit/", call_edit, name="call_edit"),
    path("calls/<int:pk>/publish/", call_publish, name="call_publish"),
]
