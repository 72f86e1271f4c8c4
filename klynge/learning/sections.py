"""Parts of other apps' pages, registered in `LearningConfig.ready()` (see klynge.core.extensions).

* "cluster_sections" → "Courses open for enrolment" on the cluster page and the home page.
* "organisation_tabs" → "Courses": courses and completions of an organisation's people.
* "person_sections" → "Learning history": a person's courses, credits and certificates.
* "personal_calendar" → the person's course sessions, for the personal iCal feed (the context
  holds `components`: icalendar VEVENTs, see `calendars.course_sessions_for_person`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from klynge.accounts.typing import Viewer
from klynge.core.extensions import Section, register

from .calendars import course_sessions_for_person
from .models import Enrolment
from .permissions import (
    can_create_course,
    can_view_competence_kpis,
    can_view_learning_history,
    can_view_organisation_courses,
)
from .selectors.courses import course_list_open_for_cluster
from .selectors.enrolments import enrolment_list_for_organisation, enrolment_list_for_person

LIMIT = 100


class _Summary:
    """Completions, credits, people and ongoing enrolments, computed when a page shows them."""

    def __init__(self, enrolments: Any) -> None:
        self._enrolments = enrolments

    @cached_property
    def _completed(self) -> list[Enrolment]:
        return [e for e in self._enrolments if e.status == Enrolment.Status.COMPLETED]

    @property
    def completions(self) -> int:
        return len(self._completed)

    @property
    def credits(self) -> Decimal:
        return sum((e.credits_earned or Decimal("0") for e in self._completed), Decimal("0"))

    @property
    def people(self) -> int:
        return len({e.person_id for e in self._completed})

    @property
    def ongoing(self) -> int:
        return len(self._enrolments) - len(self._completed)


def _lazy(queryset: QuerySet[Enrolment]) -> dict[str, Any]:
    """The rows load only if the section is rendered (pages compute every tab's context)."""
    enrolments = SimpleLazyObject(lambda: list(queryset[:LIMIT]))
    return {"learning_enrolments": enrolments, "learning_summary": _Summary(enrolments)}


def organisation_courses_context(viewer: Viewer, organisation: Any) -> dict[str, Any]:
    enrolments = enrolment_list_for_organisation(organisation=organisation, viewer=viewer)
    return {
        "learning_organisation": organisation,
        "learning_limit": LIMIT,
        **_lazy(enrolments),
    }


def person_history_context(viewer: Viewer, person: Any) -> dict[str, Any]:
    enrolments = enrolment_list_for_person(person=person, viewer=viewer)
    return {"learning_person": person, **_lazy(enrolments)}


def cluster_courses_context(viewer: Viewer, cluster: Any) -> dict[str, Any]:
    courses = course_list_open_for_cluster(user=viewer, cluster=cluster)
    return {
        "learning_cluster": cluster,
        "learning_open_courses": SimpleLazyObject(lambda: list(courses[:5])),
        "learning_can_create": can_create_course(viewer, cluster),
        "learning_can_view_kpis": can_view_competence_kpis(viewer, cluster),
    }


def personal_calendar_context(viewer: Viewer, person: Any) -> dict[str, Any]:
    return {"components": course_sessions_for_person(person)}


def register_sections() -> None:
    register(
        "cluster_sections",
        Section(
            key="courses",
            label=_("Courses open for enrolment"),
            template="learning/_cluster_courses.html",
            context=cluster_courses_context,
            order=20,
        ),
    )
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
