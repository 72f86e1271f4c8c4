"""Newsletters API: compose, test-send, queue, stop and statistics (team; queueing for managers),
subscribers (managers), and the public sign-up (double opt-in). Same predicates as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from klynge.communication.models import Newsletter
from klynge.communication.permissions import (
    can_manage_newsletters,
    can_manage_subscribers,
    can_send_newsletter,
)
from klynge.communication.selectors import newsletters as selectors
from klynge.communication.services import newsletters as services
from klynge.communication.services import subscriptions
from klynge.core.permissions import acting, require

from ..auth import AUTH_OPTIONAL
from ..lookups import path_cluster
from ..pagination import PageNumber
from ..schemas.communication import (
    NewsletterIn,
    NewsletterOut,
    NewsletterScheduleIn,
    NewsletterStatsOut,
    SubscribeIn,
    SubscriberOut,
)

router = Router(tags=["newsletters"])


def _newsletter(request: HttpRequest, newsletter_id: int) -> Newsletter:
    newsletter = Newsletter.objects.select_related("cluster").filter(pk=newsletter_id).first()
    if newsletter is None or not can_manage_newsletters(request.user, newsletter.cluster):
        raise Http404
    return newsletter


@router.get("/clusters/{slug}/newsletters", response=list[NewsletterOut], summary="Newsletters")
@paginate(PageNumber)
def newsletter_list(request: HttpRequest, slug: str) -> Any:
    cluster = path_cluster(slug)
    require(can_manage_newsletters, request.user, cluster)
    return selectors.newsletter_list_for_cluster(cluster=cluster).select_related("cluster")


@router.post(
    "/clusters/{slug}/newsletters", response={201: NewsletterOut}, summary="Compose a newsletter"
)
def newsletter_create(request: HttpRequest, slug: str, payload: NewsletterIn) -> Any:
    cluster = path_cluster(slug)
    require(can_manage_newsletters, request.user, cluster)
    data = payload.dict()
    newsletter = services.newsletter_create(actor=acting(request.user), cluster=cluster, **data)
    return Status(201, newsletter)


@router.get("/newsletters/{newsletter_id}", response=NewsletterOut, summary="One newsletter")
def newsletter_detail(request: HttpRequest, newsletter_id: int) -> Newsletter:
    return _newsletter(request, newsletter_id)


@router.get(
    "/newsletters/{newsletter_id}/stats",
    response=NewsletterStatsOut,
    summary="Progress and statistics",
)
def newsletter_stats(request: HttpRequest, newsletter_id: int) -> Any:
    return selectors.newsletter_stats(_newsletter(request, newsletter_id))


@router.post(
    "/newsletters/{newsletter_id}/test", response={202: None}, summary="Send a test to yourself"
)
def newsletter_test(request: HttpRequest, newsletter_id: int) -> Any:
    services.newsletter_test_send(
        actor=acting(request.user), newsletter=_newsletter(request, newsletter_id)
    )
    return Status(202, None)


@router.post(
    "/newsletters/{newsletter_id}/schedule",
    response=NewsletterOut,
    summary="Queue for the audience, now or at send_at (managers)",
)
def newsletter_schedule(
    request: HttpRequest, newsletter_id: int, payload: NewsletterScheduleIn
) -> Newsletter:
    newsletter = _newsletter(request, newsletter_id)
    require(can_send_newsletter, request.user, newsletter.cluster)
    return services.newsletter_queue(
        actor=acting(request.user), newsletter=newsletter, send_at=payload.send_at
    )


@router.post(
    "/newsletters/{newsletter_id}/cancel", response=NewsletterOut, summary="Stop sending (managers)"
)
def newsletter_cancel(request: HttpRequest, newsletter_id: int) -> Newsletter:
    newsletter = _newsletter(request, newsletter_id)
    require(can_send_newsletter, request.user, newsletter.cluster)
    services.newsletter_cancel(actor=acting(request.user), newsletter=newsletter)
    newsletter.refresh_from_db()
    return newsletter


@router.get(
    "/clusters/{slug}/subscribers", response=list[SubscriberOut], summary="External subscribers"
)
@paginate(PageNumber)
def subscriber_list(request: HttpRequest, slug: str, status: str = "") -> Any:
    cluster = path_cluster(slug)
    require(can_manage_subscribers, request.user, cluster)
    return selectors.subscriber_list(cluster=cluster, status=status)


@router.post(
    "/clusters/{slug}/subscribers",
    response={202: None},
    auth=AUTH_OPTIONAL,
    summary="Sign up for the newsletter (a confirmation link is mailed: double opt-in)",
)
def subscribe(request: HttpRequest, slug: str, payload: SubscribeIn) -> Any:
    cluster = path_cluster(slug)
    subscriptions.subscription_request(
        cluster=cluster, email=payload.email, name=payload.name, language=payload.language
    )
    return Status(202, None)
