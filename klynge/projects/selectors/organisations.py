"""The projects tab on an organisation's page: its partnerships and ideas the viewer may see."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser
from klynge.members.models import Organisation
from klynge.members.roles import contact_organisation_id, is_member_contact_in

from ..models import Idea, Project, ProjectPartner


def projects_for_organisation(
    organisation: Organisation, viewer: Viewer
) -> QuerySet[ProjectPartner]:
    """The organisation's project partnerships the viewer may see, newest project first.

    Visible: everything to superusers and programme officers; to a cluster team, projects its
    cluster leads or takes part in; to a member contact, the projects of their own organisation
    and the projects their organisation shares with this one.
    """
    rows = ProjectPartner.objects.filter(organisation=organisation).select_related(
        "project", "project__lead_cluster"
    )
    if not is_authenticated(viewer):
        return rows.none()
    if not (is_superuser(viewer) or is_programme_officer(viewer)):
        team = list(cluster_roles(viewer))
        taking_part = Project.clusters.through.objects.filter(cluster_id__in=team).values(
            "project_id"
        )
        visible = Q(project__lead_cluster_id__in=team) | Q(project_id__in=taking_part)
        org_id = contact_organisation_id(viewer)
        if org_id == organisation.pk:
            visible = Q()
        elif org_id is not None:
            shared = ProjectPartner.objects.filter(organisation_id=org_id).values("project_id")
            visible |= Q(project_id__in=shared)
        rows = rows.filter(visible)
    return rows.order_by(F("project__start_date").desc(nulls_last=True), "-project_id")


def ideas_for_organisation(organisation: Organisation, viewer: Viewer) -> list[Idea]:
    """Open ideas the organisation posted, on boards the viewer can read."""
    ideas = Idea.objects.filter(organisation=organisation, status=Idea.Status.OPEN).select_related(
        "cluster"
    )
    if is_superuser(viewer):
        return list(ideas)
    team = set(cluster_roles(viewer))
    return [i for i in ideas if i.cluster_id in team or is_member_contact_in(viewer, i.cluster_id)]


def organisation_tab_context(
    organisation: Organisation, viewer: Viewer, limit: int = 50
) -> dict[str, Any]:
    """Everything `projects/_organisation_tab.html` needs, for the organisation page to include."""
    return {
        "organisation": organisation,
        "project_partnerships": list(projects_for_organisation(organisation, viewer)[:limit]),
        "project_ideas": ideas_for_organisation(organisation, viewer),
    }
