"""Partners and their contributions, and the funding sources of a project."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.members.models import Organisation, Person

from ..models import FundingSource, Project, ProjectPartner

PARTNER_FIELDS = ("role", "status", "contact", "cash", "in_kind_hours", "in_kind_value", "notes")


def _check_amounts(**amounts: int | None) -> None:
    for name, value in amounts.items():
        if value is None or value < 0:
            raise DomainError(_("Enter an amount of 0 or more."), field=name)


def _check_lead(project: Project, role: str, exclude_pk: int | None = None) -> None:
    if role != ProjectPartner.Role.LEAD:
        return
    leads = project.partners.filter(role=ProjectPartner.Role.LEAD)
    if exclude_pk is not None:
        leads = leads.exclude(pk=exclude_pk)
    lead = leads.first()
    if lead is not None:
        raise ConflictError(
            _("%(organisation)s is already the lead partner. Make it a partner first.")
            % {"organisation": lead.organisation},
            field="role",
        )


@transaction.atomic
def partner_add(
    *,
    actor: Actor,
    project: Project,
    organisation: Organisation,
    role: str = ProjectPartner.Role.PARTNER,
    status: str = ProjectPartner.Status.CONFIRMED,
) -> ProjectPartner:
    if role not in ProjectPartner.Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if status not in ProjectPartner.Status.values:
        raise DomainError(_("Unknown status."), field="status")
    Project.objects.select_for_update().filter(pk=project.pk).values_list("pk").first()
    if project.partners.filter(organisation=organisation).exists():
        raise ConflictError(
            _("%(organisation)s is already in the project.") % {"organisation": organisation},
            field="organisation",
        )
    _check_lead(project, role)
    try:
        with transaction.atomic():
            partner = ProjectPartner.objects.create(
                project=project, organisation=organisation, role=role, status=status
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("This organisation is already in the project."), field="organisation"
        ) from exc
    log_action(
        actor=actor,
        action="klynge.projects.partner.added",
        target=project,
        data={
            "organisation": organisation.pk,
            "name": organisation.name,
            "role": role,
            "status": status,
        },
    )
    return partner


@transaction.atomic
def partner_update(*, actor: Actor, partner: ProjectPartner, **fields: Any) -> ProjectPartner:
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "role" in fields and fields["role"] not in ProjectPartner.Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if "status" in fields and fields["status"] not in ProjectPartner.Status.values:
        raise DomainError(_("Unknown status."), field="status")
    _check_amounts(
        **{k: fields[k] for k in ("cash", "in_kind_hours", "in_kind_value") if k in fields}
    )
    contact: Person | None = fields.get("contact")
    if contact is not None and contact.organisation_id != partner.organisation_id:
        raise DomainError(
            _("The contact person must work for %(organisation)s.")
            % {"organisation": partner.organisation},
            field="contact",
        )
    Project.objects.select_for_update().filter(pk=partner.project_id).values_list("pk").first()
    if "role" in fields:
        _check_lead(partner.project, fields["role"], exclude_pk=partner.pk)
    changed = [name for name, value in fields.items() if getattr(partner, name) != value]
    if not changed:
        return partner
    for name in changed:
        setattr(partner, name, fields[name])
    partner.save()
    log_action(
        actor=actor,
        action="klynge.projects.partner.updated",
        target=partner.project,
        data={
            "organisation": partner.organisation_id,
            "name": str(partner.organisation),
            "changed": sorted(changed),
        },
    )
    return partner


@transaction.atomic
def partner_remove(*, actor: Actor, partner: ProjectPartner) -> None:
    project = partner.project
    data = {
        "organisation": partner.organisation_id,
        "name": str(partner.organisation),
        "role": partner.role,
    }
    partner.delete()
    log_action(actor=actor, action="klynge.projects.partner.removed", target=project, data=data)


@transaction.atomic
def funding_source_add(
    *, actor: Actor, project: Project, name: str, kind: str, amount: int
) -> FundingSource:
    name = name.strip()
    if not name:
        raise DomainError(_("Name the source of the funding."), field="name")
    if kind not in FundingSource.Kind.values:
        raise DomainError(_("Choose public or private."), field="kind")
    _check_amounts(amount=amount)
    if project.funding_sources.filter(name__iexact=name).exists():
        raise ConflictError(_("This source is already listed; change its amount."), field="name")
    try:
        with transaction.atomic():
            source = FundingSource.objects.create(
                project=project, name=name, kind=kind, amount=amount
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("This source is already listed; change its amount."), field="name"
        ) from exc
    log_action(
        actor=actor,
        action="klynge.projects.funding_source.added",
        target=project,
        data={"name": name, "kind": kind, "amount": amount},
    )
    return source


@transaction.atomic
def funding_source_remove(*, actor: Actor, source: FundingSource) -> None:
    project = source.project
    data = {"name": source.name, "kind": source.kind, "amount": source.amount}
    source.delete()
    log_action(
        actor=actor, action="klynge.projects.funding_source.removed", target=project, data=data
    )
