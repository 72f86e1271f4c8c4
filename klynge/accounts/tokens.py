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
