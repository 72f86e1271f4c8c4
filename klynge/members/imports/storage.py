"""Uploaded import files kept server-side between preview and confirm.

A file is stored under `MEDIA_ROOT/imports/<token>.upload`, where the token is random; the session
remembers which tokens belong to the user (and for which cluster and file name), so the client never
sends the content again and the confirm step recomputes everything from the stored bytes. Files are
deleted after confirm/cancel, and any older than `KLYNGE_IMPORT_TTL_SECONDS` are purged.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings

SESSION_KEY = "klynge_member_imports"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def ttl_seconds() -> int:
    return int(settings.KLYNGE_IMPORT_TTL_SECONDS)


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _path(token: str) -> Path:
    if not _TOKEN.match(token):
        raise ValueError("bad token")
    return upload_dir() / f"{token}.upload"


def save_upload(session: Any, *, cluster_id: int, filename: str, content: bytes) -> str:
    """Store the bytes, remember them in the session and return the token."""
    purge_expired()
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path = _path(token)
    path.write_bytes(content)
    path.chmod(0o600)
    uploads = dict(session.get(SESSION_KEY, {}))
    uploads[token] = {"cluster": cluster_id, "filename": filename[:200], "at": int(time.time())}
    session[SESSION_KEY] = uploads
    return token


def load_upload(session: Any, token: str, *, cluster_id: int) -> tuple[str, bytes] | None:
    """(filename, content) of an upload of this session and cluster that has not expired."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if not entry or entry.get("cluster") != cluster_id or not _TOKEN.match(token):
        return None
    if time.time() - entry.get("at", 0) > ttl_seconds():
        delete_upload(session, token)
        return None
    try:
        return entry["filename"], _path(token).read_bytes()
    except OSError:
        return None


def delete_upload(session: Any, token: str) -> None:
    uploads = dict(session.get(SESSION_KEY, {}))
    uploads.pop(token, None)
    session[SESSION_KEY] = uploads
    if _TOKEN.match(token):
        _path(token).unlink(missing_ok=True)


def purge_expired(now: float | None = None) -> int:
    """Delete stored uploads older than the time-to-live; return how many were deleted."""
    directory = upload_dir()
    if not directory.is_dir():
        return 0
    limit = (now or time.time()) - ttl_seconds()
    removed = 0
    for path in directory.glob("*.upload"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
