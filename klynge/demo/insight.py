"""Demo strategy and insight work of NCE Smart Energy Markets. Everything here is fictional and says
so: meetings, invitations, answers and comments.

* Four member meetings in the last twelve months (dates relative to today), attended by the
  members who take part most: so engagement and reach look like a real cluster's, with active,
  occasional and dormant members.
* The yearly member survey (the shipped template) run twice: last year (closed, about half of the
  contact people answered) and this year (open now, a third answered so far, a reminder set).
  Anonymous, as the template suggests; Kari Kontakt (contact@member.demo) answered last year and
  has this year's invitation waiting on her home page.

Deterministic (fixed seed, choices hashed from names) and idempotent (meetings by cluster+title,
surveys by cluster+title; nothing is added to a survey that has invitations).
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from klynge.clusters.models import Cluster
from klynge.events.models import Event, Registration
from klynge.insight.models import Answer, Invitation, Response, Survey
from klynge.insight.selectors.audience import audience_recipients
from klynge.insight.services.invitations import audience_set
from klynge.insight.services.surveys import survey_copy
from klynge.insight.services.templates import survey_create_from_template
from klynge.insight.tokens import new_salt, token_hash_for
from klynge.members.models import Person

from . import clock

OSLO = ZoneInfo("Europe/Oslo")
SEED = 2017
FICTIONAL = "(Fictional demo event.)"
MEETINGS = [
    (270, "Members' breakfast: flexibility in the local grid", "network_meeting"),
    (180, "Workshop: energy data for SMEs", "workshop"),
    (100, "Webinar: funding for pre-projects", "webinar"),
    (30, "Members' meeting: the cluster's strategy for next year", "network_meeting"),
]
COMMENTS = [
    "Flere B2B-møter, gjerne digitalt.",
    "Mer om finansiering av forprosjekter.",
    "Kortere webinarer, men oftere.",
    "Flere møteplasser utenfor Halden.",
    "Mer samarbeid med forskningsmiljøene.",
    "More international matchmaking, please.",
    "Kurs i dataanalyse for driftsfolk.",
    "Tydeligere informasjon om hva medlemskapet gir.",
]


def _share(*parts: str) -> float:
    """A number in [0, 1) from names: the same on every run, whatever the database ids."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _people_by_organisation(cluster: Cluster) -> dict[Any, list[Person]]:
    people = (
        Person.objects.filter(
            organisation__memberships__cluster=cluster,
            organisation__memberships__left_on__isnull=True,
            anonymised_at__isnull=True,
        )
        .exclude(email="")
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "pk")
    )
    grouped: dict[Any, list[Person]] = {}
    for person in people:
        grouped.setdefault(person.organisation, []).append(person)
    return grouped


def propensity(organisation: Any) -> float:
    """How much a demo member takes part (skewed: a few very active, many rarely)."""
    return _share("engagement", organisation.name) ** 1.6


def _meetings(cluster: Cluster, people: dict[Any, list[Person]]) -> None:
    for days_ago, title, kind in MEETINGS:
        starts = clock.at(-days_ago, 9)
        event, _created = Event.objects.get_or_create(
            cluster=cluster,
            title=title,
            defaults={
                "kind": kind,
                "description": f"{title}. {FICTIONAL}",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "venue": "Halden" if kind != "webinar" else "",
                "status": Event.Status.PUBLISHED,
            },
        )
        if event.registrations.exists():
            continue
        rows = []
        for organisation, staff in people.items():
            if _share(title, organisation.name) < 0.65 * propensity(organisation):
                person = staff[int(_share("who", title, organisation.name) * len(staff))]
                rows.append(
                    Registration(
                        event=event,
                        person=person,
                        organisation=organisation,
                        organisation_name=organisation.name,
                        status="attended",
                        checked_in_at=event.starts_at,
                    )
                )
        Registration.objects.bulk_create(rows)
        Registration.objects.filter(event=event).update(
            created_at=event.starts_at - timedelta(days=10)
        )


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=OSLO)


def _surveys(cluster: Cluster) -> tuple[Survey, Survey]:
    today = timezone.localdate()
    last_opens, this_opens = today - timedelta(days=385), today - timedelta(days=18)
    last = Survey.objects.filter(cluster=cluster, template_key="yearly-member-survey").filter(
        title_en=f"Member survey {last_opens.year}"
    ).first() or survey_create_from_template(
        actor=None,
        cluster=cluster,
        template_key="yearly-member-survey",
        title_en=f"Member survey {last_opens.year}",
        title_nb=f"Medlemsundersøkelse {last_opens.year}",
        opens_at=_at(last_opens),
        closes_at=_at(last_opens + timedelta(days=30), 16),
    )
    this = Survey.objects.filter(cluster=cluster, previous_wave=last).first()
    if this is None:
        this = survey_copy(
            actor=None,
            survey=last,
            title_en=f"Member survey {this_opens.year}",
            title_nb=f"Medlemsundersøkelse {this_opens.year}",
        )
        Survey.objects.filter(pk=this.pk).update(
            opens_at=_at(this_opens),
            closes_at=_at(today + timedelta(days=12), 16),
            reminder_dates=[(today + timedelta(days=4)).isoformat()],
        )
        this.refresh_from_db()
    return last, this


