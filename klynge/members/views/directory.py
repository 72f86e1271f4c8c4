"""The member directory of a cluster, its exports, and adding a member (existing or new organisation)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.clusters.models import Cluster
from klynge.core.display import choice_labels, short_date
from klynge.core.errors import DomainError
from klynge.core.exports import csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from ..forms.organisations import (
    DirectoryFilterForm,
    MembershipStartForm,
    NewMemberForm,
    OrganisationSearchForm,
    add_domain_error,
)
from ..models import Membership, Organisation
from ..orgnumbers import format_org_number
from ..permissions import (
    can_create_organisation,
    can_export_members,
    can_manage_members,
    can_view_member_directory,
)
from ..selectors.directory import (
    directory_counts,
    directory_export_table,
    directory_filter_choices,
    is_unfiltered,
    membership_list_directory,
)
from ..selectors.organisations import organisation_search
from ..services.memberships import membership_start, membership_start_new_organisation

SORTABLE = [
    ("name", gettext_lazy("Name")),
    ("kind", gettext_lazy("Kind")),
    ("size", gettext_lazy("Size (estimated)")),
    ("county", gettext_lazy("County")),
    ("joined", gettext_lazy("Joined")),
]


def _cluster_or_404(slug: str) -> Cluster:
    return get_object_or_404(Cluster, slug=slug)


def _sort_columns(current: str) -> dict[str, dict[str, Any]]:
    """Per sortable column: the `sort` value its header links to and its current direction."""
    columns = {}
    for key, label in SORTABLE:
        state = "ascending" if current == key else "descending" if current == f"-{key}" else ""
        columns[key] = {
            "label": label,
            "next": f"-{key}" if state == "ascending" else key,
            "state": state,
        }
    return columns


def _filter_form(request: HttpRequest, cluster: Cluster, *, member_view: bool) -> Any:
    return DirectoryFilterForm(
        request.GET or None,
        choices=directory_filter_choices(cluster=cluster),
        member_view=member_view,
    )


def pk_url(name: str) -> Callable[[int], str]:
    """The URL of `name` (a pattern with one integer argument) for any pk, reversed once: a page
    of rows then costs a string replacement per link instead of a `reverse` each."""
    marker = 987654321
    pattern = reverse(name, args=[marker])
    return lambda pk: pattern.replace(str(marker), str(pk), 1)


def _display_rows(memberships: Any, *, full_view: bool) -> list[dict[str, Any]]:
    """What each row shows, prepared in Python: the template then only prints values (a page of
    rows through template filters and tags costs several times more)."""
    organisation_url = pk_url("members:organisation")
    edit_url = pk_url("members:organisation_edit")
    kinds = choice_labels(Organisation.Kind.choices)
    sizes = choice_labels(Organisation.SizeClass.choices)
    categories = choice_labels(Membership.Category.choices)
    rows = []
    for membership in memberships:
        organisation = membership.organisation
        place = organisation.county
        if organisation.country != "NO":
            place = f"{place} ({organisation.country})" if place else organisation.country
        row = {
            "name": organisation.name,
            "url": organisation_url(organisation.pk),
            "edit_url": edit_url(organisation.pk),
            "is_bankrupt": organisation.is_bankrupt,
            "deleted_on": organisation.deleted_on,
            "kind": kinds.get(organisation.kind, organisation.kind),
            "size": sizes.get(organisation.size_class, organisation.size_class),
            "place": place,
            "joined": short_date(membership.joined_on),
            "topics": ", ".join(topic.name for topic in organisation.topics.all()),
        }
        if full_view:
            row |= {
                "org_number": format_org_number(organisation.org_number),
                "category": categories.get(membership.category, membership.category),
                "fee_tier": membership.fee_tier,
                "left": short_date(membership.left_on),
                "annual_fee": "" if membership.annual_fee is None else membership.annual_fee,
            }
        rows.append(row)
    return rows


@login_required
def directory(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster_or_404(slug)
    user = request.user
    require(can_view_member_directory, user, cluster)
    full_view = can_export_members(user, cluster)  # team, programme officers: every column
    form = _filter_form(request, cluster, member_view=not full_view)
    filters = form.filters()
    if not full_view:
        filters = dataclasses.replace(filters, status="active", as_of=None)
    counts = None
    if full_view:  # the status counts are shown to the team only; others need one plain count
        counts = directory_counts(cluster=cluster, as_of=filters.as_of)
    known = counts.get(filters.status) if counts and is_unfiltered(filters) else None
    page = paginate(
        request, membership_list_directory(cluster=cluster, filters=filters), count=known
    )
    context = {
        "cluster": cluster,
        "form": form,
        "filters": filters,
        "page": page,
        "rows": _display_rows(page.object_list, full_view=full_view),
        "total": page.paginator.count,
        "counts": counts if full_view else None,
        "columns": _sort_columns(filters.sort),
        "full_view": full_view,
        "can_manage": can_manage_members(user, cluster),
        "filtered": any(request.GET.get(name) for name in form.fields if name != "sort"),
    }
    return render(request, "members/directory.html", context)


@login_required
def directory_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Unknown export format."))
    cluster = _cluster_or_404(slug)
    require(can_export_members, request.user, cluster)
    filters = _filter_form(request, cluster, member_view=False).filters()
    header, rows = directory_export_table(cluster=cluster, filters=filters)
    filename = f"{cluster.slug}-members-{datetime.date.today():%Y-%m-%d}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows, title=_("Members"))


@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Step one of adding a member: find the organisation, so nobody registers it twice."""
    cluster = _cluster_or_404(slug)
    require(can_manage_members, request.user, cluster)
    form = OrganisationSearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = organisation_search(query=form.cleaned_data["q"], cluster=cluster)
    context = {"cluster": cluster, "form": form, "results": results}
    return render(request, "members/directory_add.html", context)


