"""Writes for accounts: users' preferences and personal API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from .models import ApiToken, User
from .tokens import display_prefix, generate_token, hash_token

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


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `actor`; returns the row and the raw token, which is never stored."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."), field="name")
    raw = generate_token()
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=actor, name=name, prefix=display_prefix(raw), token_hash=hash_token(raw)
            )
            log_action(
                actor=actor,
                action="klynge.accounts.api_token.created",
                target=token,
                data={"name": name},
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("You already have an active token with this name."), field="name"
        ) from exc
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        log_action(actor=actor, action="klynge.accounts.api_token.revoked", target=token)
    return token


def api_token_authenticate(raw: str) -> User | None:
    """Return the active user owning this active token, and note when it was used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
