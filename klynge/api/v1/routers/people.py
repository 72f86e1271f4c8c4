"""People of organisations, member-contact invitations, personal data (export, anonymise)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.errors import requested
from klynge.core.permissions import acting, require
from klynge.members.models import Invitation, Organisation, Person
from klynge.members.permissions import (
    can_add_person,
    can_edit_organisation,
    can_edit_person,
    can_invite_member_contact,
    can_manage_personal_data,
    can_move_person,
    can_view_organisation,
    can_view_person,
)
from klynge.members.selectors import people as selectors
from klynge.members.services.invitations import invitation_send
from klynge.members.services.people import person_create, person_move, person_update
from klynge.members.services.personal_data import person_anonymise, person_export_data

from ..pagination import Mapped, PageNumber
from ..patching import patch_changes
from ..schemas.people import (
    InvitationIn,
    InvitationOut,
    PersonCreateIn,
    PersonMoveIn,
    PersonOut,
    PersonPatchIn,
)

router = Router(tags=["people"])


def person_out(person: Person, viewer: Viewer) -> dict[str, Any]:
    private = selectors.person_shows_private(viewer, person)
    organisation = person.organisation if person.organisation_id else None
    body: dict[str, Any] = {
        "id": person.pk,
        "full_name": person.full_name,
        "title": person.title,
        "email": person.email,
        "phone": person.phone,
        "organisation": {"id": organisation.pk, "name": organisation.name}
        if organisation
        else None,
        "url": person.get_absolute_url(),
        "anonymised": person.anonymised_at is not None,
        "anonymised_at": person.anonymised_at,
    }
    for name in ("language", "consent_directory", "consent_directory_at", "consent_newsletter"):
        body[name] = getattr(person, name) if private else None
    body["consent_newsletter_at"] = person.consent_newsletter_at if private else None
    body["has_login"] = person.user_id is not None if private else None
    return body


def invitation_out(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "person": invitation.person_id,
        "cluster": invitation.cluster.slug,
        "invited_by": invitation.invited_by.email if invitation.invited_by else None,
        "sent_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
        "revoked_at": invitation.revoked_at,
        "state": selectors.invitation_state(invitation),
    }


def _person(person_id: int) -> Person:
    with requested(Person):
        return selectors.person_get(pk=person_id)


@router.get(
    "/organisations/{org_id}/people",
    response=list[PersonOut],
    summary="People of an organisation that the caller may see",
)
@paginate(PageNumber)
def organisation_people(
    request: HttpRequest, org_id: int, search: str = "", include_anonymised: bool = False
) -> Any:
    organisation = get_object_or_404(Organisation, pk=org_id)
    require(can_view_organisation, request.user, organisation)
    people = selectors.person_list_for_organisation(
        organisation=organisation,
        viewer=request.user,
        search=search,
        include_anonymised=include_anonymised,
    )

    def out(person: Person) -> dict[str, Any]:
        person.organisation = organisation  # share the object (and its cached memberships)
        return person_out(person, request.user)

    return Mapped(people, out)


@router.post(
    "/organisations/{org_id}/people",
    response={201: PersonOut},
    summary="Add a person to an organisation",
)
def organisation_person_create(
    request: HttpRequest, org_id: int, payload: PersonCreateIn
) -> Status:
    organisation = get_object_or_404(Organisation, pk=org_id)
    require(can_edit_organisation, request.user, organisation)
    person = person_create(actor=acting(request.user), organisation=organisation, **payload.dict())
    return Status(201, person_out(_person(person.pk), request.user))


@router.get("/people/{person_id}", response=PersonOut, summary="One person")
def person_detail(request: HttpRequest, person_id: int) -> dict:
    person = _person(person_id)
    require(can_view_person, request.user, person)
    return person_out(person, request.user)


@router.patch("/people/{person_id}", response=PersonOut, summary="Change a person")
def person_patch(request: HttpRequest, person_id: int, payload: PersonPatchIn) -> dict:
    person = _person(person_id)
    require(can_edit_person, request.user, person)
    person_update(actor=acting(request.user), person=person, **patch_changes(payload))
    return person_out(_person(person_id), request.user)


@router.post(
    "/people/{person_id}/move",
    response=PersonOut,
    summary="Move a person to another organisation (cluster team of both)",
)
def person_move_endpoint(request: HttpRequest, person_id: int, payload: PersonMoveIn) -> dict:
    person = _person(person_id)
    require(can_move_person, request.user, person)
    target = get_object_or_404(Organisation, pk=payload.organisation)
    require(can_add_person, request.user, target)
    person_move(actor=acting(request.user), person=person, organisation=target)
    return person_out(_person(person_id), request.user)


@router.get(
    "/people/{person_id}/export",
    response=dict[str, Any],
    summary="Everything Klynge holds about a person (cluster managers)",
)
def person_export(request: HttpRequest, person_id: int) -> dict:
    person = _person(person_id)
    require(can_manage_personal_data, request.user, person)
    return person_export_data(actor=acting(request.user), person=person)


@router.post(
    "/people/{person_id}/anonymise",
    response=PersonOut,
    summary="Erase a person's identity, keeping the row (cluster managers); idempotent",
)
def person_anonymise_endpoint(request: HttpRequest, person_id: int) -> dict:
    person = _person(person_id)
    require(can_manage_personal_data, request.user, person)
    person_anonymise(actor=acting(request.user), person=person)
    return person_out(_person(person_id), request.user)


@router.get(
    "/people/{person_id}/invitations",
    response=list[InvitationOut],
    summary="Member-contact invitations sent to a person",
)
@paginate(PageNumber)
def person_invitations(request: HttpRequest, person_id: int) -> Any:
    person = _person(person_id)
    require(selectors.person_shows_private, request.user, person)
    invitations = person.invitations.select_related("cluster", "invited_by").order_by("-pk")
    return Mapped(invitations, invitation_out)


@router.post(
    "/people/{person_id}/invitations",
    response={201: InvitationOut},
    summary="Invite a person to log in as member contact (cluster managers)",
)
def person_invite(request: HttpRequest, person_id: int, payload: InvitationIn) -> Status:
    person = _person(person_id)
    require(can_view_person, request.user, person)
    cluster = get_object_or_404(Cluster, slug=payload.cluster)
    require(can_invite_member_contact, request.user, cluster)
    invitation, _raw = invitation_send(
        actor=acting(request.user),
        person=person,
        cluster=cluster,
    )
    return Status(201, invitation_out(invitation))
