"""Organisations, memberships and the member directory. Same predicates and services as the pages.

No `from __future__ import annotations` here: django-ninja must resolve the query parameter types
(`date`, `Literal`) of the paginated endpoints at import time.
"""

import dataclasses
from functools import partial
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster, Topic
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.members.models import Membership, Organisation
from klynge.members.permissions import (
    can_create_organisation,
    can_edit_organisation,
    can_export_members,
    can_manage_members,
    can_manage_membership,
    can_view_member_directory,
    can_view_organisation,
)
from klynge.members.selectors.directory import DirectoryFilters, membership_list_directory
from klynge.members.selectors.organisations import (
    membership_list_for_organisation,
    organisation_audit_cluster_id,
    organisation_count_visible,
    organisation_get,
    organisation_list_visible,
)
from klynge.members.services.memberships import (
    membership_end,
    membership_start,
    membership_update,
)
from klynge.members.services.organisations import organisation_create, organisation_update

from ..pagination import Mapped, PageNumber
from ..patching import patch_changes
from ..schemas.organisations import (
    DirectoryEntryOut,
    MembershipCreateIn,
    MembershipEndIn,
    MembershipOut,
    MembershipPatchIn,
    OrganisationCreateIn,
    OrganisationOut,
    OrganisationPatchIn,
)
from ..schemas.types import Date

router = Router(tags=["organisations"])

MemberStatus = Literal["active", "former", "all"]
Sort = Literal[
    "name", "-name", "kind", "-kind", "size", "-size", "county", "-county", "joined", "-joined"
]
ORGANISATION_OUT_FIELDS = (
    "id",
    "name",
    "org_number",
    "org_number_display",
    "country",
    "vat_id",
    "kind",
    "org_form",
    "employees",
    "size_class",
    "is_sme_estimated",
    "nace_codes",
    "nace_primary",
    "nace_version",
    "municipality",
    "municipality_number",
    "county",
    "city",
    "website",
    "description",
    "founded_on",
    "is_bankrupt",
    "is_being_dissolved",
    "deleted_on",
)
DIRECTORY_ORGANISATION_FIELDS = (
    "id",
    "name",
    "org_number",
    "country",
    "kind",
    "size_class",
    "employees",
    "county",
    "municipality",
    "website",
)


def _topics_out(organisation: Organisation) -> list[dict[str, str]]:
    return [{"slug": t.slug, "name": t.name} for t in organisation.topics.all()]


def organisation_out(organisation: Organisation) -> dict[str, Any]:
    body = {name: getattr(organisation, name) for name in ORGANISATION_OUT_FIELDS}
    body["topics"] = _topics_out(organisation)
    body["url"] = organisation.get_absolute_url()
    return body


def membership_out(membership: Membership, viewer: Viewer) -> dict[str, Any]:
    private = can_export_members(viewer, membership.cluster_id)
    return {
        "id": membership.pk,
        "cluster": membership.cluster.slug,
        "organisation": {"id": membership.organisation_id, "name": membership.organisation.name},
        "category": membership.category,
        "joined_on": membership.joined_on,
        "left_on": membership.left_on,
        "is_active": membership.is_active,
        "fee_tier": membership.fee_tier if private else None,
        "annual_fee": membership.annual_fee if private else None,
        "notes": membership.notes if private else None,
    }


def _topics(slugs: list[str]) -> list[Topic]:
    found = list(Topic.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {topic.slug for topic in found})
    if missing:
        raise DomainError(f"Unknown topics: {', '.join(missing)}.", field="topics")
    return found


def _organisation(organisation_id: int) -> Organisation:
    return get_object_or_404(Organisation.objects.prefetch_related("topics"), pk=organisation_id)


def _membership(membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("cluster", "organisation"), pk=membership_id
    )


