"""Demo events of NCE Smart Energy Markets: past meeting places with attendance and feedback,
upcoming ones open for registration, one of them full with a waiting list.

The yearly Partner Conference and its "Cluster Partner of the Year" award are public facts (and the
2022 award to Smart Energy Systems AS); every other title, date, number and comment is fictional
and says so. Participants are the member registry's people of NCE SEM when it is loaded; without it
a small set of fictional guests stands in. Deterministic (fixed seed; dates from the demo clock,
relative to today on working days, so past events fill the last three years and upcoming ones
stay upcoming; the public-fact 2022 conference keeps its date) and idempotent (events by cluster+title,
registrations by event+person, only missing rows are added).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from klynge.clusters.models import Cluster, Topic
from klynge.events.models import Event, Feedback, Question, Registration
from klynge.members.models import Person

from . import clock
from .insight import propensity

OSLO = ZoneInfo("Europe/Oslo")
SEED = 2020
POOL = 170  # people needed to fill the biggest demo event
FICTIONAL = "(Fictional demo event.)"
COMMENTS = [
    "Good mix of grid operators and start-ups.",
    "More time for the B2B meetings next time, please.",
    "The flexibility market panel was the highlight.",
    "Useful, concrete cases from the pilots.",
    "Venue was a bit crowded.",
]


@dataclass(frozen=True)
class DemoEvent:
    title: str
    kind: str
    start: datetime | int  # a fixed Oslo time (public facts), or days from today (demo clock)
    hours: float
    topics: tuple[str, ...]
    capacity: int | None = None
    registrations: int = 0
    audience: str = Event.Audience.PUBLIC
    status: str = Event.Status.PUBLISHED
    venue: str = "Halden"
    online: bool = False
    description: str = ""
    regulars: bool = (
        False  # participants only from members that take part (demo.insight.propensity)
    )


PARTNER = (
    "The yearly Partner Conference of NCE Smart Energy Markets, with the “Cluster Partner of the "
    "Year” award. Programme and numbers are fictional demo data."
)
# The 2022 conference and its award are public facts and keep their date.
PARTNER_2022 = DemoEvent(
    "Partner Conference 2022",
    "partner_conference",
    datetime(2022, 11, 17, 9, tzinfo=OSLO),
    8,
    ("smart-grids", "flexibility-markets"),
    180,
    150,
    description="The yearly Partner Conference; Cluster Partner of the Year 2022: Smart Energy Systems AS. Attendance figures are fictional.",
)
# Past meeting places spread over the last three years up to last week, in days before today;
# upcoming ones in days from today. The demo clock moves each to a working day.
PAST = [
    (
        "Workshop: flexibility markets in practice",
        "workshop",
        -1000,
        4,
        ("flexibility-markets",),
        30,
        30,
    ),
    (
        "Workshop: sharing energy data safely",
        "workshop",
        -820,
        4,
        ("energy-data", "cybersecurity"),
        30,
        26,
    ),
    (
        "Webinar: local flexibility markets, lessons from pilots",
        "webinar",
        -670,
        1,
        ("flexibility-markets",),
        None,
        60,
    ),
    ("Webinar: energy data spaces", "webinar", -560, 1, ("energy-data",), None, 45),
    (
        "Network meeting: energy communities",
        "network_meeting",
        -500,
        3,
        ("energy-communities",),
        40,
        32,
    ),
    ("Site visit: Smart Energi Hvaler pilot", "site_visit", -440, 5, ("smart-grids",), 25, 22),
    ("Webinar: grid tariffs explained", "webinar", -330, 1, ("flexibility-markets",), None, 40),
    (
        "Workshop: cyber security for grid companies",
        "workshop",
        -290,
        4,
        ("cybersecurity", "smart-grids"),
        30,
        24,
    ),
    (
        "Network meeting: batteries and storage",
        "network_meeting",
        -230,
        3,
        ("e-mobility-storage",),
        40,
        28,
    ),
    ("Webinar: AI for load forecasting", "webinar", -180, 1, ("ai", "energy-data"), None, 50),
    (
        "Site visit: charging hub Fredrikstad",
        "site_visit",
        -120,
        4,
        ("e-mobility-storage",),
        25,
        20,
    ),
    (
        "Workshop: energy communities in housing",
        "workshop",
        -75,
        4,
        ("energy-communities",),
        30,
        27,
    ),
    (
        "Webinar: flexibility in the distribution grid",
        "webinar",
        -40,
        1,
        ("flexibility-markets",),
        None,
        55,
    ),
    ("Network meeting: energy data sharing", "network_meeting", -10, 3, ("energy-data",), 40, 30),
]
# The smaller meeting places draw on the members that take part, so that some stay dormant.
REGULARS = True
REGULAR_PROPENSITY = 0.25


def _regular(person: Person) -> bool:
    return person.organisation is not None and propensity(person.organisation) >= REGULAR_PROPENSITY


SITE_VENUES = {
    "Site visit: Smart Energi Hvaler pilot": "Hvaler",
    "Site visit: charging hub Fredrikstad": "Fredrikstad",
}
UPCOMING = [
    DemoEvent(
        "Partner Conference (next)",
        "partner_conference",
        75,
        8,
        ("smart-grids", "flexibility-markets", "energy-data"),
        180,
        95,
        description=PARTNER,
    ),
    DemoEvent(
        "Workshop: flexibility markets and grid tariffs",
        "workshop",
        20,
        4,
        ("flexibility-markets",),
        24,
        30,
    ),
    DemoEvent(
        "Webinar: energy data and AI",
        "webinar",
        10,
        1,
        ("energy-data", "ai"),
        None,
        35,
        online=True,
    ),
    DemoEvent(
        "Network meeting: e-mobility and storage",
        "network_meeting",
        35,
        3,
        ("e-mobility-storage",),
        40,
        12,
        audience=Event.Audience.MEMBERS,
    ),
    DemoEvent(
        "Matchmaking day: smart grids suppliers",
        "matchmaking_day",
        120,
        6,
        ("smart-grids",),
        80,
        0,
        status=Event.Status.DRAFT,
    ),
]


def events() -> list[DemoEvent]:
    """The demo's events as of today: the last three partner conferences (third Thursday of
    November), the public-fact 2022 one, the past meeting places and the upcoming ones."""
    conferences = []
    for back in (2, 1, 0):
        held = clock.yearly(11, 3, 3, years_back=back)
        if held.year == 2022:
            continue
        conferences.append(
            DemoEvent(
                f"Partner Conference {held.year}",
                "partner_conference",
                datetime.combine(held, time(9), tzinfo=OSLO),
                8,
                (("energy-communities",), ("energy-data",), ("smart-grids",))[back],
                180,
                140 + 10 * back,
                description=PARTNER,
                regulars=REGULARS,
            )
        )
    past = [
        DemoEvent(
            title,
            kind,
            days,
            hours,
            topics,
            capacity,
            registrations,
            audience=Event.Audience.MEMBERS if kind == "network_meeting" else Event.Audience.PUBLIC,
            venue=SITE_VENUES.get(title, "Halden"),
            online=kind == "webinar",
            regulars=REGULARS,
        )
        for title, kind, days, hours, topics, capacity, registrations in PAST
    ]
    return [PARTNER_2022, *conferences, *past, *UPCOMING]


def _start(spec: DemoEvent) -> datetime:
    if isinstance(spec.start, datetime):
        return spec.start
    return clock.at(spec.start, 9 if spec.hours > 2 else 14)


def _pool(cluster: Cluster) -> list[Person]:
    people = list(
        # Only the members demo's people (fictional "<org>.example" addresses): later demo steps add
        # people too, and the pool must be the same on every run for the demo to stay idempotent.
        Person.objects.filter(
            organisation__memberships__cluster=cluster,
            anonymised_at__isnull=True,
            email__endswith=".example",
        )
        .distinct()
        .select_related("organisation")
        .order_by("pk")
    )
    if len(people) >= POOL:
        return people
    guests = []
    for n in range(1, POOL - len(people) + 1):
        person, _created = Person.objects.update_or_create(
            email=f"guest{n:02d}@events.demo",
            defaults={"full_name": f"Demo Guest {n:02d} (fictional)"},
        )
        guests.append(person)
    return people + guests


def _event(cluster: Cluster, spec: DemoEvent, topics: dict[str, Topic]) -> Event:
    starts = _start(spec)
    ends = starts + timedelta(hours=spec.hours)
    event, _created = Event.objects.update_or_create(
        cluster=cluster,
        title=spec.title,
        defaults={
            "kind": spec.kind,
            "description": f"{spec.description or spec.title + '.'} {FICTIONAL}",
            "starts_at": starts,
            "ends_at": ends,
            "venue": "" if spec.online else spec.venue,
            "online_url": "https://meet.example.org/nce-sem-demo" if spec.online else "",
            "audience": spec.audience,
            "capacity": spec.capacity,
            "registration_opens_at": None,
            "registration_closes_at": None
            if ends < timezone.now()
            else starts - timedelta(hours=12),
            "status": spec.status,
        },
    )
    event.topics.set([topics[slug] for slug in spec.topics if slug in topics])
    return event


def _register(event: Event, people: list[Person], spec: DemoEvent, rng: random.Random) -> None:
    if Registration.objects.filter(event=event).exists():
        return  # registered on an earlier run; later demo steps add people, so never top up
    pool = [p for p in people if _regular(p)] if spec.regulars else people
    chosen = rng.sample(pool, min(spec.registrations, len(pool)))
    existing = set(Registration.objects.filter(event=event).values_list("person_id", flat=True))
    past = event.ends_at < timezone.now()
    held = Registration.objects.filter(
        event=event, status__in=["confirmed", "attended", "no_show"]
    ).count()
    waiting = Registration.objects.filter(event=event, status="waitlisted").count()
    rows = []
    for person in chosen:
        roll = rng.random()
        if person.pk in existing:
            continue
        status, position, checked_in = "confirmed", None, None
        if roll < 0.05:
            status = "cancelled"
        elif spec.capacity is not None and held >= spec.capacity:
            waiting += 1
            status, position = "waitlisted", waiting
        elif past:
            held += 1
            status = "attended" if roll < 0.88 else "no_show"
            if status == "attended":
                checked_in = event.starts_at + timedelta(minutes=rng.randint(-20, 30))
        else:
            held += 1
        if past and status == "waitlisted":
            status, position = "cancelled", None
        rows.append(
            Registration(
                event=event,
                person=person,
                organisation=person.organisation,
                organisation_name=person.organisation.name if person.organisation else "",
                status=status,
                waitlist_position=position,
                source="colleague" if roll < 0.2 else "self",
                checked_in_at=checked_in,
                cancelled_at=event.starts_at - timedelta(days=2) if status == "cancelled" else None,
            )
        )
    Registration.objects.bulk_create(rows)


def _feedback(event: Event, rng: random.Random) -> None:
    if Feedback.objects.filter(registration__event=event).exists():
        return
    attended = Registration.objects.filter(event=event, status="attended").order_by("pk")
    answers = [
        Feedback(
            registration=registration,
            score=rng.choice([6, 7, 8, 8, 9, 9, 9, 10, 10]),
            comment=f"{rng.choice(COMMENTS)} {FICTIONAL}" if rng.random() < 0.3 else "",
        )
        for registration in attended
        if rng.random() < 0.45
    ]
    Feedback.objects.bulk_create(answers)
    if answers and event.feedback_requested_at is None:
        Event.objects.filter(pk=event.pk).update(
            feedback_requested_at=event.ends_at + timedelta(hours=20)
        )


def _backdate(event: Event) -> None:
    """People registered for a past event before it took place (rows are written today)."""
    Registration.objects.filter(event=event, created_at__gt=event.starts_at).update(
        created_at=event.starts_at - timedelta(days=14)
    )


def _questions(event: Event) -> None:
    if event.questions.exists() or event.registrations.exists():
        return
    Question.objects.create(event=event, label="Dietary needs", kind="text", position=0)
    Question.objects.create(event=event, label="Join the B2B session?", kind="checkbox", position=1)


def load() -> None:
    cluster = Cluster.objects.filter(slug="nce-smart-energy-markets").first()
    if cluster is None:
        return
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    people = _pool(cluster)
    for index, spec in enumerate(events()):
        rng = random.Random(SEED + index)  # one stream per event: reruns pick the same people
        event = _event(cluster, spec, topics)
        if spec.kind == "partner_conference" and spec.status == Event.Status.PUBLISHED:
            _questions(event)
        _register(event, people, spec, rng)
        if event.ends_at < timezone.now():
            _feedback(event, rng)
            _backdate(event)
    contact = Person.objects.filter(email="contact@member.demo").first()
    upcoming = Event.objects.filter(cluster=cluster, title="Partner Conference (next)").first()
    if contact is not None and upcoming is not None:
        Registration.objects.get_or_create(
            event=upcoming,
            person=contact,
            defaults={
                "organisation": contact.organisation,
                "status": "confirmed",
                "source": "self",
            },
        )
