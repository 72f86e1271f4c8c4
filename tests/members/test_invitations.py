"""Member-contact invitations end to end: mail, single use, expiry, re-invitation, existing logins."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from klynge.accounts.tokens import hash_token
from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.members.models import Invitation
from klynge.members.services.invitations import invitation_revoke, invitation_send
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory
from tests.factories.members import PersonFactory

GOOD_PASSWORD = "sterkt-passord-for-klynge-42"
LINK = re.compile(r"https?://\S+/invitations/(?P<token>[\w-]+)/")


@pytest.fixture
def invitee(member_cast: Any) -> Any:
    return PersonFactory(
        organisation=member_cast.org_a,
        full_name="Kari Nordmann",
        email="kari@example.org",
        language="nb",
    )


def invite_by_web(cast: Any, person: Any, capture: Any) -> str:
    """The manager presses "Invite" on the person page; returns the link path from the mail."""
    client = Client()
    client.force_login(cast.manager_a)
    before = len(mail.outbox)
    with capture(execute=True):
        response = client.post(reverse("members:person_invite", args=[person.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == before + 1
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return reverse("members:invitation_accept", args=[match["token"]])


def test_invitation_flow_end_to_end(
    member_cast: Any, invitee: Any, django_capture_on_commit_callbacks: Any
) -> None:
    link = invite_by_web(member_cast, invitee, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert message.to == ["kari@example.org"]
    assert "Cluster A" in message.subject
    assert "Org A AS" in message.body
    invitation = Invitation.objects.get(person=invitee)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == hash_token(token) != token
    assert invitation.invited_by == member_cast.manager_a

    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    summary = page.content.decode()
    assert member_cast.manager_a.get_full_name() in summary and "Org A AS" in summary

    weak = client.post(link, {"password1": "123", "password2": "123"})
    assert weak.status_code == 200
    assert list(weak.context["form"].errors) == ["password1"]
    differ = client.post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"})
    assert list(differ.context["form"].errors) == ["password2"]
    assert not get_user_model().objects.filter(email="kari@example.org").exists()

    done = client.post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("members:my_organisation")
    user = get_user_model().objects.get(email="kari@example.org")
    assert user.check_password(GOOD_PASSWORD)
    assert (user.full_name, user.language) == ("Kari Nordmann", "nb")
    invitee.refresh_from_db()
    invitation.refresh_from_db()
    assert invitee.user == user and invitation.accepted_at is not None
    home = client.get(reverse("members:my_organisation"))
    assert home.status_code == 200 and home.context["organisation"] == member_cast.org_a

    again = Client().get(link)
    assert again.status_code == 410
    assert again.context["reason"] == "accepted"
    reused = Client().post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert reused.status_code == 410
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["klynge.members.invitation.sent", "klynge.members.invitation.accepted"]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_mail_is_written_in_the_persons_language(
    member_cast: Any, invitee: Any, language: str, django_capture_on_commit_callbacks: Any
) -> None:
    invitee.language = language
    invitee.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _raw = invitation_send(
            actor=member_cast.manager_a, person=invitee, cluster=member_cast.cluster_a
        )
    message = mail.outbox[-1]
    assert message.extra_headers["Content-Language"] == language
    with translation.override(language):
        expected = date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT")
    with translation.override("en" if language == "nb" else "nb"):
        other = date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT")
    assert expected in message.body and other not in message.body


def test_mail_waits_for_the_commit(
    member_cast: Any, invitee: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation_send(actor=member_cast.manager_a, person=invitee, cluster=member_cast.cluster_a)
    assert mail.outbox == [] and len(callbacks) == 1


def test_expired_link_is_refused_with_a_clear_page(
    member_cast: Any, invitee: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.KLYNGE_INVITATION_DAYS = 2
    link = invite_by_web(member_cast, invitee, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(person=invitee)
    lifetime = invitation.expires_at - invitation.created_at
    assert timedelta(days=2) - timedelta(minutes=1) < lifetime <= timedelta(days=2)
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    response = Client().post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 410
    assert response.context["reason"] == "expired"
    assert "expired" in response.content.decode()
    invitee.refresh_from_db()
    assert invitee.user is None


def test_reinviting_revokes_the_older_link(
    member_cast: Any, invitee: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first = invite_by_web(member_cast, invitee, django_capture_on_commit_callbacks)
    second = invite_by_web(member_cast, invitee, django_capture_on_commit_callbacks)
    assert first != second
    old = Client().get(first)
    assert old.status_code == 410 and old.context["reason"] == "revoked"
    assert Client().get(second).status_code == 200
    states = list(Invitation.objects.order_by("pk").values_list("revoked_at", flat=True))
    assert states[0] is not None and states[1] is None
    revoked = AuditEntry.objects.get(action="klynge.members.invitation.revoked")
    assert revoked.data == {"person": invitee.pk, "reason": "reinvited"}


def test_unknown_link_is_a_clear_404(db: Any) -> None:
    response = Client().get(reverse("members:invitation_accept", args=["nope"]))
    assert response.status_code == 404
    assert response.context["reason"] == "unknown"


def test_existing_login_must_log_in_to_accept(
    member_cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner = UserFactory(email="owner@example.org")
    person = PersonFactory(organisation=member_cast.org_a, email="Owner@example.org")
    link = invite_by_web(member_cast, person, django_capture_on_commit_callbacks)
    assert "already have a Klynge login" in mail.outbox[-1].body

    anonymous = Client()
    page = anonymous.get(link)
    assert page.status_code == 200
    assert page.context["login_url"].startswith(reverse("accounts:login"))
    assert anonymous.post(link)["Location"].startswith(reverse("accounts:login"))

    stranger = Client()
    stranger.force_login(member_cast.staff_b)
    assert stranger.post(link).status_code == 403

    owner_client = Client()
    owner_client.force_login(owner)
    response = owner_client.post(link)
    assert response["Location"] == reverse("members:my_organisation")
    person.refresh_from_db()
    owner.refresh_from_db()
    assert person.user == owner
    assert owner.check_password(PASSWORD)  # the password was not touched
    assert get_user_model().objects.filter(email__iexact="owner@example.org").count() == 1
    entry = AuditEntry.objects.get(action="klynge.members.invitation.accepted")
    assert entry.data["new_login"] is False


def test_login_already_speaking_for_someone_else_is_refused(
    member_cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    twin = PersonFactory(organisation=member_cast.org_b, email=member_cast.contact_a.email)
    link = invite_by_web(member_cast, twin, django_capture_on_commit_callbacks)
    client = Client()
    client.force_login(member_cast.contact_a)
    response = client.post(link, follow=True)
    assert "already belongs to another contact person" in response.content.decode()
    twin.refresh_from_db()
    assert twin.user is None


def test_send_refuses_people_who_cannot_be_invited(member_cast: Any) -> None:
    manager, cluster = member_cast.manager_a, member_cast.cluster_a
    no_email = PersonFactory(organisation=member_cast.org_a, email="")
    with pytest.raises(DomainError) as caught:
        invitation_send(actor=manager, person=no_email, cluster=cluster)
    assert caught.value.field == "email"
    with pytest.raises(ConflictError) as caught:
        invitation_send(actor=manager, person=member_cast.contact_a.person, cluster=cluster)
    assert caught.value.code == "has_login"
    outsider = PersonFactory(organisation=member_cast.org_a)
    with pytest.raises(DomainError) as caught:
        invitation_send(actor=manager, person=outsider, cluster=ClusterFactory())
    assert caught.value.field == "cluster"
    assert not Invitation.objects.exists()


def test_revoke_by_web_is_for_managers(
    member_cast: Any, invitee: Any, django_capture_on_commit_callbacks: Any
) -> None:
    link = invite_by_web(member_cast, invitee, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(person=invitee)
    url = reverse("members:person_invitation_revoke", args=[invitee.pk, invitation.pk])
    staff = Client()
    staff.force_login(member_cast.staff_a)
    assert staff.post(url).status_code == 403
    manager = Client()
    manager.force_login(member_cast.manager_a)
    assert manager.post(url).status_code == 302
    assert Client().get(link).context["reason"] == "revoked"


def test_accepted_invitation_cannot_be_revoked(member_cast: Any, invitee: Any) -> None:
    invitation, raw = invitation_send(
        actor=member_cast.manager_a, person=invitee, cluster=member_cast.cluster_a
    )
    Client().post(
        reverse("members:invitation_accept", args=[raw]),
        {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    with pytest.raises(ConflictError):
        invitation_revoke(actor=member_cast.manager_a, invitation=invitation)


def test_each_password_problem_is_its_own_field_error(member_cast: Any, invitee: Any) -> None:
    _invitation, raw = invitation_send(
        actor=member_cast.manager_a, person=invitee, cluster=member_cast.cluster_a
    )
    link = reverse("members:invitation_accept", args=[raw])
    response = Client().post(link, {"password1": "1234", "password2": "1234"})
    errors = response.context["form"].errors["password1"]
    assert len(errors) >= 3  # too short, too common, entirely numeric
    similar = Client().post(link, {"password1": "kari@example.org", "password2": "x"})
    assert any("similar" in error for error in similar.context["form"].errors["password1"])
