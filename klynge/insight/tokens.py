"""Personal survey links: token = HMAC(secret key, the invitation's salt); only its hash is stored.

Rebuilding the token needs the secret key as well as the database, so a copy of the database gives
no working links; changing SECRET_KEY makes earlier links stop working (send reminders after it).
"""

from __future__ import annotations

import base64
import secrets

from django.utils.crypto import salted_hmac

from klynge.accounts.tokens import hash_token

KEY_SALT = "klynge.insight.invitation"


def new_salt() -> str:
    return secrets.token_hex(16)


def link_token(salt: str) -> str:
    digest = salted_hmac(KEY_SALT, salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def token_hash_for(salt: str) -> str:
    return hash_token(link_token(salt))
