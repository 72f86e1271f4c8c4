"""Optional TOTP two-factor login (pyotp), required for programme officers and superusers when
`KLYNGE_TWO_FACTOR_REQUIRED_FOR_STAFF` is on. Enrolment shows a QR code drawn here as SVG (segno,
no network), and ten single-use recovery codes shown once and stored hashed.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import time

import pyotp
import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor, Viewer
from klynge.core.audit import log_action
from klynge.core.errors import DomainError

from .models import RecoveryCode, TwoFactorDevice
from .permissions import can_work_without_two_factor

ISSUER = "Klynge"
RECOVERY_CODES = 10
VALID_WINDOW = 1  # one 30-second step either side, for clocks that drift


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def has_two_factor(user: Viewer) -> bool:
    if not user.is_authenticated:
        return False
    return TwoFactorDevice.objects.filter(user_id=user.pk, confirmed_at__isnull=False).exists()


def two_factor_required(user: Viewer) -> bool:
    """The setting makes it compulsory for programme officers and superusers."""
    return not can_work_without_two_factor(user)


def pending_device(user: Actor) -> TwoFactorDevice:
    """The device being enrolled (a new secret until it is confirmed)."""
    device, _created = TwoFactorDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device: TwoFactorDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG markup (drawn locally)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def _matching_step(device: TwoFactorDevice, code: str) -> int | None:
    code = (code or "").replace(" ", "")
    if not code.isdigit():
        return None
    totp = pyotp.TOTP(device.secret)
    now = time.time()
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        at = now + offset * totp.interval
        if secrets.compare_digest(totp.at(at), code):
            return int(at // totp.interval)
    return None


@transaction.atomic
def two_factor_confirm(*, actor: Actor, code: str) -> list[str]:
    """Confirm the pending device with a first code; returns the new recovery codes (shown once)."""
    device = TwoFactorDevice.objects.select_for_update().get(user=actor)
    step = _matching_step(device, code)
    if step is None:
        raise DomainError(_("That code is not right. Enter the current code."), field="code")
    device.confirmed_at, device.last_used_step = timezone.now(), step
    device.save()
    codes = _new_recovery_codes(actor)
    log_action(actor=actor, action="klynge.accounts.two_factor.enabled", target=actor)
    return codes


def _new_recovery_codes(user: Actor) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


@transaction.atomic
def two_factor_verify(*, user: Actor, code: str) -> bool:
    """A login's second step: a current TOTP code (never the same step twice) or a recovery code."""
    device = (
        TwoFactorDevice.objects.select_for_update()
        .filter(user=user, confirmed_at__isnull=False)
        .first()
    )
    if device is None:
        return False
    step = _matching_step(device, code)
    if step is not None and (device.last_used_step is None or step > device.last_used_step):
        device.last_used_step = step
        device.save(update_fields=["last_used_step", "updated_at"])
        return True
    used = RecoveryCode.objects.filter(
        user=user, code_hash=_hash(code or ""), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        log_action(actor=user, action="klynge.accounts.recovery_code.used", target=user)
    return bool(used)


@transaction.atomic
def two_factor_disable(*, actor: Actor, code: str) -> None:
    if not two_factor_verify(user=actor, code=code):
        raise DomainError(_("That code is not right. Enter the current code."), field="code")
    if two_factor_required(actor):
        raise DomainError(_("Two-factor login is required for your role."), field="code")
    TwoFactorDevice.objects.filter(user=actor).delete()
    RecoveryCode.objects.filter(user=actor).delete()
    log_action(actor=actor, action="klynge.accounts.two_factor.disabled", target=actor)
