"""Signed links of newsletters: unsubscribe/preferences, subscription confirmation, counted clicks.

Nothing is stored for them: each token is signed with SECRET_KEY (django.core.signing) under its own
salt, so one kind of link can never be used as another, and no address can be guessed or changed.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core import signing

UNSUBSCRIBE = "klynge.communication.unsubscribe"
CONFIRM = "klynge.communication.confirm"
CLICK = "klynge.communication.click"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def reader_hash(newsletter_id: int, email: str) -> str:
    """A reader of one newsletter, for unique counts, without keeping their address."""
    return hashlib.sha256(f"{newsletter_id}:{email.strip().lower()}".encode()).hexdigest()[:32]


def unsubscribe_token(*, cluster_id: int, email: str, newsletter_id: int | None) -> str:
    return signing.dumps(
        {"c": cluster_id, "e": email.strip().lower(), "n": newsletter_id},
        salt=UNSUBSCRIBE,
        compress=True,
    )


def read_unsubscribe(token: str) -> dict[str, Any] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE)
    except signing.BadSignature:
        return None
    return {"cluster_id": data["c"], "email": data["e"], "newsletter_id": data.get("n")}


def confirm_token(*, subscriber_id: int, email: str) -> str:
    return signing.dumps({"s": subscriber_id, "e": email.strip().lower()}, salt=CONFIRM)


def read_confirm(token: str) -> dict[str, Any] | None:
    """The subscriber the confirmation link names, if it is genuine and under a week old."""
    try:
        data = signing.loads(token, salt=CONFIRM, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return {"subscriber_id": data["s"], "email": data["e"]}


def click_token(*, newsletter_id: int, url: str, reader: str) -> str:
    return signing.dumps({"n": newsletter_id, "u": url, "r": reader}, salt=CLICK, compress=True)


def read_click(token: str) -> dict[str, Any] | None:
    try:
        data = signing.loads(token, salt=CLICK)
    except signing.BadSignature:
        return None
    return {"newsletter_id": data["n"], "url": data["u"], "reader": data["r"]}
