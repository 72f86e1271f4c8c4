"""Your mail settings, and the delivery log (per cluster for its team; all of it for superusers)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from klynge.clusters.permissions import can_view_cluster_deliveries
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.notifications import kinds, services
from klynge.notifications.permissions import (
    can_edit_notification_settings,
    can_view_all_deliveries,
)
from klynge.notifications.selectors import delivery_list, kind_settings_for

from ..lookups import path_cluster
from ..pagination import PageNumber
from ..schemas.notifications import DeliveryOut, NotificationSettingsIn, NotificationSettingsOut

router = Router(tags=["notifications"])


def _settings(email: str) -> dict:
    return {
        "email": email,
        "kinds": [
            {
                "key": s.key,
                "label": str(s.label),
                "transactional": s.transactional,
                "enabled": s.enabled,
            }
            for s in kind_settings_for(email)
        ],
    }


@router.get(
    "/me/notification-settings",
    response=NotificationSettingsOut,
    summary="Which kinds of mail you get",
)
def settings_get(request: HttpRequest) -> dict:
    require(can_edit_notification_settings, request.user)
    return _settings(acting(request.user).email)


@router.put(
    "/me/notification-settings",
    response=NotificationSettingsOut,
    summary="Choose the optional kinds of mail you get (transactional ones always come)",
)
def settings_put(request: HttpRequest, payload: NotificationSettingsIn) -> dict:
    require(can_edit_notification_settings, request.user)
    known = {kind.key for kind in kinds.all_kinds()}
    unknown = sorted(set(payload.enabled) - known)
    if unknown:
        raise DomainError(f"Unknown kinds of mail: {', '.join(unknown)}", field="enabled")
    user = acting(request.user)
    services.preferences_set(actor=user, email=user.email, enabled=payload.enabled)
    return _settings(user.email)


@router.get(
    "/clusters/{slug}/deliveries",
    response=list[DeliveryOut],
    summary="Mails sent on a cluster's behalf (filter by kind, recipient, status)",
)
@paginate(PageNumber)
def cluster_deliveries(
    request: HttpRequest, slug: str, kind: str = "", to: str = "", status: str = ""
) -> Any:
    cluster = path_cluster(slug)
    require(can_view_cluster_deliveries, request.user, cluster)
    return delivery_list(cluster_ids=[cluster.pk], kind=kind, email=to, status=status)


@router.get("/deliveries", response=list[DeliveryOut], summary="The whole delivery log")
@paginate(PageNumber)
def all_deliveries(request: HttpRequest, kind: str = "", to: str = "", status: str = "") -> Any:
    require(can_view_all_deliveries, request.user)
    return delivery_list(kind=kind, email=to, status=status)
