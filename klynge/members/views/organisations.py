"""The organisation page and its editing; ending and correcting memberships."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.core.errors import DomainError
from klynge.core.extensions import visible_sections
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from ..forms.organisations import (
    MembershipEditForm,
    MembershipEndForm,
    OrganisationForm,
    add_domain_error,
)
from ..models import Membership, Organisation
from ..permissions import (
    can_edit_organisation,
    can_export_members,
    can_manage_members,
    can_manage_membership,
    can_view_organisation,
)
from ..selectors.organisations import (
    memberships_visible,
    organisation_audit_cluster_id,
    organisation_get,
    organisation_memberships,
    person_list_for_organisation,
)
from ..services.memberships import membership_end, membership_update
from ..services.organisations import organisation_update


@dataclass(frozen=True)
class Placeholder:
    """A tab shown as an empty state while the app that fills it is not installed."""

    key: str
    app: str
    label: str | Promise
    empty_text: str | Promise


# Apps fill the organisation page's tabs through the "organisation_tabs" slot of
# `klynge.core.extensions`; these stand in for the ones that are not installed.
PLACEHOLDER_TABS = [
    Placeholder(
        "events",
        "klynge.events",
        gettext_lazy("Events"),
        gettext_lazy("Events and registrations appear when the meeting places module is in use."),
    ),
    Placeholder(
        "projects",
        "klynge.projects",
        gettext_lazy("Projects"),
        gettext_lazy("Project participation appears when the projects module is in use."),
    ),
    Placeholder(
        "courses",
        "klynge.learning",
        gettext_lazy("Courses"),
        gettext_lazy("Course enrolments appear when the learning module is in use."),
    ),
]
OVERVIEW = {"key": "overview", "label": gettext_lazy("Overview")}


def module_in_use(app: str) -> bool:
    return django_apps.is_installed(app)


def organisation_tabs(request: HttpRequest, organisation: Organisation) -> tuple[list, dict]:
    """All tabs (overview, registered, placeholders) and the selected one, rendered if registered.

    Only the selected tab's context is computed (each costs its app's queries)."""
    registered = visible_sections("organisation_tabs", request.user, organisation)
    placeholders = [
        {"key": p.key, "label": p.label, "empty_text": p.empty_text}
        for p in PLACEHOLDER_TABS
        if not module_in_use(p.app)
    ]
    tabs = [OVERVIEW, *({"key": s.key, "label": s.label} for s in registered), *placeholders]
    wanted = request.GET.get("tab")
    selected = dict(next((t for t in tabs if t["key"] == wanted), OVERVIEW))
    section = next((s for s in registered if s.key == selected["key"]), None)
    if section is not None:
        context = section.context(request.user, organisation)
        selected["html"] = render_to_string(section.template, context, request=request)
    return tabs, selected


def _organisation_or_404(organisation_id: int) -> Organisation:
    try:
        return organisation_get(pk=organisation_id)
    except Organisation.DoesNotExist as exc:
        raise Http404(_("No such organisation.")) from exc


@login_required
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user = request.user
    organisation = _organisation_or_404(organisation_id)
    every_membership = organisation_memberships(organisation=organisation)
    require(can_view_organisation, user, organisation)
    tabs, tab = organisation_tabs(request, organisation)
    memberships = memberships_visible(every_membership, organisation=organisation, user=user)
    manageable = {m.pk for m in memberships if can_manage_membership(user, m)}
    fee_shown = {m.pk for m in memberships if can_export_members(user, m.cluster)}
    active_clusters = {m.cluster_id for m in memberships if m.is_active}
    rejoin = {
        m.cluster_id: m.cluster
        for m in memberships
        if m.cluster_id not in active_clusters and can_manage_members(user, m.cluster)
    }
    context = {
        "organisation": organisation,
        "tabs": tabs,
        "tab": tab,
        "memberships": memberships,
        "manageable": manageable,
        "fee_shown": fee_shown,
        "rejoin_clusters": list(rejoin.values()),
        "people": paginate(
            request, person_list_for_organisation(organisation=organisation, user=user)
        ),
        "can_edit": can_edit_organisation(user, organisation),
        "show_notes": bool(fee_shown),
    }
    return render(request, "members/organisation_detail.html", context)


@login_required
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation_or_404(organisation_id)
    require(can_edit_organisation, request.user, organisation)
    form = OrganisationForm(
        request.POST or None, initial=OrganisationForm.initial_for(organisation)
    )
    if request.method == "POST" and form.is_valid():
        fields, topics = form.organisation_fields()
        try:
            organisation_update(
                actor=acting(request.user),
                organisation=organisation,
                cluster=organisation_audit_cluster_id(user=request.user, organisation=organisation),
                topics=topics,
                **fields,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect(organisation.get_absolute_url())
    context = {"organisation": organisation, "form": form}
    return render(request, "members/organisation_form.html", context)


def _membership_or_404(membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("cluster", "organisation"), pk=membership_id
    )


def _membership_form_page(
    request: HttpRequest, membership: Membership, form: Any, title: str, submit: str, **extra: Any
) -> HttpResponse:
    context = {
        "organisation": membership.organisation,
        "cluster": membership.cluster,
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": membership.organisation.get_absolute_url(),
        **extra,
    }
    return render(request, "members/membership_form.html", context)


@login_required
def membership_end_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(membership_id)
    require(can_manage_membership, request.user, membership)
    form = MembershipEndForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            membership_end(
                actor=acting(request.user),
                membership=membership,
                left_on=form.cleaned_data["left_on"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The membership was ended."))
            return redirect(membership.organisation.get_absolute_url())
    title = _("End the membership of %(organisation)s in %(cluster)s") % {
        "organisation": membership.organisation.name,
        "cluster": membership.cluster.short_name,
    }
    return _membership_form_page(request, membership, form, title, _("End membership"), danger=True)


@login_required
def membership_edit_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(membership_id)
    require(can_manage_membership, request.user, membership)
    initial = MembershipEditForm.initial_for(membership)
    form = MembershipEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership_update(
                actor=acting(request.user), membership=membership, **form.membership_fields()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The membership was saved."))
            return redirect(membership.organisation.get_absolute_url())
    title = _("Edit the membership of %(organisation)s in %(cluster)s") % {
        "organisation": membership.organisation.name,
        "cluster": membership.cluster.short_name,
    }
    return _membership_form_page(request, membership, form, title, _("Save"))


urlpatterns: list[URLPattern] = [
    path("organisations/<int:organisation_id>/", organisation_detail, name="organisation"),
    path("organisations/<int:organisation_id>/edit/", organisation_edit, name="organisation_edit"),
    path("memberships/<int:membership_id>/end/", membership_end_view, name="membership_end"),
    path("memberships/<int:membership_id>/edit/", membership_edit_view, name="membership_edit"),
]
