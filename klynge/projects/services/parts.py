"""Partners, funding sources, milestones and outcomes of a project."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.members.models import Organisation, Person

from ..models import FundingSource, Milestone, Outcome, Project, ProjectPartner

PARTNER_FIELDS = ("role", "status", "contact", "cash", "in_kind_hours", "in_kind_value", "notes")


def _check_amounts(**amounts: int | None) -> None:
    for name, value in amounts.items():
        if value is None or value < 0:
            raise DomainError(_("Enter an amount of 0 or more."), field=name)


def _check_lead(project: Project, role: str, exclude_pk: int | None = None) -> None:
    if role != ProjectPartner.Role.LEAD:
        return
    lead = project.partners.filter(role=ProjectPartner.Role.LEAD).exclude(pk=exclude_pk).first()
    if lead is not None:
        raise ConflictError(
            _("%(organisation)s is already the lead partner. Make it a partner first.")
            % {"organisation": lead.organisation},
            field="role",
        )


@transaction.atomic
def partner_add(
    *,
    actor: Any,
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
def partner_update(*, actor: Any, partner: ProjectPartner, **fields: Any) -> ProjectPartner:
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
def partner_remove(*, actor: Any, partner: ProjectPartner) -> None:
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
    *, actor: Any, project: Project, name: str, kind: str, amount: int
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
def funding_source_remove(*, actor: Any, source: FundingSource) -> None:
    project = source.project
    data = {"name": source.name, "kind": source.kind, "amount": source.amount}
    source.delete()
    log_action(
        actor=actor, action="klynge.projects.funding_source.removed", target=project, data=data
    )


def _check_milestone(title: str, due_date: datetime.date | None, status: str) -> None:
    if not title.strip():
        raise DomainError(_("Name the milestone."), field="title")
    if due_date is None:
        raise DomainError(_("Give a due date."), field="due_date")
    if status not in Milestone.Status.values:
        raise DomainError(_("Unknown status."), field="status")


@transaction.atomic
def milestone_add(
    *,
    actor: Any,
    project: Project,
    title: str,
    due_date: datetime.date,
    status: str = Milestone.Status.PLANNED,
    done_on: datetime.date | None = None,
) -> Milestone:
    _check_milestone(title, due_date, status)
    milestone = Milestone.objects.create(
        project=project, title=title.strip(), due_date=due_date, status=status, done_on=done_on
    )
    log_action(
        actor=actor,
        action="klynge.projects.milestone.added",
        target=project,
        data={"title": milestone.title, "due_date": due_date},
    )
    return milestone


@transaction.atomic
def milestone_update(
    *,
    actor: Any,
    milestone: Milestone,
    title: str,
    due_date: datetime.date,
    status: str,
    done_on: datetime.date | None = None,
) -> Milestone:
    _check_milestone(title, due_date, status)
    if status == Milestone.Status.DONE and done_on is None:
        done_on = datetime.date.today()
    if status != Milestone.Status.DONE:
        done_on = None
    fields = {"title": title.strip(), "due_date": due_date, "status": status, "done_on": done_on}
    changed = [name for name, value in fields.items() if getattr(milestone, name) != value]
    if not changed:
        return milestone
    for name in changed:
        setattr(milestone, name, fields[name])
    milestone.save()
    log_action(
        actor=actor,
        action="klynge.projects.milestone.updated",
        target=milestone.project,
        data={"title": milestone.title, "changed": sorted(changed), "status": status},
    )
    return milestone


@transaction.atomic
def milestone_remove(*, actor: Any, milestone: Milestone) -> None:
    project = milestone.project
    data = {"title": milestone.title, "due_date": milestone.due_date}
    milestone.delete()
    log_action(actor=actor, action="klynge.projects.milestone.removed", target=project, data=data)


def _check_outcome(kind: str, description: str, date: datetime.date | None) -> None:
    if kind not in Outcome.Kind.values:
        raise DomainError(_("Unknown kind of outcome."), field="kind")
    if not description.strip():
        raise DomainError(_("Describe the outcome."), field="description")
    if date is None:
        raise DomainError(_("Give the date of the outcome."), field="date")


@transaction.atomic
def outcome_record(
    *,
    actor: Any,
    project: Project,
    kind: str,
    date: datetime.date,
    description: str,
    quantity: int | None = None,
    evidence_url: str = "",
    organisations: Iterable[Organisation] = (),
) -> Outcome:
    _check_outcome(kind, description, date)
    outcome = Outcome.objects.create(
        project=project,
        kind=kind,
        date=date,
        description=description.strip(),
        quantity=quantity,
        evidence_url=evidence_url,
    )
    outcome.organisations.set(list(organisations))
    log_action(
        actor=actor,
        action="klynge.projects.outcome.recorded",
        target=project,
        data={"kind": kind, "date": date, "quantity": quantity},
    )
    return outcome


@transaction.atomic
def outcome_update(
    *,
    actor: Any,
    outcome: Outcome,
    kind: str,
    date: datetime.date,
    description: str,
    quantity: int | None = None,
    evidence_url: str = "",
    organisations: Iterable[Organisation] | None = None,
) -> Outcome:
    _check_outcome(kind, description, date)
    fields = {
        "kind": kind,
        "date": date,
        "description": description.strip(),
        "quantity": quantity,
        "evidence_url": evidence_url,
    }
    changed = [name for name, value in fields.items() if getattr(outcome, name) != value]
    for name in changed:
        setattr(outcome, name, fields[name])
    if changed:
        outcome.save()
    if organisations is not None:
        wanted = {o.pk for o in organisations}
        if set(outcome.organisations.values_list("pk", flat=True)) != wanted:
            outcome.organisations.set(list(wanted))
            changed.append("organisations")
    if changed:
        log_action(
            actor=actor,
            action="klynge.projects.outcome.updated",
            target=outcome.project,
            data={"kind": kind, "changed": sorted(changed)},
        )
    return outcome


@transaction.atomic
def outcome_remove(*, actor: Any, outcome: Outcome) -> None:
    project = outcome.project
    data = {"kind": outcome.kind, "date": outcome.date}
    outcome.delete()
    log_action(actor=actor, action="klynge.projects.outcome.removed", target=project, data=data)
