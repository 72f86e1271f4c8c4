"""Collaboration projects: projects and their lineage, partners, budgets, milestones, outcomes, ideas."""

from .ideas import Idea, IdeaInterest
from .outcomes import Milestone, Outcome
from .parts import FundingSource, ProjectObjective, ProjectPartner
from .project import Project

__all__ = [
    "FundingSource",
    "Idea",
    "IdeaInterest",
    "Milestone",
    "Outcome",
    "Project",
    "ProjectObjective",
    "ProjectPartner",
]
