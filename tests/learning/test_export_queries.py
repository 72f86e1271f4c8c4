"""The course exports (participants, completions) stream with a constant number of queries and
keep their text, in English and Norwegian."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.learning.models import Course, Enrolment
from klynge.members.models import Person
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import PersonFactory
from tests.http import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def _add_enrolments(course: Course, n: int, *, completed: bool = False) -> None:
    people = Person.objects.bulk_create(
        [
            Person(full_name=f"Bulk {course.pk}-{i}", email=f"b{course.pk}-{i}@example.org")
            for i in range(n)
        ]
    )
    status = Enrolment.Status.COMPLETED if completed else Enrolment.Status.ENROLLED
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                course=course,
                person=person,
                status=status,
                completed_on=datetime.date.today() if completed else None,
            )
            for person in people
        ]
    )


def _export(client: Client, url: str, params: dict[str, str]) -> tuple[int, list[list[str]]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        text = body(response).decode("utf-8-sig")
    return len(queries), list(csv.reader(io.StringIO(text)))


def _staff(member_cast: Any) -> Client:
    client = Client()
    client.force_login(member_cast.staff_a)
    return client


def test_participant_export_queries_do_not_grow(member_cast: Any) -> None:
    client = _staff(member_cast)
    counts = []
    for n in (5, 1500):  # 1,500 rows: past the in-memory buffer, so the CSV streams
        course = CourseFactory(cluster=member_cast.cluster_a, capacity=5000)
        _add_enrolments(course, n)
        count, rows = _export(
            client, reverse("learning:enrolments", args=[course.pk]), {"export": "csv"}
        )
        assert len(rows) == n + 1
        counts.append(count)
    assert counts[0] == counts[1] and counts[1] <= 12


def test_completions_export_queries_do_not_grow(member_cast: Any) -> None:
    client = _staff(member_cast)
    url = reverse("learning:completions", args=[member_cast.cluster_a.slug])
    counts = []
    for n in (5, 1500):
        _add_enrolments(
            CourseFactory(cluster=member_cast.cluster_a, capacity=5000), n, completed=True
        )
        count, rows = _export(client, url, {})
        counts.append(count)
    assert len(rows) == 1505 + 1
    assert counts[0] == counts[1] and counts[1] <= 12


def _golden_course(member_cast: Any) -> Course:
    course = CourseFactory(
        cluster=member_cast.cluster_a, further=True, sessions=0, title="Flex", capacity=1
    )
    EnrolmentFactory(
        course=course,
        person=PersonFactory(
            full_name="Ada", email="ada@example.org", organisation=member_cast.org_a
        ),
        status="completed",
        source="staff",
        fee=1200,
        enrolled_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC),
        completed_on=datetime.date.today(),
        credits_earned="7.5",
        completion_evidence="Exam",
        certificate_code="X-1",
    )
    EnrolmentFactory(
        course=course,
        person=PersonFactory(full_name="Bo", email="bo@example.org", organisation=None),
        status="waitlisted",
        waitlist_position=1,
        source="self",
    )
    return course


GOLDEN = {
    "en": (
        [
            [
                "Ada",
                "ada@example.org",
                "Org A AS",
                "Small (10–49)",
                "Completed",
                "",
                "Enrolled by staff",
                "1200",
                "2026-01-01",
                "2026-01-05",
                "7.5",
                "Exam",
                "X-1",
            ],
            [
                "Bo",
                "bo@example.org",
                "",
                "",
                "On the waiting list",
                "1",
                "Self",
                "0",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
        [
            "2026-01-05",
            "Flex",
            "Further education (ECTS credits)",
            "Ada",
            "Org A AS",
            "Small (10–49)",
            "7.5",
            "X-1",
        ],
    ),
    "nb": (
        [
            [
                "Ada",
                "ada@example.org",
                "Org A AS",
                "Liten (10–49)",
                "Fullført",
                "",
                "Påmeldt av klyngeadministrasjonen",
                "1200",
                "2026-01-01",
                "2026-01-05",
                "7.5",
                "Exam",
                "X-1",
            ],
            ["Bo", "bo@example.org", "", "", "På venteliste", "1", "Selv", "0", "", "", "", "", ""],
        ],
        [
            "2026-01-05",
            "Flex",
            "Videreutdanning (studiepoeng)",
            "Ada",
            "Org A AS",
            "Liten (10–49)",
            "7.5",
            "X-1",
        ],
    ),
}


@pytest.mark.parametrize("language", ["en", "nb"])
def test_export_text_is_unchanged(member_cast: Any, language: str) -> None:
    """The rows the exports wrote before they streamed value tuples (labels per row)."""
    course = _golden_course(member_cast)
    member_cast.staff_a.language = language  # the user's language is the one the export speaks
    member_cast.staff_a.save(update_fields=["language"])
    client = _staff(member_cast)
    _count, rows = _export(
        client, reverse("learning:enrolments", args=[course.pk]), {"export": "csv"}
    )
    completions = reverse("learning:completions", args=[member_cast.cluster_a.slug])
    _count, done = _export(client, completions, {})
    participants, completion = GOLDEN[language]
    assert rows[1:] == participants
    assert done[1:] == [completion]
