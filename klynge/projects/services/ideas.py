"""The ideas board: post, edit and withdraw ideas, say you are interested, turn one into a project."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster, Topic
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.members.models import Organisation

from ..models import Idea, IdeaInterest, Project, ProjectPartner


def _check_text(title: str, description: str, partners_needed: str) -> None:
    if not title.strip():
        raise DomainError(_("Give the idea a title."), field="title")
    if not description.strip():
        raise DomainError(_("Describe the idea."), field="description")
    if not partners_needed.strip():
        raise DomainError(_("Say what partners the idea needs."), field="partners_needed")


def _lock_open(idea: Idea) -> Idea:
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if locked.status != Idea.Status.OPEN:
        raise ConflictError(
            _("The idea is no longer open (%(status)s).") % {"status": locked.get_status_display()},
            code="idea_closed",
        )
    return locked


@transaction.atomic
def idea_post(
    *,
    actor: Actor,
    cluster: Cluster,
    organisation: Organisation | None,
    title: str,
    description: str,
    partners_needed: str,
    topics: Iterable[Topic] = (),
) -> Idea:
    _check_text(title, description, partners_needed)
    idea = Idea.objects.create(
        cluster=cluster,
        organisation=organisation,
        posted_by=actor,
        title=title.strip(),
        description=description.strip(),
        partners_needed=partners_needed.strip(),
    )
    idea.topics.set(list(topics))
    log_action(
        actor=actor,
        action="klynge.projects.idea.posted",
        target=idea,
        data={"organisation": organisation.pk if organisation else None},
    )
    return idea


@transaction.atomic
def idea_update(
    *,
    actor: Actor,
    idea: Idea,
    title: str,
    description: str,
    partners_needed: str,
    topics: Iterable[Topic] | None = None,
) -> Idea:
    _check_text(title, description, partners_needed)
    locked = _lock_open(idea)
    fields = {
        "title": title.strip(),
        "description": description.strip(),
        "partners_needed": partners_needed.strip(),
    }
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(idea, name, fields[name])
    if changed:
        idea.save(update_fields=[*changed, "updated_at"])
    if topics is not None:
        topics = list(topics)
        if set(idea.topics.values_list("pk", flat=True)) != {t.pk for t in topics}:
            idea.topics.set(topics)
            changed.append("topics")
    if changed:
        log_action(
            actor=actor,
            action="klynge.projects.idea.updated",
            target=idea,
            data={"changed": sorted(changed)},
        )
    return idea


@transaction.atomic
def idea_withdraw(*, actor: Actor, idea: Idea) -> Idea:
    _lock_open(idea)
    idea.status = Idea.Status.WITHDRAWN
    idea.save(update_fields=["status", "updated_at"])
    log_action(actor=actor, action="klynge.projects.idea.withdrawn", target=idea)
    return idea


@transaction.atomic
def idea_interest_set(
    *, actor: Actor, idea: Idea, organisation: Organisation, interested: bool
) -> bool:
    """Mark or unmark the organisation as interested. Returns whether anything changed.

    Setting the wanted state (rather than flipping it) makes a double click harmless; the unique
    constraint on (idea, organisation) keeps one row per organisation under concurrent requests.
    """
    if organisation.pk == idea.organisation_id:
        raise DomainError(_("This is your organisation's own idea."), code="own_idea")
    _lock_open(idea)
    if interested:
        _interest, created = IdeaInterest.objects.get_or_create(
            idea=idea,
            organisation=organisation,
            defaults={"user": actor},
        )
        changed = created
    else:
        deleted, _rows = IdeaInterest.objects.filter(idea=idea, organisation=organisation).delete()
        changed = deleted > 0
    if changed:
        log_action(
            actor=actor,
            action="klynge.projects.idea_interest.added"
            if interested
            else "klynge.projects.idea_interest.withdrawn",
            target=idea,
            data={"organisation": organisation.pk, "name": organisation.name},
        )
    return changed


@transaction.atomic
def idea_convert(
    *,
    actor: Actor,
    idea: Idea,
    kind: str = Project.Kind.PRE_PROJECT,
    title: str = "",
) -> Project:
    """Turn an open idea into a project forming its consortium: the posting organisation becomes
    the candidate lead partner and every interested organisation a candidate partner."""
    from .projects import project_create

    locked = _lock_open(idea)
    if kind == Project.Kind.IDEA:
        raise DomainError(_("Choose what kind of project the idea becomes."), field="kind")
    project = project_create(
        actor=actor,
        cluster=locked.cluster,
        title=title.strip() or locked.title,
        kind=kind,
        status=Project.Status.FORMING,
        topics=locked.topics.all(),
        summary=locked.description,
    )
    partners = []
    if locked.organisation_id:
        partners.append(
            ProjectPartner(
                project=project,
                organisation_id=locked.organisation_id,
                role=ProjectPartner.Role.LEAD,
                status=ProjectPartner.Status.CANDIDATE,
            )
        )
    interests = locked.interests.all()
    if locked.organisation_id is not None:
        interests = interests.exclude(organisation_id=locked.organisation_id)
    for interest in interests:
        partners.append(
            ProjectPartner(
                project=project,
                organisation_id=interest.organisation_id,
                role=ProjectPartner.Role.PARTNER,
                status=ProjectPartner.Status.CANDIDATE,
            )
        )
    ProjectPartner.objects.bulk_create(partners)
    Project.objects.filter(pk=project.pk).update(origin_idea=locked)
    project.origin_idea = locked
    locked.status = Idea.Status.CONVERTED
    locked.save(update_fields=["status", "updated_at"])
    idea.status = locked.status
    log_action(
        actor=actor,
        action="klynge.projects.idea.converted",
        target=locked,
        data={"project": project.pk, "kind": kind, "candidates": len(partners)},
    )
    return project
