"""What the login throttling (django-axes) holds about a person: attempts with their login email."""

from __future__ import annotations

import datetime
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from klynge.core.identity import normalise_email
from klynge.core.personal_data import (
    PersonalData,
    RetentionRule,
    register_personal_data,
    register_retention,
)
from klynge.core.typing import BaseActor

LOGS = (AccessAttempt, AccessLog, AccessFailureLog)


def _addresses(person: Any) -> set[str]:
    addresses = {normalise_email(person.email)}
    if person.user_id:
        addresses.add(normalise_email(person.user.email))
    return addresses - {""}


def export_lockouts(person: Any) -> list[dict[str, Any]]:
    addresses = _addresses(person)
    rows = []
    for model in LOGS:
        for row in model.objects.filter(username__in=addresses).order_by("pk"):
            rows.append(
                {
                    "log": model.__name__,
                    "at": row.attempt_time,
                    "ip_address": row.ip_address,
                    "user_agent": row.user_agent,
                }
            )
    return rows


def erase_lockouts(*, actor: BaseActor | None, person: Any) -> None:
    addresses = _addresses(person)
    for model in LOGS:
        model.objects.filter(username__in=addresses).delete()


def purge_lockouts(cutoff: datetime.datetime) -> int:
    return sum(model.objects.filter(attempt_time__lt=cutoff).delete()[0] for model in LOGS)


def export_two_factor(person: Any) -> dict[str, Any] | None:
    from .models import RecoveryCode, TwoFactorDevice

    if not person.user_id:
        return None
    device = TwoFactorDevice.objects.filter(user_id=person.user_id).first()
    unused = RecoveryCode.objects.filter(user_id=person.user_id, used_at__isnull=True).count()
    return {
        "enabled": bool(device and device.confirmed_at),
        "confirmed_at": device.confirmed_at if device else None,
        "recovery_codes_left": unused,
    }


def erase_two_factor(*, actor: BaseActor | None, person: Any) -> None:
    from .models import RecoveryCode, TwoFactorDevice

    if person.user_id:
        TwoFactorDevice.objects.filter(user_id=person.user_id).delete()
        RecoveryCode.objects.filter(user_id=person.user_id).delete()


def register() -> None:
    register_personal_data(
        PersonalData(
            key="two_factor",
            fields={"accounts.TwoFactorDevice": ("user",), "accounts.RecoveryCode": ("user",)},
            export=export_two_factor,
            erase=erase_two_factor,
            order=6,
        )
    )
    register_personal_data(
        PersonalData(
            key="login_attempts",
            fields={
                "axes.AccessAttempt": ("username", "ip_address", "user_agent"),
                "axes.AccessLog": ("username", "ip_address", "user_agent"),
                "axes.AccessFailureLog": ("username", "ip_address", "user_agent"),
            },
            export=export_lockouts,
            erase=erase_lockouts,
            order=5,
        )
    )
    register_retention(RetentionRule(key="login_attempts", purge=purge_lockouts))
