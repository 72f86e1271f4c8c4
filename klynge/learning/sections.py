"""Parts of other apps' pages, registered in `LearningConfig.ready()` (see klynge.core.extensions).

* "organisation_tabs" → "Courses": courses and completions of an organisation's people.
* "person_sections" → "Learning history": a person's courses, credits and certificates.
* "personal_calendar" → the person's course sessions, for the personal iCal feed (the context
  holds `components`: icalendar VEVENTs, see `calendars.course_sessions_for_person`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from klynge.core.extensions import Section, register

from .calendars import course_sessions_for_person
from .models import Enrolment
from .permissions import can_view_learning_history, can_view_organisation_courses
from .selectors.enrolments import enrolment_list_for_organisation, enrolment_list_for_person

LIMIT = 100


def _summary(enrolments: list[Enrolment]) -> dict[str, Any]:
    completed = [e for e in enrolments if e.status == Enrolment.Status.COMPLETED]
    return {
        "completions": len(completed),
        "credits": sum((e.credits_earned or Decimal("0") for e in completed), Decimal("0")),
        "people": len({e.person_id for e in completed}),
        "ongoing": sum(1 for e in enrolments if e.status != Enrolment.Status.COMPLETED),
    }


def organisation_courses_context(viewer: Any, organisation: Any) -> dict[str, Any]:
    enrolments = list(
        enrolment_list_for_organisation(organisation=organisation, viewer=viewer)[:LIMIT]
    )
    return {
        "learning_organisation": organisation,
        "learning_enrolments": enrolments,
        "learning_summary": _summary(enrolments),
        "learning_limit": LIMIT,
    }


def person_history_context(viewer: Any, person: Any) -> dict[str, Any]:
    enrolments = list(enrolment_list_for_person(person=person, viewer=viewer)[:LIMIT])
    return {
        "learning_person": person,
        "learning_enrolments": enrolments,
        "learning_summary": _summary(enrolments),
    }


def personal_calendar_context(viewer: Any, person: Any) -> dict[str, Any]:
    return {"components": course_sessions_for_person(person)}


def register_sections() -> None:
    register(
        "organisation_tabs",
        Section(
            key="courses",
            label=_("Courses"),
            template="learning/_organisation_tab.html",
            context=organisation_courses_context,
            order=40,
            visible=can_view_organisation_courses,
        ),
    )
    register(
        "person_sections",
        Section(
            key="learning",
            label=_("Learning history"),
            template="learning/_person_section.html",
            context=person_history_context,
            order=40,
            visible=can_view_learning_history,
        ),
    )
    register(
        "personal_calendar",
        Section(
            key="learning",
            label=_("Course sessions"),
            template="",
            context=personal_calendar_context,
            order=40,
        ),
    )
