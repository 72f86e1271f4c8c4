"""Demo collaboration network: working groups that met over the last four years, in NCE Smart
Energy Markets and (fewer) in the other demo clusters, so the network page shows a believable
picture that grows year by year and the clusters have peers to compare with. Everything here is
fictional and says so.

Each cluster's members are split into topic groups (hashed from names); each group holds small
working-group meetings every few months, attended by a few of its members and now and then one of
a neighbouring group (so the groups are linked through a few brokers). The events link their
participants because they are smaller than the cluster's "small gathering" size.

Deterministic (choices hashed from names, dates relative to today) and idempotent (events by
cluster and title; nothing is added to an event that has registrations).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from klynge.clusters.models import Cluster
from klynge.events.models import Event, Registration
from klynge.insight.models import NetworkSettings
from klynge.members.models import Person

OSLO = ZoneInfo("Europe/Oslo")
FICTIONAL = "(Fictional demo working group.)"
YEARS = 4
SEM_GROUPS = [
    "Flexibility markets",
    "Energy data",
    "Electric mobility",
    "Energy communities",
    "Grid operations",
]
OTHER_GROUPS = ["Working group North", "Working group South", "Working group East"]


def _share(*parts: str) -> float:
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _people(cluster: Cluster) -> dict[Any, Person]:
    """One contact person per member organisation (the first by name)."""
    found: dict[Any, Person] = {}
    people = (
        Person.objects.filter(
            organisation__memberships__cluster=cluster, anonymised_at__isnull=True
        )
        .exclude(email="")
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    for person in people:
        found.setdefault(person.organisation, person)
    return found


def _grow(cluster: Cluster, groups: list[str], meetings_a_year: int, size: int) -> None:
    people = _people(cluster)
    if len(people) < 4:
        return
    organisations = sorted(people, key=lambda o: o.name)
    home = {o: groups[int(_share("group", o.name) * len(groups))] for o in organisations}
    today = timezone.localdate()
    for years_back in range(YEARS):
        for number in range(meetings_a_year):
            days = years_back * 365 + int((number + 0.5) * 365 / meetings_a_year)
            if days < 14:
                continue
            group = groups[(number + years_back) % len(groups)]
            title = f"{group}: working group {today.year - years_back}-{number + 1}"
            starts = datetime.combine(today - timedelta(days=days), time(13), tzinfo=OSLO)
            event, _created = Event.objects.get_or_create(
                cluster=cluster,
                title=title,
                defaults={
                    "kind": "workshop",
                    "description": f"{title}. {FICTIONAL}",
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "venue": "Halden",
                    "status": Event.Status.PUBLISHED,
                },
            )
            if event.registrations.exists():
                continue
            # members of the group, more of them in later years; a few visitors from elsewhere
            grown = 0.35 + 0.15 * (YEARS - 1 - years_back)
            chosen = [
                o
                for o in organisations
                if (home[o] == group and _share(title, o.name) < grown)
                or (home[o] != group and _share("visit", title, o.name) < 0.04)
            ][:size]
            Registration.objects.bulk_create(
                [
                    Registration(
                        event=event,
                        person=people[o],
                        organisation=o,
                        organisation_name=o.name,
                        status="attended",
                        checked_in_at=event.starts_at,
                    )
                    for o in chosen
                ]
            )
            Registration.objects.filter(event=event).update(
                created_at=event.starts_at - timedelta(days=14)
            )


def load() -> None:
    sem = Cluster.objects.filter(slug="nce-smart-energy-markets").first()
    if sem is not None:
        NetworkSettings.objects.update_or_create(
            cluster=sem, defaults={"small_gathering": 25, "shared_with_members": False}
        )
        _grow(sem, SEM_GROUPS, meetings_a_year=6, size=12)
    for cluster in Cluster.objects.exclude(slug="nce-smart-energy-markets").order_by("slug"):
        _grow(cluster, OTHER_GROUPS, meetings_a_year=3, size=8)
