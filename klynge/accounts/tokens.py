"""Generating and hashing personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "kly_"


def generate_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def display_prefix(raw: str) -> str:
    return raw[: len(TOKEN_PREFIX) + 6]


def password_fingerprint(password_hash: str) -> str:
    """What a token remembers of its owner's password (a digest of the stored, salted hash): when
    the password changes, the fingerprint no longer matches and the token is dead."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()
