from __future__ import annotations

from .types import Schema


class RoleOut(Schema):
    cluster: str
    role: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    is_programme_officer: bool
    is_superuser: bool
    cluster_roles: list[RoleOut]
