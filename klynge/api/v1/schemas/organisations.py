"""Schemas for organisations, memberships and the member directory."""

from __future__ import annotations

from datetime import date

from ninja import Field

from klynge.members.models import Membership, Organisation

from .types import Count, Schema, WebUrl, WholeNumber

Kind = Organisation.Kind
Category = Membership.Category


class TopicRefOut(Schema):
    slug: str
    name: str


class OrganisationRefOut(Schema):
    id: int
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    org_number: str | None
    org_number_display: str  # "988 077 917"
    country: str
    vat_id: str
    kind: str
    org_form: str
    employees: int | None  # null = unknown
    size_class: str  # estimated from headcount
    is_sme_estimated: bool | None
    nace_codes: list[str]
    nace_primary: str
    nace_version: str
    municipality: str
    municipality_number: str
    county: str
    city: str
    website: str
    description: str
    topics: list[TopicRefOut]
    founded_on: date | None
    is_bankrupt: bool
    is_being_dissolved: bool
    deleted_on: date | None
    url: str


class OrganisationCreateIn(Schema):
    name: str = Field(min_length=1, max_length=255)
    org_number: str | None = Field(None, description="Norwegian organisations: 9 digits.")
    country: str = Field("NO", min_length=2, max_length=2)
    vat_id: str = Field("", max_length=32)
    kind: Kind = Kind.SME
    employees: Count | None = Field(None, description="Null when unknown.")
    nace_codes: list[str] = Field(default_factory=list, description='e.g. ["62.010"]')
    municipality: str = Field("", max_length=100)
    municipality_number: str = Field("", pattern=r"^(\d{4})?$")
    county: str = Field("", max_length=100)
    city: str = Field("", max_length=100)
    website: WebUrl = ""
    description: str = ""
    topics: list[str] = Field(default_factory=list, description="Topic slugs.")


class OrganisationPatchIn(Schema):
    """Send only the fields to change."""

    name: str | None = Field(None, min_length=1, max_length=255)
    org_number: str | None = None  # null removes the number
    country: str | None = Field(None, min_length=2, max_length=2)
    vat_id: str | None = Field(None, max_length=32)
    kind: Kind | None = None
    employees: Count | None = None  # null = unknown
    nace_codes: list[str] | None = None
    municipality: str | None = Field(None, max_length=100)
    municipality_number: str | None = Field(None, pattern=r"^(\d{4})?$")
    county: str | None = Field(None, max_length=100)
    city: str | None = Field(None, max_length=100)
    website: WebUrl | None = None
    description: str | None = None
    topics: list[str] | None = None


class MembershipOut(Schema):
    """A membership. `fee_tier`, `annual_fee` and `notes` are null unless the caller works with
    the cluster's member register (its team, programme officers)."""

    id: int
    cluster: str  # slug
    organisation: OrganisationRefOut
    category: str
    joined_on: date
    left_on: date | None
    is_active: bool
    fee_tier: str | None
    annual_fee: int | None
    notes: str | None


class MembershipCreateIn(Schema):
    organisation_id: WholeNumber
    category: Category = Category.MEMBER
    joined_on: date
    left_on: date | None = Field(None, description="Only to record a past period.")
    fee_tier: str = Field("", max_length=60)
    annual_fee: Count | None = None
    notes: str = ""


class MembershipPatchIn(Schema):
    """Send only the fields to change; `left_on: null` reopens an ended membership."""

    category: Category | None = None
    joined_on: date | None = None
    left_on: date | None = None
    fee_tier: str | None = Field(None, max_length=60)
    annual_fee: Count | None = None
    notes: str | None = None


class MembershipEndIn(Schema):
    left_on: date


class DirectoryOrganisationOut(Schema):
    id: int
    name: str
    org_number: str | None
    country: str
    kind: str
    size_class: str
    employees: int | None
    county: str
    municipality: str
    website: str
    topics: list[TopicRefOut]
    url: str


class DirectoryEntryOut(Schema):
    """One organisation in a cluster's directory with its relevant (active, else latest) membership."""

    organisation: DirectoryOrganisationOut
    membership: MembershipOut
