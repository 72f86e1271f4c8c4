"""Reads for the ideas board and the organisation page."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.members.roles import contact_organisation_id

from ..models import Idea, IdeaInterest


def idea_list_for_board(
    *,
    cluster: Cluster,
    viewer: Viewer,
    status: str = Idea.Status.OPEN,
    search: str = "",
    topic: str = "",
) -> QuerySet[Idea]:
    """The ideas of a cluster with interest counts and whether the viewer's organisation is in."""
    org_id = contact_organisation_id(viewer)
    ideas = Idea.objects.filter(cluster=cluster)
    if status:
        ideas = ideas.filter(status=status)
    if search:
        ideas = ideas.filter(
            Q(title__icontains=search)
            | Q(description__icontains=search)
            | Q(partners_needed__icontains=search)
        )
    if topic:
        ideas = ideas.filter(
            pk__in=Idea.topics.through.objects.filter(topic__slug=topic).values("idea_id")
        )
    mine: Any = Value(False, output_field=BooleanField())
    if org_id is not None:
        mine = Exists(IdeaInterest.objects.filter(idea=OuterRef("pk"), organisation_id=org_id))
    return (
        ideas.select_related("organisation", "project")
        .prefetch_related("topics")
        .annotate(interest_count=Count("interests", distinct=True), viewer_interested=mine)
        .order_by("-created_at", "-id")
    )


def idea_get(*, pk: int) -> Idea:
    return (
        Idea.objects.select_related("cluster", "organisation", "posted_by", "project")
        .prefetch_related(
            "topics",
            Prefetch(
                "interests", queryset=IdeaInterest.objects.select_related("organisation", "user")
            ),
        )
        .get(pk=pk)
    )
