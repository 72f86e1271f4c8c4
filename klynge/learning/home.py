"""Learning's widget on the home page: a person's ongoing courses."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.accounts.typing import Viewer
from klynge.core.extensions import HomeScope, Section, register

from .permissions import can_view_own_courses


def _my_courses(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors.enrolments import enrolment_list_ongoing_for_user

    items = []
    for enrolment in enrolment_list_ongoing_for_user(user=viewer):
        start = getattr(enrolment, "course_first_start", None)  # annotated by the selector
        meta = enrolment.get_status_display()
        if start:
            meta = formats.date_format(start, "SHORT_DATE_FORMAT") + " · " + meta
        items.append(
            {
                "text": enrolment.course.title,
                "url": reverse("learning:course", args=[enrolment.course_id]),
                "meta": meta,
            }
        )
    return {
        "title": _("My courses"),
        "items": items,
        "empty": _("You take no course now."),
        "links": [
            (_("All my courses"), reverse("learning:mine")),
            (_("Courses"), reverse("learning:list")),
        ],
    }


def register_home() -> None:
    register(
        "home",
        Section(
            "my-courses",
            gettext_lazy("My courses"),
            "components/home_widget.html",
            _my_courses,
            order=15,
            visible=lambda viewer, scope: can_view_own_courses(viewer),
        ),
    )
