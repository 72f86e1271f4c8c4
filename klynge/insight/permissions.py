"""Who may do what with surveys and engagement figures.

Roles: the cluster team (staff build surveys, look at results and export them; the manager also
sends invitations and reminders, deletes surveys and sets the engagement weights), programme
officers (read-only: surveys, aggregated results, engagement and reach; never raw responses),
superusers, and respondents: whoever holds a personal link, or the logged-in person it was sent to.
Nobody reads another respondent's answers: results are aggregates, exports are for the team.
"""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles, is_manager_of, is_team_of
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser
from klynge.members.roles import (
    contact_organisation_id,
    is_member_contact_in,
    organisation_cluster_ids,
)

# --- per cluster (obj is a Cluster) -------------------------------------------------------------


def can_view_surveys(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user)


def can_create_survey(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster)


def can_view_engagement(user: Viewer, cluster: Any) -> bool:
    """Engagement list, reach, dormant members and their exports."""
    return is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user)


def can_manage_engagement_settings(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_manager_of(user, cluster)


# --- per survey (obj is a Survey) ---------------------------------------------------------------


def can_view_survey(user: Viewer, survey: Any) -> bool:
    """The survey's structure, response rate and aggregated results."""
    return can_view_surveys(user, survey.cluster_id)


def can_edit_survey(user: Viewer, survey: Any) -> bool:
    """Build, preview and copy the survey; set its dates."""
    return is_superuser(user) or is_team_of(user, survey.cluster_id)


def can_send_survey(user: Viewer, survey: Any) -> bool:
    """Choose the audience, send invitations, set reminder dates, delete an unanswered survey."""
    return is_superuser(user) or is_manager_of(user, survey.cluster_id)


def can_view_results(user: Viewer, survey: Any) -> bool:
    return can_view_survey(user, survey)


def can_export_responses(user: Viewer, survey: Any) -> bool:
    """Response rows (CSV/XLSX; anonymous surveys without any person or group column)."""
    return is_superuser(user) or is_team_of(user, survey.cluster_id)


# --- per invitation (obj is an Invitation) ------------------------------------------------------


def can_answer_invitation(user: Viewer, invitation: Any) -> bool:
    """The holder of the personal link, or the logged-in person the invitation was sent to.

    Views set `invitation.opened_by_link = True` when they found it by the link's token.
    """
    if getattr(invitation, "opened_by_link", False):
        return True
    if not is_authenticated(user) or invitation.person_id is None:
        return False
    person = invitation.person
    return person.user_id == user.pk and person.anonymised_at is None


# --- per organisation (obj is an Organisation) --------------------------------------------------


def can_view_activity(user: Viewer, organisation: Any) -> bool:
    """An organisation's activity timeline and engagement score."""
    if not is_authenticated(user):
        return False
    if is_superuser(user) or is_programme_officer(user):
        return True
    if contact_organisation_id(user) == organisation.pk:
        return True
    roles = cluster_roles(user)
    return any(c in roles for c in organisation_cluster_ids(organisation, active_only=False))


# --- collaboration network (obj is a Cluster or an Organisation) --------------------------------


def can_view_network(user: Viewer, cluster: Any) -> bool:
    """The cluster's whole network, its figures and exports: the team, programme officers, and the
    member contacts of the cluster's members once the manager shares it with members."""
    if is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user):
        return True
    if not is_authenticated(user):
        return False
    from .selectors.network import network_shared_with_members

    return is_member_contact_in(user, cluster) and network_shared_with_members(cluster)


def can_manage_network(user: Viewer, cluster: Any) -> bool:
    """Whether members may see the whole network, and how big an event may be to link people."""
    return is_superuser(user) or is_manager_of(user, cluster)


def can_view_ego_network(user: Viewer, organisation: Any) -> bool:
    """An organisation's own network: its contacts, the teams of its clusters, officers."""
    return can_view_activity(user, organisation)


# --- dashboard and peer benchmarking -------------------------------------------------------------


def can_view_dashboard(user: Viewer, cluster: Any) -> bool:
    """The cluster's dashboard and its PDF report: the team and programme officers."""
    return is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user)


def can_view_benchmark(user: Viewer, cluster: Any) -> bool:
    """Where the cluster stands among its peers: its team (others anonymised unless the programme
    setting shows names) and programme officers (every cluster by name)."""
    return is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user)


def can_view_programme_benchmark(user: Viewer, obj: Any = None) -> bool:
    """Every cluster beside its peers, by name, with the XLSX export."""
    return is_superuser(user) or is_programme_officer(user)
