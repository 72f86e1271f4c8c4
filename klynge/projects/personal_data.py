"""What projects hold about a person: partnerships where they are the contact, ideas they back."""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Actor
from klynge.core.personal_data import PersonalData, register_personal_data
from klynge.members.models import Person

from .models import IdeaInterest, ProjectPartner


def export_partnerships(person: Person) -> list[dict[str, Any]]:
    rows = ProjectPartner.objects.filter(contact=person).select_related("project", "organisation")
    return [
        {
            "project": partner.project.title,
            "organisation": partner.organisation.name,
            "role": partner.role,
            "status": partner.status,
        }
        for partner in rows.order_by("pk")
    ]


def erase_partnerships(*, actor: Actor | None, person: Person) -> None:
    ProjectPartner.objects.filter(contact=person).update(contact=None)


def export_interests(person: Person) -> list[dict[str, Any]]:
    if not person.user_id:
        return []
    rows = IdeaInterest.objects.filter(user_id=person.user_id).select_related("idea")
    return [{"idea": i.idea.title, "at": i.created_at} for i in rows.order_by("pk")]


def register() -> None:
    register_personal_data(
        PersonalData(
            key="project_partnerships",
            fields={"projects.ProjectPartner": ("contact",)},
            export=export_partnerships,
            erase=erase_partnerships,
            order=40,
        )
    )
    register_personal_data(
        PersonalData(
            key="idea_interests",
            fields={"projects.IdeaInterest": ("user",)},
            export=export_interests,
            order=41,
            note="points at the login, which the anonymisation scrubs",
        )
    )
