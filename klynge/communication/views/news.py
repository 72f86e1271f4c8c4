"""News pages: the public news of a cluster, one post, the Atom feed, and the team's editing pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.models import Cluster
from klynge.clusters.selectors import cluster_get
from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from .. import selectors
from ..forms import PostForm
from ..models import Post
from ..permissions import can_manage_news, can_view_post
from ..services import posts as services


def cluster_or_404(slug: str) -> Cluster:
    try:
        return cluster_get(slug=slug)
    except Cluster.DoesNotExist as exc:
        raise Http404(_("No such cluster.")) from exc


def _post_or_404(cluster: Cluster, pk: int) -> Post:
    try:
        return selectors.post_get(pk=pk, cluster=cluster)
    except Post.DoesNotExist as exc:
        raise Http404(_("No such post.")) from exc


def news(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    page = paginate(request, selectors.post_list_visible(viewer=request.user, cluster=cluster))
    return render(
        request,
        "communication/news.html",
        {"cluster": cluster, "page": page, "can_manage": can_manage_news(request.user, cluster)},
    )


def post_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = cluster_or_404(slug)
    post = _post_or_404(cluster, pk)
    if not can_view_post(request.user, post):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        require(can_view_post, request.user, post)
    return render(
        request,
        "communication/post_detail.html",
        {"cluster": cluster, "post": post, "can_manage": can_manage_news(request.user, cluster)},
    )


@login_required
def news_manage(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_news, request.user, cluster)
    page = paginate(request, selectors.post_list_manage(cluster=cluster))
    return render(request, "communication/news_manage.html", {"cluster": cluster, "page": page})


def _save(request: HttpRequest, cluster: Cluster, post: Post | None) -> HttpResponse:
    form = PostForm(request.POST or None, request.FILES or None, instance=post)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        publish_at = form.cleaned_data["publish_at"]
        if request.POST.get("action") == "publish":
            publish_at = publish_at or timezone.now()
        try:
            if post is None:
                post = services.post_create(
                    actor=acting(request.user), cluster=cluster, publish_at=publish_at, **fields
                )
            else:
                post = services.post_update(
                    actor=acting(request.user), post=post, publish_at=publish_at, **fields
                )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The post was saved."))
            return redirect("communication:news_manage", cluster.slug)
    if post is not None and post.publish_at and not form.is_bound:
        form.initial["publish_at"] = post.publish_at
    return render(
        request, "communication/post_form.html", {"cluster": cluster, "form": form, "post": post}
    )


@login_required
def post_create(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_news, request.user, cluster)
    return _save(request, cluster, None)


@login_required
def post_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_news, request.user, cluster)
    return _save(request, cluster, _post_or_404(cluster, pk))


@login_required
@require_POST
def post_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_news, request.user, cluster)
    post = _post_or_404(cluster, pk)
    if post.is_published:
        services.post_unpublish(actor=acting(request.user), post=post)
        messages.success(request, _("The post is a draft again."))
    else:
        services.post_publish(actor=acting(request.user), post=post)
        messages.success(request, _("The post is published."))
    return redirect("communication:news_manage", cluster.slug)


@login_required
@require_POST
def post_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_news, request.user, cluster)
    services.post_delete(actor=acting(request.user), post=_post_or_404(cluster, pk))
    messages.success(request, _("The post was deleted."))
    return redirect("communication:news_manage", cluster.slug)
