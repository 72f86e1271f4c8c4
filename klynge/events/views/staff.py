"""Organiser pages: create and edit events, change capacity, cancel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError
from klynge.core.form_fields import model_choice_field
from klynge.core.permissions import acting, require
from klynge.registrations.views import (
    CapacityTexts,
    cancel_page,
    capacity_changed,
    capacity_messages,
)

from .. import permissions as perms
from .. import selectors
from ..forms import EventForm
from ..models import Event
from ..services.events import event_cancel, event_create, event_update
from ..services.registrations import (
    event_set_capacity,
)
from .helpers import event_or_404


def _host_choices(user: Viewer) -> QuerySet[Cluster]:
    """The clusters `user` may host events for (can_create_event)."""
    active = Cluster.objects.filter(is_active=True)
    return active.filter(pk__in=[c.pk for c in active if perms.can_create_event(user, c)])


class EventCreateForm(EventForm):
    cluster = forms.ModelChoiceField(
        label=gettext_lazy("Host cluster"), queryset=Cluster.objects.none()
    )

    field_order = ["cluster"]


def _event_fields(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data.pop("cluster", None)
    return {
        "topics": data.pop("topics"),
        "co_hosts": data.pop("co_hosts"),
        "questions": data.pop("questions_text"),
        "capacity": data.pop("capacity"),
        **data,
    }


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    hosts = _host_choices(request.user)
    if not hosts.exists():
        require(perms.can_create_event, request.user, None)
    form = EventCreateForm(
        request.POST or None,
        initial={"cluster": hosts.filter(slug=request.GET.get("cluster")).first()},
    )
    model_choice_field(form, "cluster").queryset = hosts
    if request.method == "POST" and form.is_valid():
        cluster = form.cleaned_data["cluster"]
        require(perms.can_create_event, request.user, cluster)
        fields = _event_fields(form.cleaned_data)
        try:
            event = event_create(actor=acting(request.user), cluster=cluster, **fields)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The event was created."))
            return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require(perms.can_manage_event, request.user, event)
    locked = event.registrations.exists()
    # A copy: the form writes cleaned values onto its instance; the service compares with `event`.
    form = EventForm(
        request.POST or None, instance=Event.objects.get(pk=event.pk), questions_locked=locked
    )
    if request.method == "POST" and form.is_valid():
        fields = _event_fields(form.cleaned_data)
        if locked:
            fields.pop("questions")
        if event.status == Event.Status.CANCELLED:
            fields.pop("status", None)
        try:
            outcome = event_update(actor=acting(request.user), event=event, **fields)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The event was saved."))
            capacity_messages(request, outcome, CAPACITY_TEXTS)
            return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"form": form, "event": event})


CAPACITY_TEXTS = CapacityTexts(
    changed=gettext_lazy("The capacity was changed."),
    promoted=gettext_lazy(
        "%(n)s people moved from the waiting list to confirmed and were told by email."
    ),
    over=gettext_lazy(
        "The event is over capacity by %(n)s. Nobody was cancelled; the waiting list fills freed places."
    ),
)


@login_required
@require_POST
def event_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require(perms.can_manage_event, request.user, event)
    return capacity_changed(
        request,
        event,
        lambda value: event_set_capacity(
            actor=acting(request.user), event=event, capacity_value=value
        ),
        CAPACITY_TEXTS,
    )


@login_required
def event_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require(perms.can_cancel_event, request.user, event)
    return cancel_page(
        request,
        event,
        cancel=lambda: event_cancel(actor=acting(request.user), event=event),
        done=_("The event is cancelled; %(n)s participants were told by email."),
        template="events/event_cancel.html",
        context=lambda: {"event": event, "counts": selectors.event_counts(event=event)},
    )


urlpatterns = [
    path("events/new/", event_new, name="new"),
    path("events/<int:pk>/edit/", event_edit, name="edit"),
    path("events/<int:pk>/capacity/", event_capacity, name="capacity"),
    path("events/<int:pk>/cancel/", event_cancel_view, name="cancel"),
]
