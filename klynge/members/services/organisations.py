"""Writes for organisations: register and update, all audited.

Organisations are global (one row per real organisation); `cluster` only scopes the audit entry so
the cluster's managers see who changed what.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster, Topic
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.weblinks import clean_web_urls

from ..classification import county_from_municipality_number
from ..figures import invalidate_member_figures
from ..models import Organisation
from ..orgnumbers import format_org_number, normalise_org_number

ORGANISATION_FIELDS = (
    "name",
    "org_number",
    "country",
    "vat_id",
    "kind",
    "org_form",
    "employees",
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
NACE_PATTERN = re.compile(r"^\d{2}\.\d{2,3}$")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")


def normalise_nace_codes(codes: Iterable[str] | str | None) -> list[str]:
    """Strip, de-duplicate (keeping order) and validate NACE/SN2007 codes ('62.010' or '62.01')."""
    if codes is None:
        return []
    if isinstance(codes, str):
        codes = codes.split(",")
    result: list[str] = []
    for raw in codes:
        code = str(raw).strip()
        if not code:
            continue
        if not NACE_PATTERN.match(code):
            raise DomainError(
                _("“%(code)s” is not an industry code. Use the form 62.010 or 62.01.")
                % {"code": code},
                code="invalid_nace_code",
                field="nace_codes",
            )
        if code not in result:
            result.append(code)
    return result


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = dict(fields)
    if "org_number" in cleaned:
        try:
            cleaned["org_number"] = normalise_org_number(cleaned["org_number"])
        except ValidationError as error:
            raise DomainError(
                error.messages[0], code="invalid_org_number", field="org_number"
            ) from error
    if "country" in cleaned:
        cleaned["country"] = (cleaned["country"] or "").strip().upper()
        if not COUNTRY_PATTERN.match(cleaned["country"]):
            raise DomainError(
                _("Give the country as a two-letter code, such as NO or SE."),
                code="invalid_country",
                field="country",
            )
    if "nace_codes" in cleaned:
        cleaned["nace_codes"] = normalise_nace_codes(cleaned["nace_codes"])
        if "nace_primary" not in cleaned:
            cleaned["nace_primary"] = cleaned["nace_codes"][0] if cleaned["nace_codes"] else ""
    clean_web_urls(Organisation, cleaned)
    for name in ("name", "vat_id", "municipality", "county", "city", "municipality_number"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    return cleaned


def _check_org_number(organisation: Organisation) -> None:
    if organisation.org_number is None:
        return
    if organisation.country != "NO":
        raise DomainError(
            _(
                "Only Norwegian organisations have an organisation number. Leave it empty and "
                "give the VAT id for organisations in other countries."
            ),
            code="org_number_not_norwegian",
            field="org_number",
        )
    holder = (
        Organisation.objects.filter(org_number=organisation.org_number)
        .exclude(pk=organisation.pk)
        .only("pk", "name")
        .first()
    )
    if holder is not None:
        raise ConflictError(
            _("Organisation number %(number)s is already registered for %(name)s.")
            % {"number": format_org_number(organisation.org_number), "name": holder.name},
            code="duplicate_org_number",
            field="org_number",
        )


def _validate(organisation: Organisation) -> None:
    """Model validation (choices, lengths, URL, constraints) as a DomainError on the first field."""
    _check_org_number(organisation)
    if not organisation.county and organisation.municipality_number:
        organisation.county = county_from_municipality_number(organisation.municipality_number)
    try:
        organisation.full_clean(exclude=["topics"], validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(
            messages[0], code="invalid", field=None if field == NON_FIELD_ERRORS else field
        ) from error


def _save(organisation: Organisation) -> None:
    invalidate_member_figures()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:  # a concurrent registration of the same number won
        raise ConflictError(
            _("Organisation number %(number)s is already registered.")
            % {"number": format_org_number(organisation.org_number)},
            code="duplicate_org_number",
            field="org_number",
        ) from error


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    cluster: Cluster | None = None,
    topics: Iterable[Topic] | None = None,
    **fields: Any,
) -> Organisation:
    """Register an organisation. Norwegian ones are keyed by their (normalised) org number."""
    cleaned = _clean_fields(fields)
    if not cleaned.get("name"):
        raise DomainError(_("Give the organisation's name."), code="required", field="name")
    organisation = Organisation(**cleaned)
    _validate(organisation)
    _save(organisation)
    topic_list = list(topics or [])
    if topic_list:
        organisation.topics.set(topic_list)
    log_action(
        actor=actor,
        action="klynge.members.organisation.created",
        target=organisation,
        cluster=cluster,
        data={
            "name": organisation.name,
            "org_number": organisation.org_number,
            "country": organisation.country,
            "topics": sorted(topic.slug for topic in topic_list),
        },
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Actor,
    organisation: Organisation,
    cluster: Cluster | int | None = None,
    topics: Iterable[Topic] | None = None,
    **fields: Any,
) -> Organisation:
    """Change an organisation's profile; only changed fields are saved and audited."""
    cleaned = _clean_fields(fields)
    changed: dict[str, Any] = {}
    for name, value in cleaned.items():
        if getattr(organisation, name) != value:
            changed[name] = value
            setattr(organisation, name, value)
    if changed:
        if not organisation.name:
            raise DomainError(_("Give the organisation's name."), code="required", field="name")
        _validate(organisation)
        _save(organisation)
        organisation.refresh_from_db(fields=["size_class"])
    if topics is not None:
        topic_list = list(topics)
        before = set(organisation.topics.values_list("pk", flat=True))
        if before != {topic.pk for topic in topic_list}:
            organisation.topics.set(topic_list)
            changed["topics"] = sorted(topic.slug for topic in topic_list)
    if changed:
        log_action(
            actor=actor,
            action="klynge.members.organisation.updated",
            target=organisation,
            cluster=cluster,
            data={"changed": sorted(changed)},
        )
    return organisation