@login_required
def member_add_existing(request: HttpRequest, slug: str, organisation_id: int) -> HttpResponse:
    """Start (or restart) an existing organisation's membership of the cluster."""
    cluster = _cluster_or_404(slug)
    require(can_manage_members, request.user, cluster)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = MembershipStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_start(
                actor=acting(request.user),
                cluster=cluster,
                organisation=organisation,
                **form.membership_fields(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s is now a member of %(cluster)s.")
                % {"organisation": organisation.name, "cluster": cluster.short_name},
            )
            return redirect(organisation.get_absolute_url())
    context = {
        "cluster": cluster,
        "organisation": organisation,
        "form": form,
        "title": _("Add %(organisation)s as a member") % {"organisation": organisation.name},
        "submit": _("Start membership"),
        "cancel_url": cluster_directory_url(cluster),
    }
    return render(request, "members/membership_form.html", context)


@login_required
def member_add_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Register a new organisation and start its membership in one step."""
    cluster = _cluster_or_404(slug)
    require(can_manage_members, request.user, cluster)
    require(can_create_organisation, request.user)
    query = request.GET.get("q", "").strip()
    compact = query.replace(" ", "")
    initial = {"org_number": query} if compact.isdigit() else {"name": query}
    form = NewMemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        organisation_fields, topics = form.organisation_fields()
        try:
            membership = membership_start_new_organisation(
                actor=acting(request.user),
                cluster=cluster,
                organisation_fields=organisation_fields,
                topics=topics,
                **form.membership_fields(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s was registered and is now a member of %(cluster)s.")
                % {"organisation": membership.organisation.name, "cluster": cluster.short_name},
            )
            return redirect(membership.organisation.get_absolute_url())
    context = {
        "cluster": cluster,
        "form": form,
        "title": _("Register a new member organisation"),
        "submit": _("Register and add as member"),
        "cancel_url": cluster_directory_url(cluster),
    }
    return render(request, "members/membership_form.html", context)


def cluster_directory_url(cluster: Cluster) -> str:
    return reverse("members:directory", args=[cluster.slug])


urlpatterns: list[URLPattern] = [
    path("clusters/<slug:slug>/members/", directory, name="directory"),
    path(
        "clusters/<slug:slug>/members/export/<str:fmt>/",
        directory_export,
        name="directory_export",
    ),
    path("clusters/<slug:slug>/members/add/", member_add, name="member_add"),
    path("clusters/<slug:slug>/members/add/new/", member_add_new, name="member_add_new"),
    path(
        "clusters/<slug:slug>/members/add/<int:organisation_id>/",
        member_add_existing,
        name="member_add_existing",
    ),
]
