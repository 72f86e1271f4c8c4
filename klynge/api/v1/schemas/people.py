"""Schemas for people, member-contact invitations and personal data."""

from __future__ import annotations

from datetime import datetime

from .organisations import OrganisationRefOut
from .types import Schema, WholeNumber


class PersonOut(Schema):
    """A person. The private fields (language, consents, login) are null when the caller may only
    see the person through the member directory."""

    id: int
    full_name: str
    title: str
    email: str
    phone: str
    organisation: OrganisationRefOut | None
    url: str
    anonymised: bool
    anonymised_at: datetime | None
    language: str | None
    consent_directory: bool | None
    consent_directory_at: datetime | None
    consent_newsletter: bool | None
    consent_newsletter_at: datetime | None
    has_login: bool | None


class PersonCreateIn(Schema):
    full_name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    language: str = "nb"
    consent_directory: bool = False
    consent_newsletter: bool = False


class PersonPatchIn(Schema):
    """Send only the fields to change."""

    full_name: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    language: str | None = None
    consent_directory: bool | None = None
    consent_newsletter: bool | None = None


class InvitationIn(Schema):
    cluster: str  # the cluster's slug


class InvitationOut(Schema):
    id: int
    person: int
    cluster: str
    invited_by: str | None
    sent_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None
    state: str


class PersonMoveIn(Schema):
    """The organisation the person has moved to (they changed employer)."""

    organisation: WholeNumber
