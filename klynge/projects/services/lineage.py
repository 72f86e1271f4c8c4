"""Lineage writes: which project follows which, and a main project grown from a pre-project."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from ..models import Project, ProjectObjective, ProjectPartner
from ..selectors.lineage import ancestor_ids

MAIN_PROJECT_FROM = (Project.Status.RUNNING, Project.Status.COMPLETED)


@transaction.atomic
def project_set_predecessor(
    *, actor: Actor, project: Project, predecessor: Project | None
) -> Project:
    """Say which project this one follows (None: it follows none). A cycle is refused.

    The new edge project -> predecessor closes a cycle exactly when the project is among the
    predecessor's ancestors. The rows of that chain are locked (in id order) before it is read
    again, so two concurrent changes that would together close a cycle run one after the other.
    """
    old_id = project.predecessor_id
    new_id = predecessor.pk if predecessor is not None else None
    if old_id == new_id:
        return project
    if predecessor is not None:
        if predecessor.pk == project.pk:
            raise DomainError(_("A project cannot follow itself."), field="predecessor")
        chain = [predecessor.pk, *ancestor_ids(predecessor.pk)]
        list(
            Project.objects.select_for_update()
            .filter(pk__in=[project.pk, *chain])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chain = [predecessor.pk, *ancestor_ids(predecessor.pk)]
        if project.pk in chain:
            raise DomainError(
                _(
                    "‘%(project)s’ cannot follow ‘%(predecessor)s’: ‘%(predecessor)s’ already "
                    "follows ‘%(project)s’ further up its chain, so the chain would go round in a "
                    "circle."
                )
                % {"project": project, "predecessor": predecessor},
                code="lineage_cycle",
                field="predecessor",
            )
    Project.objects.filter(pk=project.pk).update(predecessor_id=new_id)
    project.predecessor = predecessor
    log_action(
        actor=actor,
        action="klynge.projects.lineage.linked"
        if predecessor
        else "klynge.projects.lineage.unlinked",
        target=project,
        data={"from": old_id, "to": new_id, "predecessor": str(predecessor or "")},
    )
    return project


@transaction.atomic
def project_create_main_project(
    *,
    actor: Actor,
    pre_project: Project,
    title: str = "",
    start_date: datetime.date | None = None,
) -> Project:
    """A main project that follows the pre-project, with its partners (as candidates), topics,
    objectives and participating clusters. It starts while forming its consortium."""
    from .projects import project_create

    locked = Project.objects.select_for_update().get(pk=pre_project.pk)
    if locked.kind != Project.Kind.PRE_PROJECT:
        raise DomainError(_("Only a pre-project can grow into a main project."), field="kind")
    if locked.status not in MAIN_PROJECT_FROM:
        raise DomainError(
            _("A main project can be created once the pre-project is running or completed."),
            code="pre_project_not_ready",
        )
    existing = locked.successors.filter(kind=Project.Kind.MAIN_PROJECT).first()
    if existing is not None:
        raise ConflictError(
            _("This pre-project already led to the main project ‘%(title)s’.")
            % {"title": existing},
            code="main_project_exists",
        )
    objectives = list(locked.objectives.all())
    main = project_create(
        actor=actor,
        cluster=locked.lead_cluster,
        title=title.strip() or _("%(title)s – main project") % {"title": locked.title},
        kind=Project.Kind.MAIN_PROJECT,
        status=Project.Status.FORMING,
        topics=locked.topics.all(),
        clusters=locked.clusters.all(),
        objectives=[o.kind for o in objectives if o.kind != ProjectObjective.Kind.OTHER],
        other_objectives=[o.text for o in objectives if o.kind == ProjectObjective.Kind.OTHER],
        summary=locked.summary,
        acronym=locked.acronym,
        start_date=start_date,
    )
    ProjectPartner.objects.bulk_create(
        [
            ProjectPartner(
                project=main,
                organisation_id=partner.organisation_id,
                role=partner.role,
                contact_id=partner.contact_id,
                status=ProjectPartner.Status.CANDIDATE,
            )
            for partner in locked.partners.all()
        ]
    )
    Project.objects.filter(pk=main.pk).update(predecessor=locked)
    main.predecessor = locked
    log_action(
        actor=actor,
        action="klynge.projects.lineage.linked",
        target=main,
        data={"from": None, "to": locked.pk, "predecessor": str(locked), "main_project": True},
    )
    return main
