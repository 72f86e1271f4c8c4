"""Who a newsletter goes to, from its audience as data (`Newsletter.audience`):

    {"members": true,                      contacts of member organisations, narrowed by
     "member_kinds": ["sme", ...],         organisation kinds,
     "topics": ["smart-grids", ...],       topic slugs,
     "counties": ["Østfold", ...],         and counties (each only when given);
     "events": [12, ...],                  plus participants of these events
     "courses": [3, ...],                  and of these courses;
     "subscribers": true}                  plus the cluster's confirmed external subscribers.

Only people who agreed to get newsletters (`Person.consent_newsletter`) are ever in it; people are
read through the members, events and learning selectors. Rows stream (flat memory).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from klynge.events.selectors import participant_person_ids as event_participants
from klynge.learning.selectors.activity import participant_person_ids as course_participants
from klynge.members.selectors.contacts import newsletter_people, person_has_newsletter_consent

from ..models import Newsletter, Subscriber

KEYS = ("members", "member_kinds", "topics", "counties", "events", "courses", "subscribers")


def clean_audience(data: dict[str, Any]) -> dict[str, Any]:
    """The audience with only known keys and the right types (booleans, lists of str/int)."""
    return {
        "members": bool(data.get("members")),
        "member_kinds": sorted({str(v) for v in data.get("member_kinds") or []}),
        "topics": sorted({str(v) for v in data.get("topics") or []}),
        "counties": sorted({str(v) for v in data.get("counties") or []}),
        "events": sorted({int(v) for v in data.get("events") or []}),
        "courses": sorted({int(v) for v in data.get("courses") or []}),
        "subscribers": bool(data.get("subscribers")),
    }


def audience_people(newsletter: Newsletter) -> Any:
    """Consenting people of the audience (a queryset: nothing is loaded yet)."""
    audience = clean_audience(newsletter.audience or {})
    ids: set[int] = set()
    if audience["events"]:
        ids |= event_participants(event_ids=audience["events"])
    if audience["courses"]:
        ids |= course_participants(course_ids=audience["courses"])
    return newsletter_people(
        cluster=newsletter.cluster_id,
        members=audience["members"],
        kinds=audience["member_kinds"],
        topics=audience["topics"],
        counties=audience["counties"],
        person_ids=ids,
    )


def audience_rows(newsletter: Newsletter, *, chunk: int = 2000) -> Iterator[tuple[str, str, str]]:
    """(email, name, language) of everyone the newsletter goes to, streamed; an address can repeat
    (the delivery log's unique key keeps one row per address)."""
    people = audience_people(newsletter).values_list("email", "full_name", "language")
    yield from people.iterator(chunk_size=chunk)
    if (newsletter.audience or {}).get("subscribers"):
        subscribers = Subscriber.objects.filter(
            cluster_id=newsletter.cluster_id, status=Subscriber.Status.CONFIRMED
        ).order_by("pk")
        yield from subscribers.values_list("email", "name", "language").iterator(chunk_size=chunk)


def audience_size(newsletter: Newsletter) -> int:
    """How many distinct addresses the audience has now (for the page, before sending)."""
    emails = {email.lower() for email, _n, _l in audience_rows(newsletter)}
    return len(emails)


def has_consent(*, cluster_id: int, email: str) -> bool:
    """May this address get this cluster's newsletter now? Checked again for every mail sent."""
    confirmed = Subscriber.objects.filter(
        cluster_id=cluster_id, email__iexact=email.strip(), status=Subscriber.Status.CONFIRMED
    ).exists()
    return confirmed or person_has_newsletter_consent(email=email)


def audience_choices(cluster: Any) -> dict[str, list[tuple[Any, str]]]:
    """What the compose form offers: kinds, topics, the members' counties, events and courses."""
    from klynge.clusters.models import Topic
    from klynge.events.models import Event
    from klynge.learning.models import Course
    from klynge.members.models import Organisation
    from klynge.members.selectors.contacts import member_rows_for_cluster

    counties = sorted(
        {row["organisation__county"] for row in member_rows_for_cluster(cluster=cluster)} - {""}
    )
    return {
        "member_kinds": [(value, str(label)) for value, label in Organisation.Kind.choices],
        "topics": [(topic.slug, topic.name) for topic in Topic.objects.order_by("name_en")],
        "counties": [(county, county) for county in counties],
        "events": [
            (event.pk, f"{event.title} ({event.starts_at:%Y-%m-%d})")
            for event in Event.objects.filter(cluster=cluster).order_by("-starts_at")[:200]
        ],
        "courses": [
            (course.pk, course.title)
            for course in Course.objects.filter(cluster=cluster).order_by("-pk")[:200]
        ],
    }
