"""News API: a cluster's posts as the viewer may see them; the team writes and publishes.

Same predicates as the pages (klynge.communication.permissions); same services.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from klynge.communication import selectors
from klynge.communication.models import Post
from klynge.communication.permissions import can_manage_news, can_view_post
from klynge.communication.services import posts as services
from klynge.core.permissions import acting, require

from ..auth import AUTH_OPTIONAL
from ..lookups import path_cluster
from ..pagination import PageNumber
from ..patching import patch_changes
from ..schemas.communication import PostCreateIn, PostOut, PostPatchIn

router = Router(tags=["news"])


def _post(request: HttpRequest, post_id: int) -> Post:
    post = Post.objects.select_related("cluster").filter(pk=post_id).first()
    if post is None or not can_view_post(request.user, post):
        raise Http404
    return post


@router.get(
    "/clusters/{slug}/news",
    response=list[PostOut],
    auth=AUTH_OPTIONAL,
    summary="A cluster's published news the caller may read (members-only posts for members)",
)
@paginate(PageNumber)
def post_list(request: HttpRequest, slug: str, drafts: bool = False) -> Any:
    cluster = path_cluster(slug)
    if drafts:
        require(can_manage_news, request.user, cluster)
        return selectors.post_list_manage(cluster=cluster)
    return selectors.post_list_visible(viewer=request.user, cluster=cluster)


@router.post("/clusters/{slug}/news", response={201: PostOut}, summary="Write a post (team)")
def post_create(request: HttpRequest, slug: str, payload: PostCreateIn) -> Any:
    cluster = path_cluster(slug)
    require(can_manage_news, request.user, cluster)
    data = payload.dict()
    publish_at = data.pop("publish_at")
    post = services.post_create(
        actor=acting(request.user), cluster=cluster, publish_at=publish_at, **data
    )
    return Status(201, post)


@router.get("/news/{post_id}", response=PostOut, auth=AUTH_OPTIONAL, summary="One post")
def post_detail(request: HttpRequest, post_id: int) -> Post:
    return _post(request, post_id)


@router.patch("/news/{post_id}", response=PostOut, summary="Change a post (team)")
def post_patch(request: HttpRequest, post_id: int, payload: PostPatchIn) -> Post:
    post = _post(request, post_id)
    require(can_manage_news, request.user, post.cluster)
    # null leaves a text, the visibility or the pin as it is; a null publish_at unpublishes
    changes = patch_changes(payload, clearable={"publish_at"})
    return services.post_update(actor=acting(request.user), post=post, **changes)


@router.post("/news/{post_id}/publish", response=PostOut, summary="Publish a post now (team)")
def post_publish(request: HttpRequest, post_id: int) -> Post:
    post = _post(request, post_id)
    require(can_manage_news, request.user, post.cluster)
    return services.post_publish(actor=acting(request.user), post=post)


@router.delete("/news/{post_id}", response={204: None}, summary="Delete a post (team)")
def post_delete(request: HttpRequest, post_id: int) -> Any:
    post = _post(request, post_id)
    require(can_manage_news, request.user, post.cluster)
    services.post_delete(actor=acting(request.user), post=post)
    return Status(204, None)
