"""Cluster pages: home, directory, public profile, editing, team, audit trail, switcher."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.audit_visibility import visible_audit_entries
from klynge.core.errors import DomainError
from klynge.core.exports import csv_response, xlsx_response
from klynge.core.extensions import HomeScope, render_sections, sections
from klynge.core.links import local_next
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require
from klynge.core.typing import HtmxRequest
from klynge.notifications.views import log_page

from . import selectors, services
from .context_processors import SESSION_KEY, active_cluster
from .forms import ClusterFilterForm, ClusterForm, ClusterRoleForm
from .models import Cluster, ClusterRole
from .permissions import (
    can_edit_cluster,
    can_list_all_clusters,
    can_manage_cluster_roles,
    can_oversee_cluster,
    can_switch_cluster,
    can_view_cluster,
    can_view_cluster_audit,
    can_view_cluster_deliveries,
)
from .roles import role_in
from .selectors import TeamCounts

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def _cluster_or_404(slug: str) -> Cluster:
    try:
        return selectors.cluster_get(slug=slug)
    except Cluster.DoesNotExist as exc:
        raise Http404(_("No such cluster.")) from exc


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict = {"programme_view": can_list_all_clusters(user)}
    if not user.is_authenticated:
        context["clusters"] = selectors.cluster_list_public()[:12]
        return render(request, "clusters/home_public.html", context)
    if context["programme_view"]:
        context["cluster_count"] = selectors.cluster_list_programme().count()
    active = active_cluster(request)["active_cluster"]
    context["widgets"] = home_widgets(request, active)
    context["sections"] = render_sections("cluster_sections", request, active) if active else []
    return render(request, "clusters/home.html", context)


def home_widgets(request: HttpRequest, cluster: Cluster | None) -> list[dict]:
    """The "what needs me now" widgets of the user's roles; those with something to do first."""
    scope = HomeScope(cluster=cluster, session=request.session)
    widgets = []
    for section in sections("home", request.user, scope):
        context = {**section["context"], "key": section["key"]}
        html = render_to_string(section["template"], context, request=request)
        widgets.append({"key": section["key"], "html": html, "busy": bool(context["items"])})
    return sorted(widgets, key=lambda w: not w["busy"])


def cluster_list(request: HttpRequest) -> HttpResponseBase:
    programme_view = can_list_all_clusters(request.user)
    form = ClusterFilterForm(request.GET or None, regions=selectors.cluster_regions())
    search, region = "", ""
    if form.is_valid():
        search, region = form.cleaned_data["q"], form.cleaned_data["region"]
    clusters: QuerySet[Cluster]
    if programme_view:
        counted = selectors.cluster_list_programme(search=search, region=region)
        export = request.GET.get("export", "")
        if export in {"csv", "xlsx"}:
            return _export_clusters(counted, export)
        clusters = counted
    else:
        clusters = selectors.cluster_list_public(search=search, region=region)
    page = paginate(request, clusters)
    return render(
        request,
        "clusters/cluster_list.html",
        {
            "form": form,
            "page": page,
            "programme_view": programme_view,
            "total": page.paginator.count,
        },
    )


def _export_clusters(
    clusters: Iterable[WithAnnotations[Cluster, TeamCounts]], fmt: str
) -> HttpResponseBase:
    header = [
        _("Name"),
        _("Short name"),
        _("Region"),
        _("Country"),
        _("Founded"),
        _("Website"),
        _("Managers"),
        _("Staff"),
        _("Active"),
    ]
    rows = [
        [
            c.name,
            c.short_name,
            c.region,
            c.country,
            c.founded,
            c.website,
            c.manager_count,
            c.staff_count,
            c.is_active,
        ]
        for c in clusters
    ]
    if fmt == "csv":
        return csv_response("klynge-clusters", header, rows)
    return xlsx_response("klynge-clusters", header, rows, title=_("Clusters"))


