"""Demo courses of NCE Smart Energy Markets: a credit-giving course on flexibility markets and smart
grids with a university college partner, short courses on energy data, cybersecurity for grid
companies and AI for energy, past completions (most participants from SMEs) and one open course.

Everything here is fictional and says so: course texts, dates, prices, participants and results.
The partners are the member registry's fictional organisations (Høgskolen i Grenseland is a made-up
university college). Deterministic (fixed seed; every date from the demo clock: past courses in the
last three years, the open course ahead, all on working days) and idempotent (courses by cluster+title, sessions by course+title,
enrolments by course+person; only missing rows are added).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from klynge.clusters.models import Cluster, Topic
from klynge.learning.models import Course, CourseSession, Enrolment
from klynge.members.models import Organisation, Person

from . import clock

OSLO = ZoneInfo("Europe/Oslo")
SEED = 2024
FICTIONAL = "(Fictional demo course.)"
EVIDENCE = "Fictional demo data."


@dataclass(frozen=True)
class DemoCourse:
    title: str
    kind: str
    provider: str
    days: tuple[int, ...]  # days from today (the demo clock moves them to working days)
    hours: tuple[int, int]
    topics: tuple[str, ...]
    capacity: int
    fee: int
    member_fee: int
    participants: int = 0
    completed: int = 0
    credits: Decimal | None = None
    level: str = Course.Level.INTRODUCTORY
    format: str = Course.Format.ON_CAMPUS
    language: str = Course.Language.NORWEGIAN
    admission: str = Course.Admission.DIRECT
    open_to: str = Course.OpenTo.MEMBERS
    status: str = Course.Status.PUBLISHED
    target_group: str = ""
    description: str = ""
    outcomes: str = ""
    venue: str = "Halden"
    sme_share: float = 0.8
    extra: dict[str, str] = field(default_factory=dict)


COURSES = [
    DemoCourse(
        "Flexibility markets and smart grids",
        Course.Kind.FURTHER_EDUCATION,
        "Høgskolen i Grenseland",
        (-820, -792, -757, -729),
        (9, 15),
        ("flexibility-markets", "smart-grids"),
        25,
        14500,
        9500,
        participants=24,
        completed=19,
        credits=Decimal("7.5"),
        level=Course.Level.MASTER,
        format=Course.Format.BLENDED,
        admission=Course.Admission.APPLICATION,
        sme_share=0.7,
        target_group="Engineers and analysts at grid companies, suppliers and energy service SMEs",
        description="A credit-giving further education course run with Høgskolen i Grenseland (a "
        "fictional university college): local flexibility markets, grid tariffs and smart grid operation.",
        outcomes="Can explain how local flexibility markets work and design a flexibility product "
        "for a distribution grid.",
    ),
    DemoCourse(
        "Energy data in practice",
        Course.Kind.SHORT_COURSE,
        "Senter for Energidata",
        (-670, -663),
        (13, 16),
        ("energy-data",),
        40,
        3500,
        2000,
        participants=30,
        completed=26,
        format=Course.Format.ONLINE,
        open_to=Course.OpenTo.EVERYONE,
        target_group="Developers and analysts working with metering and grid data",
        description="Two online afternoons on metering data, data sharing and energy data spaces.",
        outcomes="Can find, clean and share energy data responsibly.",
        venue="",
    ),
    DemoCourse(
        "Cybersecurity for grid companies",
        Course.Kind.CONTINUING_EDUCATION,
        "Nettforsk Institutt",
        (-600, -599),
        (9, 16),
        ("cybersecurity", "smart-grids"),
        20,
        8000,
        5500,
        participants=18,
        completed=16,
        level=Course.Level.INTERMEDIATE,
        target_group="IT and OT staff at grid companies and their suppliers",
        description="Two days on threats to grid operation, OT security and incident handling.",
        outcomes="Can assess the security of an operational technology system and plan a response.",
    ),
    DemoCourse(
        "AI for energy",
        Course.Kind.SHORT_COURSE,
        "Høgskolen i Grenseland",
        (40, 47, 54),
        (9, 15),
        ("ai", "energy-data"),
        20,
        6000,
        3900,
        participants=9,
        format=Course.Format.BLENDED,
        language=Course.Language.BOTH,
        target_group="Product owners and developers in energy companies",
        description="Forecasting, optimisation and machine learning for flexibility and grid "
        "operation, with cases from the cluster's members. Open for enrolment.",
        outcomes="Can judge where machine learning pays off in energy operations.",
    ),
    DemoCourse(
        "Webinar series: energy communities",
        Course.Kind.WEBINAR_SERIES,
        "",
        (70, 84),
        (14, 15),
        ("energy-communities",),
        100,
        0,
        0,
        status=Course.Status.DRAFT,
        format=Course.Format.ONLINE,
        description="Draft: four webinars on local energy communities.",
        venue="",
    ),
]


def _days(offsets: tuple[int, ...]) -> list[date]:
    """The course days on working days, each after the one before."""
    days: list[date] = []
    for offset in offsets:
        day = clock.day(offset)
        if days and day <= days[-1]:
            day = clock.working_day(days[-1] + timedelta(days=1))
        days.append(day)
    return days


def _course(cluster: Cluster, spec: DemoCourse, topics: dict[str, Topic]) -> Course:
    days = _days(spec.days)
    provider = Organisation.objects.filter(name=spec.provider).first() if spec.provider else None
    deadline = days[0] - timedelta(days=10) if spec.days[0] > 0 else None
    course, _created = Course.objects.update_or_create(
        cluster=cluster,
        title=spec.title,
        defaults={
            "provider": provider,
            "kind": spec.kind,
            "credits": spec.credits,
            "level": spec.level,
            "language": spec.language,
            "format": spec.format,
            "capacity": spec.capacity,
            "application_deadline": deadline,
            "fee": spec.fee,
            "member_fee": spec.member_fee,
            "target_group": spec.target_group,
            "admission": spec.admission,
            "open_to": spec.open_to,
            "status": spec.status,
            "description": f"{spec.description} {FICTIONAL}",
            "learning_outcomes": spec.outcomes,
        },
    )
    course.topics.set([topics[slug] for slug in spec.topics if slug in topics])
    titles = []
    for number, day in enumerate(days, start=1):
        title = f"Day {number}" if spec.kind != Course.Kind.WEBINAR_SERIES else f"Webinar {number}"
        starts = datetime.combine(day, time(spec.hours[0]), tzinfo=OSLO)
        CourseSession.objects.update_or_create(
            course=course,
            title=title,
            defaults={
                "starts_at": starts,
                "ends_at": starts.replace(hour=spec.hours[1]),
                "venue": spec.venue,
                "online_url": "" if spec.venue else "https://meet.example.org/nce-sem-course",
            },
        )
        titles.append(title)
    CourseSession.objects.filter(course=course).exclude(title__in=titles).delete()
    return course


def _pools(cluster: Cluster) -> tuple[list[Person], list[Person]]:
    """People of the cluster's member organisations: those at SMEs (under 250) and the others."""
    people = list(
        Person.objects.filter(
            organisation__memberships__cluster=cluster,
            anonymised_at__isnull=True,
            user__isnull=True,
        )
        .select_related("organisation")
        .distinct()
        .order_by("email")
    )
    smes = [
        p
        for p in people
        if p.organisation is not None
        and p.organisation.employees is not None
        and p.organisation.employees < 250
    ]
    return smes, [p for p in people if p not in smes]


