"""The organisation page, editing it, the add-member flow and membership forms."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from klynge.core.models import AuditEntry
from klynge.members.models import Membership, Organisation
from tests.factories.clusters import TopicFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db
D = datetime.date

ROLES = [
    "anonymous",
    "contact_a",
    "contact_b",
    "staff_a",
    "staff_b",
    "manager_a",
    "officer",
    "superuser",
]
ALLOWED = {
    "organisation page": {"contact_a", "contact_b", "staff_a", "manager_a", "officer", "superuser"},
    "organisation edit": {"contact_a", "staff_a", "manager_a", "superuser"},
    "membership end": {"staff_a", "manager_a", "superuser"},
    "membership edit": {"staff_a", "manager_a", "superuser"},
    "member add": {"staff_a", "manager_a", "superuser"},
    "member add new": {"staff_a", "manager_a", "superuser"},
    "member add existing": {"staff_a", "manager_a", "superuser"},
}


def url_for(action: str, cast: Any) -> str:
    membership = cast.org_a.memberships.get()
    return {
        "organisation page": reverse("members:organisation", args=[cast.org_a.pk]),
        "organisation edit": reverse("members:organisation_edit", args=[cast.org_a.pk]),
        "membership end": reverse("members:membership_end", args=[membership.pk]),
        "membership edit": reverse("members:membership_edit", args=[membership.pk]),
        "member add": reverse("members:member_add", args=["cluster-a"]),
        "member add new": reverse("members:member_add_new", args=["cluster-a"]),
        "member add existing": reverse(
            "members:member_add_existing", args=["cluster-a", cast.org_a.pk]
        ),
    }[action]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_permission_table(member_cast: Any, action: str, role: str) -> None:
    response = client_for(member_cast.user(role)).get(url_for(action, member_cast))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == (200 if role in ALLOWED[action] else 403)


def test_missing_objects_are_404(member_cast: Any) -> None:
    client = client_for(member_cast.superuser)
    assert client.get(reverse("members:organisation", args=[99999])).status_code == 404
    assert client.get(reverse("members:membership_end", args=[99999])).status_code == 404


def test_profile_shows_register_facts(member_cast: Any) -> None:
    organisation = member_cast.org_a
    organisation.org_number = "988077917"
    organisation.employees = 42
    organisation.nace_codes = ["62.010", "35.140"]
    organisation.municipality, organisation.municipality_number = "Halden", "3101"
    organisation.is_bankrupt = True
    organisation.save()
    organisation.topics.add(TopicFactory(name_en="Flexibility markets"))
    html = client_for(member_cast.staff_a).get(url_for("organisation page", member_cast))
    html = html.content.decode()
    assert '<dd data-testid="org-number">988 077 917</dd>' in html
    assert "Small (10–49)" in html and "estimated from headcount" in html
    assert "yes (estimated)" in html
    assert "62.010, 35.140" in html and "(SN2007)" in html
    assert "Halden (3101), Østfold" in html
    assert "Flexibility markets" in html
    assert "Bankrupt" in html


def test_memberships_and_fees_follow_who_may_see_them(member_cast: Any) -> None:
    membership = member_cast.org_a.memberships.get()
    membership.fee_tier, membership.notes = "Tier 3", "Pays late"
    membership.save()
    url = url_for("organisation page", member_cast)
    MembershipFactory(cluster=member_cast.cluster_b, organisation=member_cast.org_a)
    staff = client_for(member_cast.staff_a).get(url).content.decode()
    assert "Pays late" in staff and member_cast.cluster_b.short_name + " " not in staff
    officer = client_for(member_cast.officer).get(url).content.decode()
    assert "Pays late" in officer and member_cast.cluster_b.short_name in officer
    own_contact = client_for(member_cast.contact_a).get(url).content.decode()
    assert member_cast.cluster_a.short_name in own_contact
    assert "Pays late" not in own_contact and "Tier 3" not in own_contact
    assert "/end/" not in own_contact
    other_contact = client_for(member_cast.contact_b).get(url).content.decode()
    assert "No memberships you can see." in other_contact


def test_people_are_filtered_with_can_view_person(member_cast: Any) -> None:
    PersonFactory(organisation=member_cast.org_a, full_name="Visible Vera", consent_directory=True)
    PersonFactory(organisation=member_cast.org_a, full_name="Private Per")
    url = url_for("organisation page", member_cast)
    other_contact = client_for(member_cast.contact_b).get(url).content.decode()
    assert "Visible Vera" in other_contact and "Private Per" not in other_contact
    staff = client_for(member_cast.staff_a).get(url).content.decode()
    assert "Visible Vera" in staff and "Private Per" in staff


def test_rejoin_link_for_a_former_member(member_cast: Any) -> None:
    membership = member_cast.org_a.memberships.get()
    membership.left_on = D(2020, 1, 1)
    membership.save()
    html = client_for(member_cast.staff_a).get(url_for("organisation page", member_cast))
    assert url_for("member add existing", member_cast) in html.content.decode()


def edit_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Org A AS",
        "org_number": "",
        "country": "NO",
        "kind": "sme",
        "employees": "",
        "nace_codes": "",
        "municipality": "",
        "municipality_number": "",
        "county": "",
        "city": "",
        "website": "",
        "description": "",
        "vat_id": "",
    }
    return data | overrides


def test_edit_saves_and_audits(member_cast: Any) -> None:
    topic = TopicFactory()
    response = client_for(member_cast.staff_a).post(
        url_for("organisation edit", member_cast),
        edit_data(
            name="Org A Renamed AS",
            org_number="974 760 673",
            nace_codes="62.010 , 35.14",
            municipality_number="0301",
            topics=[topic.pk],
        ),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=member_cast.org_a.pk)
    assert organisation.name == "Org A Renamed AS"
    assert organisation.org_number == "974760673"
    assert organisation.employees is None and organisation.size_class == "unknown"
    assert organisation.nace_codes == ["62.010", "35.14"]
    assert organisation.county == "Oslo"
    assert list(organisation.topics.all()) == [topic]
    entry = AuditEntry.objects.get(action="klynge.members.organisation.updated")
    assert entry.cluster_id == member_cast.cluster_a.pk
    assert entry.actor == member_cast.staff_a


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"org_number": "988077918"}, "is not a valid Norwegian organisation number"),
        ({"org_number": "988077917", "country": "SE"}, "Only Norwegian organisations"),
        ({"nace_codes": "62.010, 6201"}, "“6201” is not an industry code"),
        ({"employees": "-3"}, "greater than or equal to 0"),
        ({"municipality_number": "31"}, "A municipality number has 4 digits"),
        ({"country": "Norway"}, "Ensure this value has at most 2 characters"),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_edit_shows_field_errors(member_cast: Any, overrides: dict, message: str) -> None:
    response = client_for(member_cast.staff_a).post(
        url_for("organisation edit", member_cast), edit_data(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_edit_duplicate_org_number_names_the_holder(member_cast: Any) -> None:
    OrganisationFactory(name="Holder AS", org_number="988077917")
    response = client_for(member_cast.staff_a).post(
        url_for("organisation edit", member_cast), edit_data(org_number="988077917")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Organisation number 988 077 917 is already registered for Holder AS." in html


def test_add_member_search_finds_by_number_and_marks_members(member_cast: Any) -> None:
    OrganisationFactory(name="Outsider AS", org_number="971527404")
    client = client_for(member_cast.staff_a)
    html = client.get(url_for("member add", member_cast), {"q": "971 527"}).content.decode()
    assert "Outsider AS" in html and "Add as member" in html
    html = client.get(url_for("member add", member_cast), {"q": "Org A"}).content.decode()
    assert "already a member" in html
    html = client.get(url_for("member add", member_cast), {"q": "Nobody"}).content.decode()
    assert "No organisation matches “Nobody”." in html
    assert 'href="/clusters/cluster-a/members/add/new/?q=Nobody"' in html


def test_add_existing_organisation(member_cast: Any) -> None:
    outsider = OrganisationFactory(name="Outsider AS")
    url = reverse("members:member_add_existing", args=["cluster-a", outsider.pk])
    client = client_for(member_cast.staff_a)
    data = {"category": "partner", "joined_on": "2024-02-01", "annual_fee": "1000"}
    response = client.post(url, data)
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=outsider)
    assert (membership.category, membership.joined_on) == ("partner", D(2024, 2, 1))
    again = client.post(url, data | {"joined_on": "2024-06-01"})
    assert again.status_code == 200
    assert "Outsider AS is already a member of Cluster A from" in again.content.decode()


def test_add_new_organisation_and_membership(member_cast: Any) -> None:
    client = client_for(member_cast.staff_a)
    url = url_for("member add new", member_cast)
    assert 'value="988077917"' in client.get(url, {"q": "988077917"}).content.decode()
    data = edit_data(name="Brand New AS", org_number="988 077 917")
    data |= {"category": "member", "joined_on": "2024-01-15", "fee_tier": "SME"}
    response = client.post(url, data)
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Brand New AS")
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.memberships.get().fee_tier == "SME"
    duplicate = client.post(url, data | {"name": "Copy AS"})
    assert "already registered for Brand New AS" in duplicate.content.decode()
    bad = client.post(url, data | {"org_number": "123", "joined_on": ""})
    html = bad.content.decode()
    assert "“123” is not a valid Norwegian organisation number" in html
    assert "This field is required." in html
    assert Organisation.objects.filter(name="Copy AS").count() == 0


def test_end_membership_form(member_cast: Any) -> None:
    membership = member_cast.org_a.memberships.get()
    url = url_for("membership end", member_cast)
    client = client_for(member_cast.staff_a)
    early = client.post(url, {"left_on": "2014-12-31"})
    assert "it cannot end before that" in early.content.decode()
    assert client.post(url, {"left_on": "2023-06-30"}).status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == D(2023, 6, 30)
    again = client.post(url, {"left_on": "2024-01-01"})
    assert "This membership already ended on" in again.content.decode()


def test_edit_membership_form_refuses_overlap(member_cast: Any) -> None:
    MembershipFactory(
        cluster=member_cast.cluster_a,
        organisation=member_cast.org_a,
        joined_on=D(2010, 1, 1),
        left_on=D(2012, 1, 1),
    )
    current = member_cast.org_a.memberships.get(left_on__isnull=True)
    url = reverse("members:membership_edit", args=[current.pk])
    client = client_for(member_cast.staff_a)
    form = {"category": "member", "joined_on": "2011-01-01", "left_on": ""}
    response = client.post(url, form)
    assert "was already a member of Cluster A from" in response.content.decode()
    reversed_dates = client.post(url, form | {"joined_on": "2016-01-01", "left_on": "2015-01-01"})
    assert "The leaving date cannot be before the joining date." in reversed_dates.content.decode()
    ok = client.post(url, form | {"joined_on": "2013-01-01", "category": "associate"})
    assert ok.status_code == 302
    current.refresh_from_db()
    assert (current.joined_on, current.category) == (D(2013, 1, 1), "associate")
