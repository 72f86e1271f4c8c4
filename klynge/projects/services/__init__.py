"""Writes for projects and ideas. Every function is keyword-only, takes an actor and is audited."""

from .ideas import idea_convert, idea_interest_set, idea_post, idea_update, idea_withdraw
from .lineage import project_create_main_project, project_set_predecessor
from .outcomes import (
    milestone_add,
    milestone_remove,
    milestone_update,
    outcome_record,
    outcome_remove,
    outcome_update,
)
from .parts import (
    funding_source_add,
    funding_source_remove,
    partner_add,
    partner_remove,
    partner_update,
)
from .projects import project_budget_update, project_create, project_transition, project_update

__all__ = [
    "funding_source_add",
    "funding_source_remove",
    "idea_convert",
    "idea_interest_set",
    "idea_post",
    "idea_update",
    "idea_withdraw",
    "milestone_add",
    "milestone_remove",
    "milestone_update",
    "outcome_record",
    "outcome_remove",
    "outcome_update",
    "partner_add",
    "partner_remove",
    "partner_update",
    "project_budget_update",
    "project_create",
    "project_create_main_project",
    "project_set_predecessor",
    "project_transition",
    "project_update",
]
