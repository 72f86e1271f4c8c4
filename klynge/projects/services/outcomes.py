"""Milestones on the way and the outcomes a project documents."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import DomainError
from klynge.core.weblinks import clean_web_url
from klynge.members.models import Organisation

from ..models import Milestone, Outcome, Project


def _check_milestone(title: str, due_date: datetime.date | None, status: str) -> datetime.date:
    """A milestone needs a name, a due date (a missing one, None, is refused) and a known status;
    returns the due date."""
    if not title.strip():
        raise DomainError(_("Name the milestone."), field="title")
    if due_date is None:
        raise DomainError(_("Give a due date."), field="due_date")
    if status not in Milestone.Status.values:
        raise DomainError(_("Unknown status."), field="status")
    return due_date


@transaction.atomic
def milestone_add(
    *,
    actor: Actor,
    project: Project,
    title: str,
    due_date: datetime.date | None,
    status: str = Milestone.Status.PLANNED,
    done_on: datetime.date | None = None,
) -> Milestone:
    due_date = _check_milestone(title, due_date, status)
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
    actor: Actor,
    milestone: Milestone,
    title: str,
    due_date: datetime.date | None,
    status: str,
    done_on: datetime.date | None = None,
) -> Milestone:
    due_date = _check_milestone(title, due_date, status)
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
def milestone_remove(*, actor: Actor, milestone: Milestone) -> None:
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
    actor: Actor,
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
        evidence_url=clean_web_url(evidence_url, field="evidence_url"),
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
    actor: Actor,
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
        "evidence_url": clean_web_url(evidence_url, field="evidence_url"),
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
def outcome_remove(*, actor: Actor, outcome: Outcome) -> None:
    project = outcome.project
    data = {"kind": outcome.kind, "date": outcome.date}
    outcome.delete()
    log_action(actor=actor, action="klynge.projects.outcome.removed", target=project, data=data)