def _choose(
    spec: DemoCourse, smes: list[Person], others: list[Person], rng: random.Random
) -> list[Person]:
    from_smes = min(len(smes), round(spec.participants * spec.sme_share))
    chosen = rng.sample(smes, from_smes)
    chosen += rng.sample(others, min(len(others), spec.participants - from_smes))
    rng.shuffle(chosen)
    return chosen


def _code(course: Course, person: Person, year: int) -> str:
    digest = hashlib.sha256(f"{course.title}|{person.email}".encode()).hexdigest()[:8].upper()
    return f"{year}-{digest}"


def _enrol(course: Course, spec: DemoCourse, people: list[Person], rng: random.Random) -> None:
    existing = set(Enrolment.objects.filter(course=course).values_list("person_id", flat=True))
    first_day = course.sessions.order_by("starts_at").first()
    last_day = course.sessions.order_by("-ends_at").first()
    assert first_day is not None and last_day is not None
    finished = last_day.ends_at < timezone.now()
    rows = []
    for index, person in enumerate(people):
        if person.pk in existing:
            continue
        enrolled_at = first_day.starts_at - timedelta(days=rng.randint(12, 40))
        status, completed_on, credits, code = Enrolment.Status.ENROLLED, None, None, ""
        if finished and index < spec.completed:
            status, completed_on = Enrolment.Status.COMPLETED, timezone.localdate(last_day.ends_at)
            credits, code = spec.credits, _code(course, person, completed_on.year)
        elif finished:
            status = Enrolment.Status.DROPPED
        rows.append(
            Enrolment(
                course=course,
                person=person,
                organisation=person.organisation,
                status=status,
                source="colleague" if rng.random() < 0.3 else "self",
                fee=spec.member_fee,
                enrolled_at=enrolled_at,
                completed_on=completed_on,
                credits_earned=credits,
                certificate_code=code,
                completion_evidence=f"Completed all sessions. {EVIDENCE}" if code else "",
                dropped_at=enrolled_at + timedelta(days=5) if status == "dropped" else None,
            )
        )
    Enrolment.objects.bulk_create(rows)


