"""Who may do what with projects and ideas. Each predicate takes (user, obj).

Roles: the cluster team (manager/staff of the lead cluster; staff of a participating cluster read),
programme officers (read every portfolio, record funding decisions), superusers, and member contacts
(they see the projects their organisation takes part in and the ideas board of their clusters).
"""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles, is_manager_of, is_team_of
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser
from klynge.members.roles import contact_organisation_id, is_contact_of, is_member_contact_in

# --- per cluster (obj is a Cluster) -------------------------------------------------------------


def can_view_portfolio(user: Viewer, cluster: Any) -> bool:
    """The portfolio list: the whole list for the team and officers, own projects for contacts."""
    return can_oversee_portfolio(user, cluster) or is_member_contact_in(user, cluster)


def can_oversee_portfolio(user: Viewer, cluster: Any) -> bool:
    """Every project of the cluster, the pipeline, KPIs and exports."""
    return is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user)


def can_create_project(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster)


def can_view_idea_board(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster) or is_member_contact_in(user, cluster)


def can_post_idea(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster) or is_member_contact_in(user, cluster)


# --- per project (obj is a Project) -------------------------------------------------------------


def _participating_cluster_ids(project: Any) -> set[int]:
    cached = getattr(project, "_klynge_cluster_ids", None)
    if cached is None:
        if "clusters" in getattr(project, "_prefetched_objects_cache", {}):
            others = {cluster.pk for cluster in project.clusters.all()}
        else:
            others = set(project.clusters.values_list("pk", flat=True))
        cached = {project.lead_cluster_id, *others}
        project._klynge_cluster_ids = cached
    return cached


def _partner_organisation_ids(project: Any) -> set[int]:
    cached = getattr(project, "_klynge_partner_org_ids", None)
    if cached is None:
        if "partners" in getattr(project, "_prefetched_objects_cache", {}):
            cached = {partner.organisation_id for partner in project.partners.all()}
        else:
            cached = set(project.partners.values_list("organisation_id", flat=True))
        project._klynge_partner_org_ids = cached
    return cached


def can_view_project(user: Viewer, project: Any) -> bool:
    if not is_authenticated(user):
        return False
    if is_superuser(user) or is_programme_officer(user):
        return True
    roles = cluster_roles(user)
    if any(cluster_id in roles for cluster_id in _participating_cluster_ids(project)):
        return True
    org_id = contact_organisation_id(user)
    return org_id is not None and org_id in _partner_organisation_ids(project)


def can_edit_project(user: Viewer, project: Any) -> bool:
    """Details, budget, partners, milestones, outcomes, lineage and the usual status changes."""
    return is_superuser(user) or is_team_of(user, project.lead_cluster_id)


def can_record_project_decision(user: Viewer, project: Any) -> bool:
    """Approve or reject an application: the lead cluster's team or the programme owner."""
    return can_edit_project(user, project) or is_programme_officer(user)


def can_reopen_project(user: Viewer, project: Any) -> bool:
    """Take a completed, cancelled or rejected project back into work: managers only."""
    return is_superuser(user) or is_manager_of(user, project.lead_cluster_id)


def can_view_project_history(user: Viewer, project: Any) -> bool:
    return (
        is_superuser(user)
        or is_team_of(user, project.lead_cluster_id)
        or is_programme_officer(user)
    )


# --- per idea (obj is an Idea) ------------------------------------------------------------------


def can_view_idea(user: Viewer, idea: Any) -> bool:
    if idea.status == "open":
        return can_view_idea_board(user, idea.cluster_id)
    return (
        is_superuser(user)
        or is_team_of(user, idea.cluster_id)
        or (idea.organisation_id is not None and is_contact_of(user, idea.organisation_id))
    )


def can_edit_idea(user: Viewer, idea: Any) -> bool:
    """Edit or withdraw: the contacts of the organisation that posted it, and the cluster team."""
    if is_superuser(user) or is_team_of(user, idea.cluster_id):
        return True
    if idea.organisation_id is not None:
        return is_contact_of(user, idea.organisation_id)
    return is_authenticated(user) and idea.posted_by_id == user.pk


def can_express_interest(user: Viewer, idea: Any) -> bool:
    """Member contacts of the cluster, for their organisation, on other organisations' ideas."""
    org_id = contact_organisation_id(user)
    if org_id is None or org_id == idea.organisation_id:
        return False
    return is_member_contact_in(user, idea.cluster_id)


def can_convert_idea(user: Viewer, idea: Any) -> bool:
    """Turn an idea into a project with the interested organisations as candidate partners."""
    return is_superuser(user) or is_team_of(user, idea.cluster_id)


def can_change_project_status(user: Viewer, project: Any) -> bool:
    """Take some step of the project workflow (which step, its transitions table decides)."""
    from .workflow import PROJECT_WORKFLOW

    return PROJECT_WORKFLOW.may_act(user, project)
