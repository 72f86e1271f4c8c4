"""How much data each scale generates (DOMAIN.md, "Sizes for scale work", and issue 15)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    clusters: int
    norwegian_clusters: int
    organisations: int
    memberships: int  # active today; former periods come on top (about a third more)
    people: int
    events: int
    registrations: int
    projects: int
    courses: int
    enrolments: int
    big_cluster_members: int  # cluster 1, the benchmark manager's cluster
    big_event_registrations: int  # the largest event of cluster 1
    contacts: int  # member contacts with a login in cluster 1 (load-test users)
    big_organisation_people: int  # people of one member organisation of cluster 1


SCALES = {
    "europe": Scale(
        name="europe",
        clusters=1500,
        norwegian_clusters=45,
        organisations=150_000,
        memberships=200_000,
        people=500_000,
        events=50_000,
        registrations=1_000_000,
        projects=30_000,
        courses=6_000,
        enrolments=120_000,
        big_cluster_members=10_000,
        big_event_registrations=20_000,
        contacts=200,
        big_organisation_people=1000,
    ),
    "country": Scale(
        name="country",
        clusters=45,
        norwegian_clusters=45,
        organisations=15_000,
        memberships=20_000,
        people=50_000,
        events=5_000,
        registrations=100_000,
        projects=3_000,
        courses=600,
        enrolments=12_000,
        big_cluster_members=3_000,
        big_event_registrations=4_000,
        contacts=100,
        big_organisation_people=300,
    ),
    "small": Scale(
        name="small",
        clusters=8,
        norwegian_clusters=6,
        organisations=600,
        memberships=800,
        people=2_000,
        events=120,
        registrations=2_500,
        projects=80,
        courses=16,
        enrolments=300,
        big_cluster_members=250,
        big_event_registrations=300,
        contacts=10,
        big_organisation_people=40,
    ),
}