def _member_contact(courses: dict[str, Course]) -> None:
    """Kari Kontakt (contact@member.demo) has a certificate; a colleague is on the open course."""
    kari = Person.objects.filter(email="contact@member.demo").select_related("organisation").first()
    data = courses.get("Energy data in practice")
    if kari is None or data is None:
        return
    last = data.sessions.order_by("-ends_at").first()
    done = timezone.localdate(last.ends_at) if last else clock.day(-663)
    Enrolment.objects.get_or_create(
        course=data,
        person=kari,
        defaults={
            "organisation": kari.organisation,
            "status": "completed",
            "source": "self",
            "fee": 2000,
            "completed_on": done,
            "certificate_code": _code(data, kari, done.year),
            "completion_evidence": f"Completed both afternoons. {EVIDENCE}",
            "enrolled_at": datetime.combine(done - timedelta(days=32), time(10), tzinfo=OSLO),
        },
    )
    open_course = courses.get("AI for energy")
    colleague = (
        Person.objects.filter(organisation=kari.organisation, user__isnull=True)
        .order_by("email")
        .first()
    )
    if open_course is not None and colleague is not None:
        Enrolment.objects.get_or_create(
            course=open_course,
            person=colleague,
            defaults={
                "organisation": kari.organisation,
                "status": "enrolled",
                "source": "colleague",
                "fee": open_course.member_fee or 0,
                "enrolled_at": timezone.now(),
            },
        )


def load() -> None:
    cluster = Cluster.objects.filter(slug="nce-smart-energy-markets").first()
    if cluster is None:
        return
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    smes, others = _pools(cluster)
    courses: dict[str, Course] = {}
    for index, spec in enumerate(COURSES):
        rng = random.Random(SEED + index)  # one stream per course: reruns pick the same people
        course = _course(cluster, spec, topics)
        courses[spec.title] = course
        if spec.participants and smes:
            _enrol(course, spec, _choose(spec, smes, others, rng), rng)
    _member_contact(courses)
