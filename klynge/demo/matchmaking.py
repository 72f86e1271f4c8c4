"""Demo B2B session at the NCE Smart Energy Markets Partner Conference (the upcoming one).

About 60 of the conference's registered participants take part (Kari Kontakt,
contact@member.demo, always among them), with fictional offers and needs; 150 accepted meeting
requests plus a few waiting and declined ones; a schedule computed by the solver (short time limit)
and published, so every participant has an agenda to open. Without the events demo it does nothing.

Deterministic input (fixed seed, participants and pairs chosen in a fixed order) and idempotent:
rows are found by natural keys; a published schedule is never recomputed. The solver's parallel
search may pick a different (equally good) schedule on another machine.
"""

from __future__ import annotations

import random
from datetime import time, timedelta
from itertools import combinations

from django.db.models import Q
from django.utils import timezone

from klynge.clusters.models import Topic
from klynge.events.models import SEAT_STATUSES, Event, Registration
from klynge.matchmaking.models import MatchmakingSession, Meeting, MeetingRequest, Participant
from klynge.matchmaking.services.scheduling import schedule_run
from klynge.matchmaking.suggestions import Profile, score

SEED = 2026
TITLE = "B2B meetings at the Partner Conference"
EVENT_TITLE = "Partner Conference (next)"
PARTICIPANTS = 60
ACCEPTED = 150
PENDING = 12
DECLINED = 8
TIME_LIMIT = 15.0
CONTACT = "contact@member.demo"
FICTIONAL = "(Fictional demo profile.)"
OFFERS = {
    "smart-grids": ["grid monitoring sensors", "substation automation", "DSO pilot sites"],
    "flexibility-markets": ["flexibility trading platform", "demand response aggregation"],
    "energy-data": ["energy data platform", "metering data analytics", "AMS data access"],
    "e-mobility-storage": ["battery storage systems", "EV charging management"],
    "energy-communities": ["local energy community operation", "peer-to-peer energy sharing"],
    "cybersecurity": ["OT cybersecurity audits"],
    "ai": ["AI forecasting of load and prices"],
}
NEEDS = [
    "pilot customers",
    "grid operator partners",
    "investors",
    "research partners",
    "battery storage",
    "flexibility market access",
    "energy data",
    "EV charging partners",
    "forecasting",
    "cybersecurity expertise",
    "substation automation",
    "demand response",
]


def load() -> None:
    event = Event.objects.filter(
        cluster__slug="nce-smart-energy-markets", title=EVENT_TITLE
    ).first()
    if event is None:
        return
    session = _session(event)
    people = _participants(session)
    if len(people) < 4:
        return
    _requests(session, people)
    if (
        session.published_version == 0
        or Meeting.objects.filter(
            session=session, status="active", published_slot__isnull=True
        ).exists()
    ):
        _schedule_and_publish(session)


def _session(event: Event) -> MatchmakingSession:
    day = timezone.localtime(event.starts_at).date()
    session, _created = MatchmakingSession.objects.get_or_create(
        event=event,
        title=TITLE,
        defaults={
            "description": "One-to-one meetings of 20 minutes between partners. " + FICTIONAL,
            "day": day,
            "morning_start": time(10, 0),
            "morning_slots": 8,
            "afternoon_start": time(14, 0),
            "afternoon_slots": 6,
            "meeting_minutes": 20,
            "break_minutes": 5,
            "table_count": 15,
            "table_names": [
                f"Table {n} (Fjord)" if n <= 8 else f"Table {n} (Fjell)" for n in range(1, 16)
            ],
            "booking_deadline": event.starts_at - timedelta(days=2),
            "max_meetings": 8,
            "status": MatchmakingSession.Status.OPEN,
        },
    )
    return session