def _invite(survey: Survey) -> list[Invitation]:
    if survey.invitations.exists():
        return []
    audience_set(actor=None, survey=survey, kind="members")
    sent = survey.opens_at
    assert sent is not None, "the demo's surveys open on a set day"
    invitations = []
    for recipient in audience_recipients(survey=survey):
        salt = new_salt()
        invitations.append(
            Invitation(
                survey=survey,
                person_id=recipient.person_id,
                organisation_id=recipient.organisation_id,
                org_kind=recipient.org_kind,
                size_class=recipient.size_class,
                email=recipient.email,
                name=recipient.name,
                language=recipient.language,
                source="members",
                token_salt=salt,
                token_hash=token_hash_for(salt),
                sent_at=sent,
                mailed_at=sent,
            )
        )
    Invitation.objects.bulk_create(invitations)
    Survey.objects.filter(pk=survey.pk).update(sent_at=sent)
    return list(survey.invitations.select_related("organisation").order_by("pk"))


def _answers(survey: Survey, invitation: Invitation, wave: int, rng: random.Random) -> dict:
    """Plausible answers to the yearly member survey, a little better in the second wave."""
    organisation = invitation.organisation
    p = propensity(organisation) if organisation else 0.3
    lift = 0.25 * (wave - 1)

    def scale(centre: float, spread: float = 0.9, low: int = 1, high: int = 5) -> int:
        return max(low, min(high, round(rng.gauss(centre, spread))))

    def pick(weights: dict[str, float]) -> str:
        return rng.choices(list(weights), weights=list(weights.values()))[0]

    research = invitation.org_kind in ("university", "research_institute")
    answers: dict[str, Any] = {
        "value-of-membership": scale(3.0 + 1.6 * p + lift),
        "value-areas": sorted(
            rng.sample(
                ["partners", "knowledge", "projects", "visibility", "markets", "international"],
                rng.randint(1, 3),
            )
        ),
        "collaboration-members": pick({"yes": 0.35 + 0.5 * p, "no": 0.5, "dont-know": 0.1}),
        "collaboration-research": pick(
            {"yes": 0.7 if research else 0.25 + 0.3 * p, "no": 0.6, "dont-know": 0.1}
        ),
        "new-partners": min(40, int(rng.expovariate(1 / (1 + 4 * p)))),
        "innovation": {
            key: scale(2.2 + 1.5 * p + lift)
            for key in ("products", "technology", "markets", "business-areas")
        },
        "competence": scale(2.8 + 1.2 * p + lift),
        "courses": pick({"yes": 0.2 + 0.3 * p, "no": 0.7, "dont-know": 0.1}),
        "international": pick(
            {"a-lot": 0.08 + 0.1 * p, "some": 0.3, "no": 0.4, "not-relevant": 0.2}
        ),
        "satisfaction": {
            key: scale(3.5 + 0.8 * p + lift, 0.8)
            for key in ("meeting-places", "b2b", "projects", "courses", "information", "follow-up")
        },
        "recommend": scale(6.4 + 2.4 * p + lift, 1.6, 0, 10),
    }
    if answers["collaboration-members"] == "yes":
        answers["collaboration-kinds"] = sorted(
            rng.sample(["rnd", "trade", "application", "knowledge"], rng.randint(1, 2))
        )
    if answers["international"] in ("a-lot", "some"):
        answers["international-project"] = pick({"yes": 0.4, "no": 0.6})
    if rng.random() < 0.3:
        answers["improve"] = rng.choice(COMMENTS)
    return answers


def _respond(survey: Survey, invitations: list[Invitation], wave: int, share: float) -> None:
    rng = random.Random(SEED + wave)
    questions = {q.key: q for q in survey.questions.all()}
    opened = timezone.localdate(survey.opens_at)
    for invitation in invitations:
        if invitation.email == "contact@member.demo":
            answers = wave == 1
        else:
            p = propensity(invitation.organisation) if invitation.organisation else 0.3
            answers = _share(survey.title_en, invitation.email) < share * (0.35 + p)
        if not answers:
            continue
        response = Response.objects.create(
            survey=survey,
            anonymous=survey.anonymous,
            status=Response.Status.SUBMITTED,
            submitted_on=opened + timedelta(days=rng.randint(0, 14 if wave == 1 else 10)),
            org_kind=invitation.org_kind,
            size_class=invitation.size_class,
            county=invitation.organisation.county if invitation.organisation else "",
            language=invitation.language,
        )
        rows = []
        for key, value in _answers(survey, invitation, wave, rng).items():
            question = questions[key]
            fields: dict[str, Any] = {"number": None, "text": "", "items": []}
            if question.kind in ("scale", "nps", "number"):
                fields["number"] = float(value)
            elif question.kind in ("multiple", "matrix"):
                fields["items"] = value
            else:
                fields["text"] = value
            rows.append(Answer(response=response, question=question, **fields))
        Answer.objects.bulk_create(rows)
        Invitation.objects.filter(pk=invitation.pk).update(completed=True)


def load() -> None:
    cluster = Cluster.objects.filter(slug="nce-smart-energy-markets").first()
    if cluster is None:
        return
    _meetings(cluster, _people_by_organisation(cluster))
    last, this = _surveys(cluster)
    invitations = _invite(last)
    if invitations:
        _respond(last, invitations, wave=1, share=0.7)
    invitations = _invite(this)
    if invitations:
        _respond(this, invitations, wave=2, share=0.42)
