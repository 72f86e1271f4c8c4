"""Create, change and publish calls."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import DomainError

from ..models import Call, Framework, Level

CALL_FIELDS = (
    "title",
    "description",
    "kind",
    "label_required",
    "opens_at",
    "closes_at",
    "full_closes_at",
    "period",
    "quota_per_cluster",
    "max_grant",
    "max_public_share",
    "framework",
    "two_stage",
    "reviews_per_application",
)
DEFAULT_PRE_PROJECT_QUOTA = 2


def _check(fields: dict[str, Any]) -> None:
    if not (fields.get("title") or "").strip():
        raise DomainError(_("Give the call a title."), field="title")
    if fields.get("kind") not in Call.Kind.values:
        raise DomainError(_("Unknown kind of call."), field="kind")
    opens, closes = fields.get("opens_at"), fields.get("closes_at")
    if not isinstance(opens, datetime.datetime):
        raise DomainError(_("Enter when the call opens."), field="opens_at")
    if not isinstance(closes, datetime.datetime) or closes <= opens:
        raise DomainError(_("The call must close after it opens."), field="closes_at")
    full = fields.get("full_closes_at")
    if full is not None and full <= closes:
        raise DomainError(
            _("Full applications must close after the sketches."), field="full_closes_at"
        )
    if full is not None and not fields.get("two_stage"):
        raise DomainError(_("Only two-stage calls have a second deadline."), field="full_closes_at")
    if not (fields.get("period") or "").strip():
        raise DomainError(_("Give the quota period, for example 2021."), field="period")
    share = fields.get("max_public_share")
    if share is None or not Decimal(0) <= Decimal(str(share)) <= Decimal(1):
        raise DomainError(
            _("Enter a share between 0 and 1 (0.5 = 50 %)."), field="max_public_share"
        )
    framework = fields.get("framework")
    if framework is not None and framework.use == Framework.Use.ASSESSMENT:
        raise DomainError(
            _("Choose a framework meant for evaluating applications."), field="framework"
        )
    if fields.get("reviews_per_application", 1) < 1:
        raise DomainError(
            _("At least one evaluator per application."), field="reviews_per_application"
        )


@transaction.atomic
def call_create(
    *, actor: Actor, allowed_levels: Iterable[Level] = (), publish: bool = False, **fields: Any
) -> Call:
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    fields.setdefault("kind", Call.Kind.PRE_PROJECT)
    fields.setdefault("max_public_share", Decimal("0.5"))
    if "quota_per_cluster" not in fields and fields["kind"] == Call.Kind.PRE_PROJECT:
        fields["quota_per_cluster"] = DEFAULT_PRE_PROJECT_QUOTA
    _check(fields)
    call = Call.objects.create(
        **{**fields, "title": fields["title"].strip(), "period": fields["period"].strip()},
        is_published=publish,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    call.allowed_levels.set(list(allowed_levels))
    log_action(
        actor=actor,
        action="klynge.programme.call.created",
        target=call,
        data={
            "kind": call.kind,
            "period": call.period,
            "quota": call.quota_per_cluster,
            "published": publish,
        },
    )
    return call


@transaction.atomic
def call_update(
    *, actor: Actor, call: Call, allowed_levels: Iterable[Level] | None = None, **fields: Any
) -> Call:
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    merged = {name: getattr(call, name) for name in CALL_FIELDS} | fields
    _check(merged)
    if call.applications.exclude(status="draft").exists() and any(
        getattr(call, k) != merged[k] for k in ("kind", "period", "two_stage")
    ):
        raise DomainError(
            _("Kind, period and stages cannot change after applications came in."), field="kind"
        )
    changed = sorted(name for name in CALL_FIELDS if getattr(call, name) != merged[name])
    for name in changed:
        setattr(call, name, merged[name])
    if changed:
        call.save()
    if allowed_levels is not None:
        levels = list(allowed_levels)
        if {lv.pk for lv in levels} != set(call.allowed_levels.values_list("pk", flat=True)):
            call.allowed_levels.set(levels)
            changed.append("allowed_levels")
    if changed:
        log_action(
            actor=actor,
            action="klynge.programme.call.updated",
            target=call,
            data={"changed": changed},
        )
    return call


@transaction.atomic
def call_publish(*, actor: Actor, call: Call, publish: bool = True) -> Call:
    if call.is_published == publish:
        return call
    if not publish and call.applications.exclude(status="draft").exists():
        raise DomainError(
            _("A call with submitted applications stays published."), field="is_published"
        )
    call.is_published = publish
    call.save(update_fields=["is_published", "updated_at"])
    log_action(
        actor=actor,
        action="klynge.programme.call.published"
        if publish
        else "klynge.programme.call.unpublished",
        target=call,
    )
    return call
