"""The Atom feed of a cluster's public news (links built from KLYNGE_BASE_URL)."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from klynge.clusters.models import Cluster
from klynge.core.links import absolute_url

from .markdown import render_markdown
from .models import Post
from .selectors import post_list_public
from .views.news import cluster_or_404


class ClusterNewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Cluster:  # type: ignore[override]  # Feed passes the URL slug
        return cluster_or_404(slug)

    def title(self, cluster: Cluster) -> str:
        return f"{cluster.name}: News"

    def link(self, cluster: Cluster) -> str:
        return absolute_url(reverse("communication:news", args=[cluster.slug]))

    def subtitle(self, cluster: Cluster) -> str:
        return cluster.name

    def items(self, cluster: Cluster) -> Any:
        return post_list_public(cluster=cluster)[:30]

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        return render_markdown(post.body) if post.body else post.summary

    def item_link(self, post: Post) -> str:
        return absolute_url(post.get_absolute_url())

    def item_guid(self, post: Post) -> str:
        return absolute_url(post.get_absolute_url())

    def item_pubdate(self, post: Post) -> Any:
        return post.publish_at

    def item_updateddate(self, post: Post) -> Any:
        return post.updated_at
