"""Public newsletter pages: the archive, signing up (double opt-in), confirming, one-click
unsubscribe (RFC 8058), the preferences page and the click counter. No login: signed links."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import require
from klynge.notifications.rendering import render as render_mail

from .. import tokens
from ..forms import SubscribeForm
from ..letters import TEMPLATE, newsletter_context
from ..permissions import can_view_newsletter_archive
from ..selectors import newsletters as selectors
from ..services import subscriptions as services
from .news import cluster_or_404


def archive(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_view_newsletter_archive, request.user, cluster)
    page = paginate(request, selectors.newsletter_list_archive(cluster=cluster))
    return render(
        request,
        "communication/archive.html",
        {"cluster": cluster, "page": page, "form": SubscribeForm()},
    )


def archive_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The web version of a sent newsletter (without anyone's personal links)."""
    cluster = cluster_or_404(slug)
    require(can_view_newsletter_archive, request.user, cluster)
    newsletter = selectors.newsletter_list_archive(cluster=cluster).filter(pk=pk).first()
    if newsletter is None:
        raise Http404(_("No such newsletter."))
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("nb", "en") else "nb"
    context = newsletter_context(newsletter, email="", language=language)
    personal = {"web_url": request.path, "unsubscribe_url": "", "manage_url": ""}
    html = render_mail(TEMPLATE, {**context, **personal}, language=language).html
    return render(
        request,
        "communication/archive_item.html",
        {"cluster": cluster, "newsletter": newsletter, "html": html},
    )


def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.subscription_request(
                cluster=cluster, email=data["email"], name=data["name"], language=data["language"]
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return render(request, "communication/subscribe_sent.html", {"cluster": cluster})
    return render(request, "communication/subscribe.html", {"cluster": cluster, "form": form})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    data = tokens.read_confirm(token)
    if data is None:
        return render(request, "communication/link_invalid.html", status=400)
    if request.method == "POST":
        subscriber = services.subscription_confirm(token=token)
        if subscriber is None:
            return render(request, "communication/link_invalid.html", status=400)
        return render(
            request, "communication/confirmed.html", {"cluster": subscriber.cluster}, status=200
        )
    return render(request, "communication/confirm.html", {"email": data["email"]})


def _cluster_of(data: dict) -> Cluster:
    cluster = Cluster.objects.filter(pk=data["cluster_id"]).first()
    if cluster is None:
        raise Http404
    return cluster


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: a POST (from the mail program's button, no cookies, no CSRF token) unsubscribes
    at once; a GET shows a page with one button (link scanners never unsubscribe anyone)."""
    data = tokens.read_unsubscribe(token)
    if data is None:
        return render(request, "communication/link_invalid.html", status=400)
    cluster = _cluster_of(data)
    if request.method == "POST":
        source = "one-click" if request.POST.get("List-Unsubscribe") == "One-Click" else "page"
        services.unsubscribe(
            cluster_id=cluster.pk,
            email=data["email"],
            newsletter_id=data["newsletter_id"],
            source=source,
        )
        return render(
            request, "communication/unsubscribed.html", {"cluster": cluster, "token": token}
        )
    return render(
        request,
        "communication/unsubscribe.html",
        {"cluster": cluster, "email": data["email"], "token": token},
    )


def preferences(request: HttpRequest, token: str) -> HttpResponse:
    data = tokens.read_unsubscribe(token)
    if data is None:
        return render(request, "communication/link_invalid.html", status=400)
    cluster = _cluster_of(data)
    if request.method == "POST":
        if request.POST.get("subscribed") == "1":
            services.resubscribe(cluster=cluster, email=data["email"])
            messages.success(request, _("You get the newsletter again."))
        else:
            services.unsubscribe(
                cluster_id=cluster.pk,
                email=data["email"],
                newsletter_id=data["newsletter_id"],
                source="preferences",
            )
            messages.success(request, _("You will get no more newsletters from us."))
        return redirect("communication:preferences", token)
    subscribed = services.is_subscribed(cluster_id=cluster.pk, email=data["email"])
    return render(
        request,
        "communication/preferences.html",
        {"cluster": cluster, "email": data["email"], "subscribed": subscribed, "token": token},
    )


def click(request: HttpRequest, token: str) -> HttpResponse:
    url = services.click_record(token=token)
    if url is None:
        raise Http404(_("This link is not valid."))
    return HttpResponseRedirect(url)
