"""A person's notification settings and the delivery log (the cluster's own log is in `clusters`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from . import services
from .forms import DeliveryFilterForm, NotificationSettingsForm
from .permissions import can_edit_notification_settings, can_view_all_deliveries
from .selectors import delivery_list, kind_settings_for


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    require(can_edit_notification_settings, request.user)
    user = acting(request.user)
    email = user.email
    current = kind_settings_for(email)
    enabled = [setting.key for setting in current if setting.enabled and not setting.transactional]
    form = NotificationSettingsForm(request.POST or None, initial={"enabled": enabled})
    if request.method == "POST" and form.is_valid():
        services.preferences_set(actor=user, email=email, enabled=form.cleaned_data["enabled"])
        messages.success(request, _("Your mail settings were saved."))
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "always": [setting for setting in current if setting.transactional]},
    )


def log_page(
    request: HttpRequest, *, cluster_ids: Iterable[int] | None, extra: dict[str, Any]
) -> HttpResponse:
    """The delivery log page, filtered by kind, recipient and status (shared with `clusters`)."""
    form = DeliveryFilterForm(request.GET or None)
    rows = delivery_list(cluster_ids=cluster_ids, **form.filters())
    page = paginate(request, rows, per_page=50)
    return render(request, "notifications/deliveries.html", {"form": form, "page": page, **extra})


@login_required
def delivery_log(request: HttpRequest) -> HttpResponse:
    require(can_view_all_deliveries, request.user)
    return log_page(request, cluster_ids=None, extra={"title": _("Mail delivery log")})
