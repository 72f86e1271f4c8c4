"""Whether the logged-in user is a member contact (for the navigation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .roles import contact_organisation_id


def member_contact(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"my_organisation_id": contact_organisation_id(user) if user is not None else None}