def _participants(session: MatchmakingSession) -> list[Participant]:
    seats = list(
        Registration.objects.filter(event=session.event, status__in=SEAT_STATUSES)
        .select_related("person", "organisation")
        .order_by("pk")
    )
    seats.sort(key=lambda r: (r.person.email != CONTACT, r.pk))
    topics = {t.slug: t for t in Topic.objects.filter(slug__in=list(OFFERS))}
    people = []
    for index, registration in enumerate(seats[:PARTICIPANTS]):
        rng = random.Random(SEED + index)
        chosen = rng.sample(sorted(OFFERS), 2)
        offers = "; ".join(rng.choice(OFFERS[slug]) for slug in chosen)
        needs = "; ".join(rng.sample(NEEDS, 2))
        participant, _created = Participant.objects.get_or_create(
            session=session,
            person=registration.person,
            defaults={
                "registration": registration,
                "organisation": registration.organisation,
                "offers": f"{offers.capitalize()}. {FICTIONAL}",
                "needs": f"{needs.capitalize()}.",
                "arrives_at": time(11, 0) if index % 17 == 5 else None,
                "leaves_at": time(15, 30) if index % 19 == 7 else None,
            },
        )
        if not participant.topics.exists():
            participant.topics.set([topics[s] for s in chosen if s in topics])
        people.append(participant)
    return people


def _profile(p: Participant) -> Profile:
    return Profile(
        p.pk, frozenset(t.pk for t in p.topics.all()), p.offers, p.needs, p.organisation_id
    )


def _pairs(people: list[Participant]) -> list[tuple[Participant, Participant]]:
    """Best-scoring pairs first (ties broken by a seeded shuffle), at most 7 meetings each."""
    rng = random.Random(SEED)
    profiles = {p.pk: _profile(p) for p in people}
    pairs = [
        (score(profiles[p.pk], profiles[q.pk]).score + rng.random(), p, q)
        for p, q in combinations(people, 2)
        if p.organisation_id is None or p.organisation_id != q.organisation_id
    ]
    pairs.sort(key=lambda row: -row[0])
    load: dict[int, int] = {}
    chosen = []
    for _score, p, q in pairs:
        if load.get(p.pk, 0) >= 7 or load.get(q.pk, 0) >= 7:
            continue
        load[p.pk] = load.get(p.pk, 0) + 1
        load[q.pk] = load.get(q.pk, 0) + 1
        chosen.append((p, q))
        if len(chosen) == ACCEPTED + PENDING + DECLINED:
            break
    return chosen


def _requests(session: MatchmakingSession, people: list[Participant]) -> None:
    if MeetingRequest.objects.filter(session=session).exists():
        return
    now = timezone.now()
    for index, (p, q) in enumerate(_pairs(people)):
        requester, invitee = (p, q) if index % 2 else (q, p)
        if index < ACCEPTED:
            status = MeetingRequest.Status.ACCEPTED
        elif index < ACCEPTED + PENDING:
            status = MeetingRequest.Status.PENDING
        else:
            status = MeetingRequest.Status.DECLINED
        request = MeetingRequest.objects.create(
            session=session,
            requester=requester,
            invitee=invitee,
            message="Would be good to compare notes on our pilots. " + FICTIONAL,
            status=status,
            responded_at=None if status == MeetingRequest.Status.PENDING else now,
        )
        if status == MeetingRequest.Status.ACCEPTED:
            a, b = (p, q) if p.pk < q.pk else (q, p)
            Meeting.objects.create(session=session, a=a, b=b, request=request)


def _schedule_and_publish(session: MatchmakingSession) -> None:
    schedule_run(session_id=session.pk, allow_moving=False, time_limit=TIME_LIMIT)
    meetings = list(Meeting.objects.filter(session=session, status="active"))
    for meeting in meetings:
        meeting.published_slot, meeting.published_table = meeting.slot, meeting.table
    Meeting.objects.bulk_update(meetings, ["published_slot", "published_table"])
    version = session.published_version + 1
    MatchmakingSession.objects.filter(pk=session.pk).update(
        published_version=version, published_at=timezone.now()
    )
    Participant.objects.filter(session=session).filter(
        Q(meetings_as_a__isnull=False) | Q(meetings_as_b__isnull=False)
    ).update(notified_version=version)
