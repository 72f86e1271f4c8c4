"""The certificate PDF of a completion (WeasyPrint), always in Norwegian and English.

The certificate is a document, not a screen: it carries both languages whatever language the
reader uses, so its wording lives here (both languages side by side) instead of in the
translation catalogue.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from klynge.core.links import absolute_url

from .models import Course, Enrolment

MONTHS_NB = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

KIND: dict[str, tuple[str, str]] = {
    Course.Kind.FURTHER_EDUCATION: ("Videreutdanning", "Further education"),
    Course.Kind.CONTINUING_EDUCATION: ("Etterutdanning", "Continuing education"),
    Course.Kind.SHORT_COURSE: ("Kurs", "Short course"),
    Course.Kind.WEBINAR_SERIES: ("Webinarserie", "Webinar series"),
}
LEVEL: dict[str, tuple[str, str]] = {
    Course.Level.INTRODUCTORY: ("grunnleggende nivå", "introductory level"),
    Course.Level.INTERMEDIATE: ("middels nivå", "intermediate level"),
    Course.Level.ADVANCED: ("avansert nivå", "advanced level"),
    Course.Level.BACHELOR: ("bachelornivå", "bachelor level"),
    Course.Level.MASTER: ("masternivå", "master level"),
}
TEXT = {
    "title": ("Kursbevis", "Certificate of completion"),
    "certify": ("Dette bekrefter at", "This is to certify that"),
    "completed": ("har fullført", "has completed"),
    "ran": ("Kurset gikk", "The course ran"),
    "completed_on": ("Fullført", "Completed"),
    "taught_by": ("Undervist av", "Taught by"),
    "offered_by": ("I regi av", "Offered by"),
    "outcomes": ("Læringsutbytte", "Learning outcomes"),
    "number": ("Sertifikatnummer", "Certificate number"),
    "verify": ("Kontroller beviset på", "Verify this certificate at"),
}


def date_nb(day: datetime.date) -> str:
    return f"{day.day}. {MONTHS_NB[day.month - 1]} {day.year}"


def date_en(day: datetime.date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def credits_nb(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",") + " studiepoeng (ECTS)"


def credits_en(value: Decimal) -> str:
    return f"{value.normalize():f} ECTS credits"


def _period(course: Course) -> tuple[str, str] | None:
    starts, ends = course.starts_at, course.ends_at
    if starts is None or ends is None:
        return None
    first, last = timezone.localdate(starts), timezone.localdate(ends)
    if first == last:
        return date_nb(first), date_en(first)
    return f"{date_nb(first)} – {date_nb(last)}", f"{date_en(first)} – {date_en(last)}"


def certificate_context(enrolment: Enrolment) -> dict[str, Any]:
    course = enrolment.course
    kind_nb, kind_en = KIND[course.kind]
    level_nb, level_en = LEVEL[course.level]
    credits, completed_on = enrolment.credits_earned, enrolment.completed_on
    if completed_on is None:  # a completion always has its date (a database constraint)
        raise ValueError("Only completed enrolments have a certificate.")
    return {
        "enrolment": enrolment,
        "course": course,
        "person_name": enrolment.person.full_name,
        "text": TEXT,
        "kind": (f"{kind_nb}, {level_nb}", f"{kind_en}, {level_en}"),
        "credits": (credits_nb(credits), credits_en(credits)) if credits else None,
        "period": _period(course),
        "completed_on": (date_nb(completed_on), date_en(completed_on)),
        "verify_url": absolute_url(
            reverse("learning:certificate_verify", args=[enrolment.certificate_code])
        ),
    }


def certificate_pdf(enrolment: Enrolment) -> bytes:
    """One A4 page for one completion. Only completed enrolments have a certificate."""
    from weasyprint import HTML

    if enrolment.status != Enrolment.Status.COMPLETED or not enrolment.certificate_code:
        raise ValueError("Only completed enrolments have a certificate.")
    with timezone.override("Europe/Oslo"):
        html = render_to_string("learning/certificate.html", certificate_context(enrolment))
    return HTML(string=html).write_pdf()


def certificate_filename(enrolment: Enrolment) -> str:
    return f"certificate-{enrolment.certificate_code}.pdf"
