from .posts import (
    post_get,
    post_list_for_clusters,
    post_list_latest_for_member,
    post_list_manage,
    post_list_public,
    post_list_visible,
)

__all__ = [
    "post_get",
    "post_list_for_clusters",
    "post_list_latest_for_member",
    "post_list_manage",
    "post_list_public",
    "post_list_visible",
]
