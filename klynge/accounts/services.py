"""Writes for accounts: users' preferences and personal API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from .models import ApiToken, User
from .tokens import display_prefix, generate_token, hash_token, password_fingerprint

LAST_USED_RESOLUTION = timedelta(minutes=1)


def user_set_language(*, actor: User, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), field="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
        log_action(
            actor=actor,
            action="klynge.accounts.user.language_changed",
            target=user,
            data={"language": language},
        )
    return user


@transaction.atomic
def user_update_profile(*, actor: User, user: User, full_name: str, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), field="language")
    changed = [
        field
        for field, value in (("full_name", full_name.strip()), ("language", language))
        if getattr(user, field) != value
    ]
    if changed:
        user.full_name = full_name.strip()
        user.language = language
        user.save(update_fields=changed)
        log_action(
            actor=actor,
            action="klynge.accounts.user.updated",
            target=user,
            data={"fields": changed},
        )
    return user


EXPIRY_DAYS = (7, 30, 90, 365)  # the lifetimes a token can be given
DEFAULT_EXPIRY_DAYS = 90


def api_token_create(
    *,
    actor: User,
    name: str,
    scope: str = ApiToken.Scope.READ,
    days: int = DEFAULT_EXPIRY_DAYS,
) -> tuple[ApiToken, str]:
    """Create a token for `actor`; returns the row and the raw token, which is never stored."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."), field="name")
    if scope not in ApiToken.Scope.values:
        raise DomainError(_("Choose read or write."), field="scope")
    if days not in EXPIRY_DAYS:
        raise DomainError(_("Choose how long the token lives."), field="days")
    raw = generate_token()
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=actor,
                name=name,
                prefix=display_prefix(raw),
                token_hash=hash_token(raw),
                scope=scope,
                expires_at=timezone.now() + timedelta(days=days),
                password_fingerprint=password_fingerprint(actor.password),
            )
            log_action(
                actor=actor,
                action="klynge.accounts.api_token.created",
                target=token,
                data={"name": name, "scope": scope, "days": days},
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("You already have an active token with this name."), field="name"
        ) from exc
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor | None, token: ApiToken, reason: str = "revoked") -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_reason = reason
        token.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
        log_action(
            actor=actor,
            action="klynge.accounts.api_token.revoked",
            target=token,
            data={"reason": reason},
        )
    return token


def api_tokens_revoke_after_password_change(*, actor: Actor | None, user: User) -> int:
    """Revoke every open token of `user` made under another password than the current one.

    Authentication refuses such tokens anyway (their fingerprint no longer matches); this writes
    the revocation down, with an audit entry per token. Returns how many were revoked.
    """
    current = password_fingerprint(user.password)
    stale = ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(
        password_fingerprint=current
    )
    count = 0
    for token in stale:
        api_token_revoke(actor=actor, token=token, reason="password_changed")
        count += 1
    return count


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active, unexpired token with this value whose owner is active and has not changed their
    password since; notes when it was used. A token of an old password is revoked on the spot."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=hash_token(raw),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    if token.password_fingerprint != password_fingerprint(token.user.password):
        api_tokens_revoke_after_password_change(actor=None, user=token.user)
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
