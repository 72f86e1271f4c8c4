"""The team's newsletter pages: list, compose, preview, test send, schedule, progress, statistics,
subscribers and settings. Thin: each parses, authorises, calls one service or selector, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require
from klynge.core.typing import HtmxRequest
from klynge.notifications.rendering import render as render_mail

from ..forms import NewsletterForm, NewsletterSettingsForm, ScheduleForm
from ..letters import TEMPLATE, newsletter_context
from ..models import Newsletter, Post
from ..permissions import can_manage_newsletters, can_manage_subscribers, can_send_newsletter
from ..selectors import newsletters as selectors
from ..selectors.audience import audience_choices, audience_size, clean_audience
from ..services import newsletters as services
from .news import cluster_or_404


def _newsletter_or_404(cluster: Cluster, pk: int) -> Newsletter:
    try:
        return selectors.newsletter_get(pk=pk, cluster=cluster)
    except Newsletter.DoesNotExist as exc:
        raise Http404(_("No such newsletter.")) from exc


@login_required
def newsletter_list(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_newsletters, request.user, cluster)
    page = paginate(request, selectors.newsletter_list_for_cluster(cluster=cluster))
    rows = [(n, selectors.newsletter_state(n)) for n in page.object_list]
    return render(
        request,
        "communication/newsletter_list.html",
        {
            "cluster": cluster,
            "page": page,
            "rows": rows,
            "can_manage_subscribers": can_manage_subscribers(request.user, cluster),
        },
    )


def _form(request: HttpRequest, cluster: Cluster, newsletter: Newsletter | None) -> NewsletterForm:
    choices = audience_choices(cluster)
    posts = Post.objects.filter(cluster=cluster, publish_at__isnull=False).order_by("-publish_at")
    choices["posts"] = [(post.pk, post.title) for post in posts[:100]]
    initial: dict[str, Any] = {"members": True, "subscribers": True}
    if newsletter is not None:
        audience = clean_audience(newsletter.audience or {})
        initial = {
            "subject_nb": newsletter.subject_nb,
            "subject_en": newsletter.subject_en,
            "intro_nb": newsletter.intro_nb,
            "intro_en": newsletter.intro_en,
            "posts": [str(item.post_id) for item in newsletter.items.all()],
            **{k: v if isinstance(v, bool) else [str(x) for x in v] for k, v in audience.items()},
        }
    return NewsletterForm(request.POST or None, choices=choices, initial=initial)


def _compose(request: HttpRequest, cluster: Cluster, newsletter: Newsletter | None) -> HttpResponse:
    form = _form(request, cluster, newsletter)
    if request.method == "POST" and form.is_valid():
        try:
            if newsletter is None:
                newsletter = services.newsletter_create(
                    actor=acting(request.user), cluster=cluster, **form.service_fields()
                )
            else:
                newsletter = services.newsletter_update(
                    actor=acting(request.user), newsletter=newsletter, **form.service_fields()
                )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The newsletter was saved."))
            return redirect("communication:newsletter", cluster.slug, newsletter.pk)
    return render(
        request,
        "communication/newsletter_form.html",
        {"cluster": cluster, "form": form, "newsletter": newsletter},
    )


@login_required
def newsletter_create(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_newsletters, request.user, cluster)
    return _compose(request, cluster, None)


@login_required
def newsletter_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_newsletters, request.user, cluster)
    newsletter = _newsletter_or_404(cluster, pk)
    if newsletter.status != Newsletter.Status.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("communication:newsletter", cluster.slug, newsletter.pk)
    return _compose(request, cluster, newsletter)


@login_required
def newsletter_detail(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    """Preview, audience size, test send, schedule; then progress and statistics."""
    cluster = cluster_or_404(slug)
    require(can_manage_newsletters, request.user, cluster)
    newsletter = _newsletter_or_404(cluster, pk)
    stats = selectors.newsletter_stats(newsletter)
    context = {
        "cluster": cluster,
        "newsletter": newsletter,
        "stats": stats,
        "can_send": can_send_newsletter(request.user, cluster),
        "schedule_form": ScheduleForm(),
        "audience_size": audience_size(newsletter) if stats.state == "draft" else None,
    }
    if request.htmx and request.GET.get("part") == "progress":
        return render(request, "communication/_newsletter_progress.html", context)
    return render(request, "communication/newsletter_detail.html", context)


@xframe_options_sameorigin
@login_required
def newsletter_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The HTML mail as the viewer would get it (in their language), for an iframe of the
    newsletter's own page (so framed by this site only: the site-wide headers forbid framing)."""
    cluster = cluster_or_404(slug)
    require(can_manage_newsletters, request.user, cluster)
    newsletter = _newsletter_or_404(cluster, pk)
    user = acting(request.user)
    language = request.GET.get("language") or user.language or "nb"
    context = newsletter_context(newsletter, email=user.email, language=language)
    response = HttpResponse(render_mail(TEMPLATE, context, language=language).html)
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src *; frame-ancestors 'self'"
    )
    return response


@login_required
@require_POST
def newsletter_test(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_newsletters, request.user, cluster)
    actor = acting(request.user)
    services.newsletter_test_send(actor=actor, newsletter=_newsletter_or_404(cluster, pk))
    messages.success(request, _("A test copy is on its way to %(email)s.") % {"email": actor.email})
    return redirect("communication:newsletter", cluster.slug, pk)


@login_required
@require_POST
def newsletter_schedule(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_send_newsletter, request.user, cluster)
    newsletter = _newsletter_or_404(cluster, pk)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.newsletter_queue(
                actor=acting(request.user),
                newsletter=newsletter,
                send_at=form.cleaned_data["send_at"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The newsletter is queued."))
    else:
        messages.error(request, _("Give a valid date and time."))
    return redirect("communication:newsletter", cluster.slug, pk)


@login_required
@require_POST
def newsletter_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_send_newsletter, request.user, cluster)
    try:
        stopped = services.newsletter_cancel(
            actor=acting(request.user), newsletter=_newsletter_or_404(cluster, pk)
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Stopped: %(n)d not sent.") % {"n": stopped})
    return redirect("communication:newsletter", cluster.slug, pk)


@login_required
def subscribers(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_subscribers, request.user, cluster)
    found = services.settings_for(cluster)
    form = NewsletterSettingsForm(
        request.POST or None,
        initial={"track_clicks": found.track_clicks, "rate_per_minute": found.rate_per_minute},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.newsletter_settings_update(
                actor=acting(request.user), cluster=cluster, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The newsletter settings were saved."))
            return redirect("communication:subscribers", cluster.slug)
    status = request.GET.get("status", "")
    page = paginate(request, selectors.subscriber_list(cluster=cluster, status=status))
    return render(
        request,
        "communication/subscribers.html",
        {"cluster": cluster, "page": page, "form": form, "status": status},
    )
