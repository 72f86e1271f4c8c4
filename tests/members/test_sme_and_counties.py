"""The SME rule (only enterprises can be SMEs) and counties taken as of a date (DOMAIN.md)."""

from __future__ import annotations

import datetime

import pytest

from klynge.members import classification as cls
from klynge.members.counties import county_name_on, county_on, place_county_on
from klynge.members.models import Organisation
from klynge.members.selectors.composition import composition_get
from tests.factories.clusters import ClusterFactory
from tests.factories.members import MembershipFactory, OrganisationFactory

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "org_form", "employees", "size", "sme"),
    [
        ("sme", "AS", 9, "micro", True),
        ("sme", "AS", 10, "small", True),
        ("sme", "AS", 49, "small", True),
        ("sme", "AS", 50, "medium", True),
        ("large", "ASA", 249, "medium", True),  # the headcount decides, not the kind
        ("large", "ASA", 250, "large", False),
        ("startup", "AS", None, "unknown", None),
        ("university", "ORGL", 40, "na", False),
        ("research_institute", "STI", 5, "na", False),
        ("public_sector", "KOMM", 30, "na", False),
        ("other", "FLI", 3, "na", False),  # an association
        ("sme", "KF", 20, "na", False),  # a municipal enterprise is public
        ("university", "", None, "na", False),
        ("finance", "ASA", 200, "medium", True),
    ],
)
def test_only_enterprises_are_smes(
    kind: str, org_form: str, employees: int | None, size: str, sme: bool | None
) -> None:
    assert cls.size_class(kind, org_form, employees) == size
    assert cls.is_sme(kind, org_form, employees) is sme


@pytest.mark.django_db
def test_the_generated_column_follows_the_same_rule() -> None:
    cases = [
        ("university", "ORGL", 40),
        ("sme", "AS", 40),
        ("other", "FLI", 3),
        ("public_sector", "KOMM", None),
        ("large", "AS", 900),
        ("sme", "", None),
    ]
    for n, (kind, org_form, employees) in enumerate(cases):
        OrganisationFactory(name=f"Org {n}", kind=kind, org_form=org_form, employees=employees)
    for organisation in Organisation.objects.order_by("name"):
        assert organisation.size_class == cls.size_class(
            organisation.kind, organisation.org_form, organisation.employees
        )
        assert organisation.is_sme_estimated is cls.is_sme(
            organisation.kind, organisation.org_form, organisation.employees
        )


@pytest.mark.django_db
def test_composition_counts_no_university_as_an_sme() -> None:
    cluster = ClusterFactory()
    for kind, employees in (("university", 40), ("sme", 40), ("public_sector", 8)):
        organisation = OrganisationFactory(kind=kind, employees=employees, org_form="")
        MembershipFactory(cluster=cluster, organisation=organisation, joined_on=D(2020, 1, 1))
    result = composition_get(cluster=cluster, as_of=D(2026, 1, 1))
    by_sme = {b.key: b.count for b in result.by_sme}
    assert by_sme["sme"] == 1 and by_sme[cls.NOT_APPLICABLE] == 2


@pytest.mark.parametrize(
    ("number", "day", "county"),
    [
        ("3101", D(2026, 1, 1), "Østfold"),  # Halden today
        ("3101", D(2024, 1, 1), "Østfold"),  # the first day after Viken
        ("3101", D(2023, 12, 31), "Viken"),  # the last day of Viken
        ("3101", D(2020, 1, 1), "Viken"),
        ("3101", D(2019, 12, 31), "Østfold"),
        ("3001", D(2026, 1, 1), "Østfold"),  # Halden numbered in the Viken years
        ("3001", D(2021, 6, 1), "Viken"),
        ("0101", D(2026, 1, 1), "Østfold"),  # Halden's number before 2020
        ("0101", D(2022, 1, 1), "Viken"),
        ("3024", D(2025, 1, 1), "Akershus"),  # Bærum
        ("3005", D(2025, 1, 1), "Buskerud"),  # Drammen
        ("3803", D(2025, 1, 1), "Vestfold"),  # Tønsberg
        ("3807", D(2025, 1, 1), "Telemark"),  # Skien
        ("5401", D(2025, 1, 1), "Troms"),  # Tromsø
        ("5403", D(2025, 1, 1), "Finnmark"),  # Alta
        ("5501", D(2022, 1, 1), "Troms og Finnmark"),
        ("0301", D(1999, 1, 1), "Oslo"),
        ("3401", D(2019, 1, 1), ""),  # Hedmark or Oppland: not known from the number
        ("4601", D(2026, 1, 1), "Vestland"),
        ("", D(2026, 1, 1), ""),
        ("99x1", D(2026, 1, 1), ""),
        ("9901", D(2026, 1, 1), ""),
    ],
)
def test_county_on_a_date(number: str, day: datetime.date, county: str) -> None:
    assert county_on(number, day) == county


def test_county_names_and_places() -> None:
    assert county_name_on("Østfold", D(2021, 1, 1)) == "Viken"
    assert county_name_on("Vestfold", D(2022, 1, 1)) == "Vestfold og Telemark"
    assert county_name_on("Viken", D(2026, 1, 1)) == "Viken"  # no single answer: kept as stored
    assert (
        place_county_on(municipality_number="", county="Østfold", country="NO", day=D(2026, 1, 1))
        == "Østfold"
    )
    assert (
        place_county_on(municipality_number="3101", county="", country="SE", day=D(2026, 1, 1))
        == ""
    )


@pytest.mark.django_db
def test_composition_takes_counties_as_of_its_date() -> None:
    cluster = ClusterFactory()
    halden = OrganisationFactory(municipality_number="3001", county="Viken", country="NO")
    MembershipFactory(cluster=cluster, organisation=halden, joined_on=D(2019, 1, 1))
    today = {
        b.key: b.count for b in composition_get(cluster=cluster, as_of=D(2026, 3, 1)).by_county
    }
    then = {b.key: b.count for b in composition_get(cluster=cluster, as_of=D(2021, 3, 1)).by_county}
    assert today == {"Østfold": 1} and then == {"Viken": 1}
