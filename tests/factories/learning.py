from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from klynge.learning.models import Course, CourseSession, Enrolment

from .clusters import ClusterFactory
from .events import in_days
from .members import PersonFactory


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    cluster = factory.SubFactory(ClusterFactory)
    title = factory.Sequence(lambda n: f"Course {n}")
    description = "A fictional test course."
    kind = Course.Kind.SHORT_COURSE
    credits = None
    format = Course.Format.ON_CAMPUS
    status = Course.Status.PUBLISHED
    open_to = Course.OpenTo.EVERYONE
    capacity = None
    fee = 0

    class Params:
        further = factory.Trait(
            kind=Course.Kind.FURTHER_EDUCATION, credits=Decimal("7.5"), level=Course.Level.MASTER
        )

    @factory.post_generation
    def sessions(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """`sessions=N` adds N sessions a week apart from 14 days ahead (default 1; 0 for none)."""
        if not create:
            return
        count = 1 if extracted is None else extracted
        for n in range(count):
            starts = in_days(14 + 7 * n, 9)
            CourseSession.objects.create(
                course=self,
                title=f"Day {n + 1}",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=6),
                venue="Halden",
            )


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = CourseSession

    course = factory.SubFactory(CourseFactory, sessions=0)
    starts_at = factory.LazyFunction(lambda: in_days(14, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    venue = "Halden"


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(CourseFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    status = Enrolment.Status.ENROLLED
