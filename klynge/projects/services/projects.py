"""Create and edit projects, change their budget, and move them through the status workflow."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster, Topic
from klynge.core.audit import log_action
from klynge.core.cache import invalidate
from klynge.core.errors import DomainError
from klynge.core.weblinks import clean_web_urls
from klynge.core.workflow import StateChange

from ..models import Project, ProjectObjective
from ..selectors.portfolio import PROJECT_FIGURES
from ..workflow import PROJECT_WORKFLOW

INITIAL_STATUSES = (Project.Status.IDEA, Project.Status.FORMING, Project.Status.PLANNED)
DETAIL_FIELDS = (
    "title",
    "acronym",
    "kind",
    "summary",
    "start_date",
    "end_date",
    "funder",
    "funder_reference",
    "website",
)


def _check_details(fields: dict[str, Any]) -> None:
    title = (fields.get("title") or "").strip()
    if "title" in fields and not title:
        raise DomainError(_("Give the project a title."), field="title")
    if "kind" in fields and fields["kind"] not in Project.Kind.values:
        raise DomainError(_("Unknown kind of project."), field="kind")
    start: datetime.date | None = fields.get("start_date")
    end: datetime.date | None = fields.get("end_date")
    if start and end and end < start:
        raise DomainError(_("The end date cannot be before the start date."), field="end_date")


def _set_objectives(project: Project, kinds: Iterable[str], others: Iterable[str]) -> list[str]:
    kinds = sorted(set(kinds))
    unknown = set(kinds) - (set(ProjectObjective.Kind.values) - {ProjectObjective.Kind.OTHER})
    if unknown:
        raise DomainError(_("Unknown objective."), field="objectives")
    texts = [text.strip()[:300] for text in others if text.strip()]
    project.objectives.all().delete()
    ProjectObjective.objects.bulk_create(
        [ProjectObjective(project=project, kind=kind) for kind in kinds]
        + [
            ProjectObjective(project=project, kind=ProjectObjective.Kind.OTHER, text=t)
            for t in texts
        ]
    )
    return [*kinds, *texts]


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    cluster: Cluster,
    title: str,
    kind: str = Project.Kind.COLLABORATION,
    status: str = Project.Status.IDEA,
    topics: Iterable[Topic] = (),
    clusters: Iterable[Cluster] = (),
    objectives: Iterable[str] = (),
    other_objectives: Iterable[str] = (),
    **details: Any,
) -> Project:
    """A new project led by `cluster`, starting in status idea, forming consortium or planned."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if status not in INITIAL_STATUSES:
        raise DomainError(
            _("A new project starts as an idea, while forming its consortium, or as planned."),
            field="status",
        )
    details = clean_web_urls(Project, {**details, "title": title.strip(), "kind": kind})
    _check_details(details)
    project = Project(lead_cluster=cluster, status=status, created_by=actor, **details)
    invalidate(PROJECT_FIGURES)
    project.full_clean(exclude=["predecessor", "origin_idea"])
    project.save()
    project.topics.set(list(topics))
    project.clusters.set([c for c in clusters if c.pk != cluster.pk])
    _set_objectives(project, objectives, other_objectives)
    log_action(
        actor=actor,
        action="klynge.projects.project.created",
        target=project,
        cluster=cluster,
        data={"kind": kind, "status": status},
    )
    return project


@transaction.atomic
def project_update(
    *,
    actor: Actor,
    project: Project,
    topics: Iterable[Topic] | None = None,
    clusters: Iterable[Cluster] | None = None,
    objectives: Iterable[str] | None = None,
    other_objectives: Iterable[str] | None = None,
    **fields: Any,
) -> Project:
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
    clean_web_urls(Project, fields)
    _check_details({"start_date": project.start_date, "end_date": project.end_date, **fields})
    changed = [name for name, value in fields.items() if getattr(project, name) != value]
    for name in changed:
        setattr(project, name, fields[name])
    if changed:
        project.full_clean(exclude=["predecessor", "origin_idea"])
        invalidate(PROJECT_FIGURES)
        project.save()
    if topics is not None:
        topics = list(topics)
        if set(project.topics.values_list("pk", flat=True)) != {t.pk for t in topics}:
            project.topics.set(topics)
            changed.append("topics")
    if clusters is not None:
        wanted = {c.pk for c in clusters if c.pk != project.lead_cluster_id}
        if set(project.clusters.values_list("pk", flat=True)) != wanted:
            project.clusters.set(list(wanted))
            changed.append("clusters")
    if objectives is not None or other_objectives is not None:
        before = sorted(
            str(o.kind if o.kind != "other" else o.text) for o in project.objectives.all()
        )
        after = _set_objectives(project, objectives or (), other_objectives or ())
        if sorted(after) != before:
            changed.append("objectives")
    if changed:
        log_action(
            actor=actor,
            action="klynge.projects.project.updated",
            target=project,
            data={"changed": sorted(changed)},
        )
    return project


@transaction.atomic
def project_budget_update(
    *,
    actor: Actor,
    project: Project,
    total_eligible_cost: int | None,
    private_cash: int | None = 0,
    in_kind: int | None = 0,
) -> Project:
    """The project's own budget lines; public money comes from its funding sources. A missing
    amount (None) is refused like a negative one."""
    for name, value in (("private_cash", private_cash), ("in_kind", in_kind)):
        if value is None or value < 0:
            raise DomainError(_("Enter an amount of 0 or more."), field=name)
    if total_eligible_cost is not None and total_eligible_cost < 0:
        raise DomainError(_("Enter an amount of 0 or more."), field="total_eligible_cost")
    before = {
        "total_eligible_cost": project.total_eligible_cost,
        "private_cash": project.private_cash,
        "in_kind": project.in_kind,
    }
    after = {
        "total_eligible_cost": total_eligible_cost,
        "private_cash": private_cash,
        "in_kind": in_kind,
    }
    if before == after:
        return project
    for name, value in after.items():
        setattr(project, name, value)
    project.save(update_fields=[*after, "updated_at"])
    log_action(
        actor=actor,
        action="klynge.projects.budget.updated",
        target=project,
        data={"before": before, "after": after},
    )
    return project


@transaction.atomic
def project_transition(
    *, actor: Actor, project: Project, action: str, note: str = ""
) -> StateChange:
    """Change the status through the transitions table (the only way a status changes)."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    change = PROJECT_WORKFLOW.apply(actor, locked, action)
    locked.save(update_fields=["status", "updated_at"])
    project.status = locked.status
    log_action(
        actor=actor,
        action="klynge.projects.project.transitioned",
        target=locked,
        data={
            "from": change.source,
            "to": change.target,
            "action": change.action,
            "note": note.strip()[:500],
        },
    )
    return change
