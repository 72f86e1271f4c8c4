from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from klynge.clusters.selectors import cluster_role_list_for_user
from klynge.core.permissions import acting

from ..schemas.accounts import MeOut

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, summary="The authenticated user and their roles")
def me(request: HttpRequest) -> dict:
    user = acting(request.user)
    roles = cluster_role_list_for_user(user=user)
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "is_programme_officer": user.is_programme_officer,
        "is_superuser": user.is_superuser,
        "cluster_roles": [{"cluster": r.cluster.slug, "role": r.role} for r in roles],
    }