@router.get(
    "/clusters/{slug}/members",
    response=list[DirectoryEntryOut],
    summary="A cluster's member directory (member contacts: today's members only)",
)
@paginate(PageNumber)
def directory(
    request: HttpRequest,
    slug: str,
    search: str = "",
    kind: str = "",
    size_class: str = "",
    category: str = "",
    county: str = "",
    country: str = "",
    topic: str = "",
    status: MemberStatus = "active",
    as_of: Date | None = None,
    sort: Sort = "name",
) -> Any:
    cluster = get_object_or_404(Cluster, slug=slug)
    require(can_view_member_directory, request.user, cluster)
    filters = DirectoryFilters(
        search=search,
        kind=kind,
        size_class=size_class,
        category=category,
        county=county,
        country=country,
        topic=topic,
        status=status,
        as_of=as_of,
        sort=sort,
    )
    if not can_export_members(request.user, cluster):
        filters = dataclasses.replace(filters, status="active", as_of=None)

    def entry(row: Membership) -> dict[str, Any]:
        row.cluster = cluster
        organisation = row.organisation
        body = {name: getattr(organisation, name) for name in DIRECTORY_ORGANISATION_FIELDS}
        body |= {"topics": _topics_out(organisation), "url": organisation.get_absolute_url()}
        return {"organisation": body, "membership": membership_out(row, request.user)}

    return Mapped(membership_list_directory(cluster=cluster, filters=filters), entry)


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations you may see")
@paginate(PageNumber)
def organisation_list(request: HttpRequest, search: str = "") -> Any:
    organisations = organisation_list_visible(user=request.user, search=search)
    count = partial(organisation_count_visible, user=request.user, search=search)
    return Mapped(organisations, organisation_out, count=count)


@router.post("/organisations", response={201: OrganisationOut}, summary="Register an organisation")
def organisation_register(request: HttpRequest, payload: OrganisationCreateIn) -> Status:
    require(can_create_organisation, request.user)
    fields = payload.dict()
    topics = _topics(fields.pop("topics"))
    organisation = organisation_create(actor=acting(request.user), topics=topics, **fields)
    return Status(201, organisation_out(organisation_get(pk=organisation.pk)))


@router.get(
    "/organisations/{organisation_id}", response=OrganisationOut, summary="One organisation"
)
def organisation_detail(request: HttpRequest, organisation_id: int) -> dict[str, Any]:
    organisation = _organisation(organisation_id)
    require(can_view_organisation, request.user, organisation)
    return organisation_out(organisation)


@router.patch(
    "/organisations/{organisation_id}", response=OrganisationOut, summary="Change an organisation"
)
def organisation_change(
    request: HttpRequest, organisation_id: int, payload: OrganisationPatchIn
) -> dict[str, Any]:
    organisation = _organisation(organisation_id)
    require(can_edit_organisation, request.user, organisation)
    fields = patch_changes(payload, clearable={"org_number", "employees"})
    topic_slugs = fields.pop("topics", None)
    organisation_update(
        actor=acting(request.user),
        organisation=organisation,
        cluster=organisation_audit_cluster_id(user=request.user, organisation=organisation),
        topics=_topics(topic_slugs) if topic_slugs is not None else None,
        **fields,
    )
    return organisation_out(organisation_get(pk=organisation.pk))


@router.get(
    "/organisations/{organisation_id}/memberships",
    response=list[MembershipOut],
    summary="An organisation's memberships in the clusters you may see",
)
@paginate(PageNumber)
def organisation_memberships(request: HttpRequest, organisation_id: int) -> Any:
    organisation = _organisation(organisation_id)
    require(can_view_organisation, request.user, organisation)
    memberships = membership_list_for_organisation(organisation=organisation, user=request.user)
    return Mapped(memberships, lambda membership: membership_out(membership, request.user))


@router.post(
    "/clusters/{slug}/memberships",
    response={201: MembershipOut},
    summary="Start a membership (also to rejoin)",
)
def membership_create(request: HttpRequest, slug: str, payload: MembershipCreateIn) -> Status:
    cluster = get_object_or_404(Cluster, slug=slug)
    require(can_manage_members, request.user, cluster)
    fields = payload.dict()
    organisation = get_object_or_404(Organisation, pk=fields.pop("organisation_id"))
    membership = membership_start(
        actor=acting(request.user), cluster=cluster, organisation=organisation, **fields
    )
    return Status(201, membership_out(membership, request.user))


@router.patch("/memberships/{membership_id}", response=MembershipOut, summary="Change a membership")
def membership_change(
    request: HttpRequest, membership_id: int, payload: MembershipPatchIn
) -> dict[str, Any]:
    membership = _membership(membership_id)
    require(can_manage_membership, request.user, membership)
    membership = membership_update(
        actor=acting(request.user),
        membership=membership,
        **patch_changes(payload, clearable={"left_on", "annual_fee"}),
    )
    return membership_out(membership, request.user)


@router.post("/memberships/{membership_id}/end", response=MembershipOut, summary="End a membership")
def membership_finish(
    request: HttpRequest, membership_id: int, payload: MembershipEndIn
) -> dict[str, Any]:
    membership = _membership(membership_id)
    require(can_manage_membership, request.user, membership)
    membership = membership_end(
        actor=acting(request.user), membership=membership, left_on=payload.left_on
    )
    return membership_out(membership, request.user)
