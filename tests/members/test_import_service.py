"""Member import service: preview writes nothing, apply writes all or nothing, matching rules."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from klynge.core.errors import DomainError
from klynge.core.models import AuditEntry
from klynge.members.models import Membership, Organisation, Person
from klynge.members.services.imports import member_import_apply, member_import_preview
from tests.factories.clusters import TopicFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

TODAY = datetime.date(2025, 6, 1)
HEADER = [
    "name",
    "org_number",
    "country",
    "kind",
    "employees",
    "category",
    "joined_on",
    "contact_name",
    "contact_email",
    "topics",
]


def csv_file(*rows: list[str], header: list[str] = HEADER) -> bytes:
    lines = [";".join(header)] + [";".join(row + [""] * (len(header) - len(row))) for row in rows]
    return "\n".join(lines).encode()


def snapshot() -> tuple[int, int, int, int]:
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        Person.objects.count(),
        AuditEntry.objects.count(),
    )


def preview(cluster: Any, content: bytes) -> Any:
    return member_import_preview(cluster=cluster, content=content, filename="m.csv", today=TODAY)


def apply(cluster: Any, content: bytes, actor: Any = None) -> Any:
    return member_import_apply(
        actor=actor, cluster=cluster, content=content, filename="m.csv", today=TODAY
    )


GOOD = csv_file(
    [
        "Nye Energi AS",
        "988077917",
        "",
        "SMB",
        "12",
        "partner",
        "01.02.2024",
        "Kari Nordmann",
        "Kari@Example.no",
        "smart-grids",
    ],
    ["Svensk AB", "", "SE", "large", "", "", "2024-03-01"],
)


@pytest.mark.django_db
def test_preview_writes_nothing(cast: Any) -> None:
    TopicFactory(slug="smart-grids", name_en="Smart grids")
    before = snapshot()
    report = preview(cast.cluster_a, GOOD)
    assert snapshot() == before
    assert not report.has_errors
    assert [row.organisation_action for row in report.rows] == ["create", "create"]
    assert [row.membership_action for row in report.rows] == ["create", "create"]
    assert report.counts["contacts_created"] == 1


@pytest.mark.django_db
def test_apply_creates_everything_and_audits(cast: Any) -> None:
    topic = TopicFactory(slug="smart-grids", name_en="Smart grids")
    report = apply(cast.cluster_a, GOOD, actor=cast.manager_a)
    assert report.counts["organisations_created"] == 2
    org = Organisation.objects.get(org_number="988077917")
    assert (org.name, org.kind, org.employees, org.country) == ("Nye Energi AS", "sme", 12, "NO")
    assert list(org.topics.all()) == [topic]
    membership = Membership.objects.get(organisation=org, cluster=cast.cluster_a)
    assert (membership.category, membership.joined_on) == ("partner", datetime.date(2024, 2, 1))
    assert org.people.get().email == "kari@example.no"
    swedish = Organisation.objects.get(name="Svensk AB")
    assert (swedish.country, swedish.org_number, swedish.kind) == ("SE", None, "large")
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == sorted(
        ["klynge.members.organisation.created"] * 2
        + ["klynge.members.membership.created"] * 2
        + ["klynge.members.person.created", "klynge.members.import.completed"]
    )
    summary = AuditEntry.objects.get(action="klynge.members.import.completed")
    assert summary.actor == cast.manager_a and summary.cluster_id == cast.cluster_a.pk
    assert summary.data["filename"] == "m.csv" and summary.data["memberships_created"] == 2


@pytest.mark.django_db
def test_one_bad_row_refuses_the_whole_file(cast: Any) -> None:
    content = csv_file(["Good AS", "988077917"], ["Bad AS", "988077918"], ["Also good AS"])
    before = snapshot()
    with pytest.raises(DomainError, match="1 error"):
        apply(cast.cluster_a, content)
    assert snapshot() == before


@pytest.mark.django_db
def test_failure_midway_rolls_back_every_row(cast: Any, monkeypatch: Any) -> None:
    content = csv_file(
        ["A AS", "988077917"], ["B AS", "974760673", "", "", "", "", "", "Ola", "ola@example.no"]
    )

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Person.objects, "bulk_create", broken)
    before = snapshot()
    with pytest.raises(RuntimeError):
        apply(cast.cluster_a, content)
    assert snapshot() == before


@pytest.mark.django_db
def test_matching_on_org_number_shows_changed_fields(cast: Any) -> None:
    org = OrganisationFactory(org_number="988077917", name="Old Name AS", employees=5, kind="sme")
    report = preview(cast.cluster_a, csv_file(["New Name AS", "988 077 917", "", "sme", "7"]))
    row = report.rows[0]
    assert (row.organisation_id, row.matched_on, row.organisation_action) == (
        org.pk,
        "org_number",
        "update",
    )
    assert {(c.field, c.old, c.new) for c in row.organisation_changes} == {
        ("name", "Old Name AS", "New Name AS"),
        ("employees", 5, 7),
    }
    apply(cast.cluster_a, csv_file(["New Name AS", "988077917", "", "", "7"]))
    org.refresh_from_db()
    assert (org.name, org.employees, org.kind) == ("New Name AS", 7, "sme")
    entry = AuditEntry.objects.get(action="klynge.members.organisation.updated")
    assert entry.data["changes"]["employees"] == [5, 7]


@pytest.mark.django_db
def test_matching_on_name_and_country(cast: Any) -> None:
    norwegian = OrganisationFactory(name="Fjord AS", org_number=None, country="NO", employees=3)
    OrganisationFactory(name="Numbered AS", org_number="974760673")
    report = preview(
        cast.cluster_a,
        csv_file(
            ["Fjord AS", "", "", "", "3"],
            ["Fjord AS", "", "DK"],
            ["Numbered AS", "988077917"],
            ["Numbered AS"],
        ),
    )
    norwegian_row, danish_row, other_number_row, no_number_row = report.rows
    assert (norwegian_row.organisation_id, norwegian_row.matched_on) == (norwegian.pk, "name")
    assert norwegian_row.organisation_action == "unchanged"
    assert danish_row.organisation_action == "create"
    assert other_number_row.organisation_action == "create"
    assert no_number_row.matched_on == "name"


@pytest.mark.django_db
def test_name_match_can_add_an_org_number(cast: Any) -> None:
    org = OrganisationFactory(name="Fjord AS", org_number=None)
    apply(cast.cluster_a, csv_file(["Fjord AS", "988077917"]))
    org.refresh_from_db()
    assert org.org_number == "988077917"


@pytest.mark.django_db
def test_ambiguous_names_and_two_rows_on_one_organisation_are_errors(cast: Any) -> None:
    OrganisationFactory(name="Twin AS", org_number=None)
    OrganisationFactory(name="Twin AS", org_number=None)
    OrganisationFactory(name="Solo AS", org_number="974760673")
    report = preview(cast.cluster_a, csv_file(["Twin AS"], ["Solo AS", "974760673"], ["Solo AS"]))
    messages = [str(issue) for issue in report.errors]
    assert any("2 organisations are called “Twin AS”" in m for m in messages)
    assert "row 3, name: matches the same organisation as row 4." in messages
    assert "row 4, name: matches the same organisation as row 3." in messages


@pytest.mark.django_db
def test_already_a_member_is_not_an_error(cast: Any) -> None:
    org = OrganisationFactory(org_number="988077917")
    MembershipFactory(cluster=cast.cluster_a, organisation=org, category="member")
    same = preview(cast.cluster_a, csv_file([org.name, "988077917"]))
    assert not same.has_errors
    assert same.rows[0].membership_action == "already_member"
    assert same.counts["already_members"] == 1 and same.counts["memberships_created"] == 0
    changed = apply(cast.cluster_a, csv_file([org.name, "988077917", "", "", "", "partner"]))
    assert changed.rows[0].membership_action == "update"
    assert Membership.objects.get(organisation=org).category == "partner"
    assert Membership.objects.filter(organisation=org).count() == 1


@pytest.mark.django_db
def test_memberships_never_overlap(cast: Any) -> None:
    org = OrganisationFactory(org_number="988077917")
    MembershipFactory(
        cluster=cast.cluster_a,
        organisation=org,
        joined_on=datetime.date(2015, 1, 1),
        left_on=datetime.date(2022, 1, 1),
    )
    overlapping = preview(
        cast.cluster_a, csv_file([org.name, "988077917", "", "", "", "", "2021-06-01"])
    )
    assert [str(i) for i in overlapping.errors] == [
        "row 2, joined_on: overlaps an earlier membership (2015-01-01 – 2022-01-01); "
        "use a date on or after 2022-01-01."
    ]
    apply(cast.cluster_a, csv_file([org.name, "988077917", "", "", "", "", "2022-01-01"]))
    assert Membership.objects.filter(organisation=org, left_on__isnull=True).count() == 1
    other_cluster = preview(
        cast.cluster_b, csv_file([org.name, "988077917", "", "", "", "", "2021-06-01"])
    )
    assert other_cluster.rows[0].membership_action == "create"


@pytest.mark.django_db
def test_existing_contact_is_not_duplicated(cast: Any) -> None:
    org = OrganisationFactory(org_number="988077917")
    PersonFactory(organisation=org, email="kari@example.no", full_name="Kari")
    report = apply(
        cast.cluster_a,
        csv_file([org.name, "988077917", "", "", "", "", "", "Kari N.", "KARI@example.no"]),
    )
    assert report.rows[0].contact_action == "none"
    assert org.people.count() == 1


@pytest.mark.django_db
def test_preview_queries_do_not_grow_with_rows(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(40):
        OrganisationFactory(name=f"Existing {n} AS", org_number=None)
    rows = [[f"Existing {n} AS"] for n in range(40)] + [[f"New {n} AS"] for n in range(60)]
    with django_assert_max_num_queries(8):
        report = preview(cast.cluster_a, csv_file(*rows))
    assert report.counts["organisations_unchanged"] == 40
    assert report.counts["organisations_created"] == 60


@pytest.mark.django_db
def test_apply_writes_in_bulk(cast: Any, django_assert_max_num_queries: Any) -> None:
    rows = [
        [f"New {n} AS", "", "", "", "", "", "", f"Person {n}", f"p{n}@example.org"]
        for n in range(100)
    ]
    with django_assert_max_num_queries(45):
        report = apply(cast.cluster_a, csv_file(*rows))
    assert report.counts["organisations_created"] == 100
    assert Membership.objects.filter(cluster=cast.cluster_a).count() == 100
    assert Person.objects.filter(email="p99@example.org", organisation__name="New 99 AS").exists()
    assert AuditEntry.objects.filter(action="klynge.members.person.created").count() == 100
    membership = Membership.objects.get(organisation__name="New 7 AS")
    entry = AuditEntry.objects.get(
        action="klynge.members.membership.created", target_id=str(membership.pk)
    )
    assert entry.data == {"source": "import", "row": 9} and entry.cluster_id == cast.cluster_a.pk