def cluster_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster_or_404(slug)
    if not can_view_cluster(request.user, cluster):
        raise Http404(_("No such cluster."))
    context = {
        "cluster": cluster,
        "my_role": role_in(request.user, cluster),
        "can_edit": can_edit_cluster(request.user, cluster),
        "can_manage_roles": can_manage_cluster_roles(request.user, cluster),
        "can_oversee": can_oversee_cluster(request.user, cluster),
        "can_view_audit": can_view_cluster_audit(request.user, cluster),
        "can_view_deliveries": can_view_cluster_deliveries(request.user, cluster),
        "sections": render_sections("cluster_sections", request, cluster),
    }
    return render(request, "clusters/cluster_detail.html", context)


@login_required
def cluster_edit(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster_or_404(slug)
    require(can_edit_cluster, request.user, cluster)
    form = ClusterForm(request.POST or None, instance=Cluster.objects.get(pk=cluster.pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topics = list(data.pop("focus_topics"))
        services.cluster_update(
            actor=acting(request.user), cluster=cluster, focus_topics=topics, **data
        )
        messages.success(request, _("The cluster profile was saved."))
        return redirect(cluster.get_absolute_url())
    return render(request, "clusters/cluster_edit.html", {"cluster": cluster, "form": form})


@login_required
def cluster_team(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster_or_404(slug)
    require(can_manage_cluster_roles, request.user, cluster)
    form = ClusterRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_role_assign(
                actor=acting(request.user),
                cluster=cluster,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("The role was saved."))
            return redirect("clusters:team", slug=cluster.slug)
        except DomainError as error:
            form.add_error(error.field, error.message)
    roles = selectors.cluster_role_list(cluster=cluster)
    return render(
        request, "clusters/cluster_team.html", {"cluster": cluster, "form": form, "roles": roles}
    )


@login_required
@require_POST
def cluster_role_remove(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    cluster = _cluster_or_404(slug)
    require(can_manage_cluster_roles, request.user, cluster)
    cluster_role = get_object_or_404(
        ClusterRole.objects.select_related("user"), pk=role_id, cluster=cluster
    )
    try:
        services.cluster_role_remove(actor=acting(request.user), cluster_role=cluster_role)
        messages.success(
            request,
            _("%(user)s no longer has a role in the cluster.") % {"user": cluster_role.user},
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("clusters:team", slug=cluster.slug)


@login_required
def cluster_audit(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster_or_404(slug)
    require(can_view_cluster_audit, request.user, cluster)
    page = paginate(request, selectors.audit_list_for_cluster(cluster=cluster), per_page=50)
    page.object_list = visible_audit_entries(request.user, page.object_list)
    return render(request, "clusters/cluster_audit.html", {"cluster": cluster, "page": page})


@login_required
def cluster_deliveries(request: HttpRequest, slug: str) -> HttpResponse:
    """Mails sent on the cluster's behalf, by kind, recipient and status."""
    cluster = _cluster_or_404(slug)
    require(can_view_cluster_deliveries, request.user, cluster)
    title = _("Mail log of %(name)s") % {"name": cluster.short_name}
    return log_page(request, cluster_ids=[cluster.pk], extra={"title": title, "cluster": cluster})


@login_required
@require_POST
def cluster_switch(request: HtmxRequest) -> HttpResponse:
    cluster = get_object_or_404(Cluster, slug=request.POST.get("cluster", ""))
    require(can_switch_cluster, request.user, cluster)
    request.session[SESSION_KEY] = cluster.pk
    next_url = same_page_in(local_next(request, "/"), cluster)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = next_url
        return response
    return HttpResponseRedirect(next_url)


def same_page_in(url: str, cluster: Cluster) -> str:
    """The page at `url` for another cluster: a cluster's page (a ``slug`` in the path or
    ``?cluster=`` in the query) becomes the same page of `cluster`; a page about one object
    (an event, a project) of the old cluster gives way to the home page; others stay."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return "/"
    query = QueryDict(parts.query, mutable=True)
    if "slug" in match.kwargs:
        path = reverse(match.view_name, kwargs={**match.kwargs, "slug": cluster.slug})
    elif match.kwargs:
        return "/"
    else:
        path = parts.path
    if "cluster" in query:
        query["cluster"] = cluster.slug
    return path + (f"?{query.urlencode()}" if query else "")
