"""Who may do what with notifications. A cluster's own log is decided in `clusters.permissions`."""

from __future__ import annotations

from typing import Any

from klynge.core.permissions import is_authenticated, is_superuser
from klynge.core.typing import BaseViewer


def can_edit_notification_settings(user: BaseViewer, obj: Any = None) -> bool:
    """Anyone logged in chooses the optional mails sent to their own address."""
    return is_authenticated(user) and bool(getattr(user, "email", ""))


def can_view_all_deliveries(user: BaseViewer, obj: Any = None) -> bool:
    """The whole delivery log (every cluster, and mails of no cluster such as password resets)."""
    return is_superuser(user)
