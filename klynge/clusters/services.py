"""Writes for clusters: profile changes and team roles, all audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.weblinks import clean_web_urls

from .models import Cluster, ClusterRole, Topic
from .roles import forget_cluster_roles

PROFILE_FIELDS = (
    "name",
    "short_name",
    "description_en",
    "description_nb",
    "operator_name",
    "city",
    "region",
    "country",
    "founded",
    "website",
)


@transaction.atomic
def cluster_update(
    *, actor: Actor, cluster: Cluster, focus_topics: list[Topic] | None = None, **fields: Any
) -> Cluster:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    clean_web_urls(Cluster, fields)
    changed = {}
    for name, value in fields.items():
        if getattr(cluster, name) != value:
            changed[name] = value
            setattr(cluster, name, value)
    if changed:
        cluster.full_clean()
        cluster.save()
    if focus_topics is not None:
        before = set(cluster.focus_topics.values_list("pk", flat=True))
        after = {topic.pk for topic in focus_topics}
        if before != after:
            cluster.focus_topics.set(focus_topics)
            changed["focus_topics"] = sorted(topic.slug for topic in focus_topics)
    if changed:
        log_action(
            actor=actor,
            action="klynge.clusters.cluster.updated",
            target=cluster,
            cluster=cluster,
            data={"changed": sorted(changed)},
        )
    return cluster


@transaction.atomic
def cluster_role_assign(*, actor: Actor, cluster: Cluster, email: str, role: str) -> ClusterRole:
    """Give an existing user a role in the cluster (or change their role)."""
    if role not in ClusterRole.Role.values:
        raise DomainError(_("Unknown role."), field="role")
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise DomainError(
            _("No user has the email address %(email)s.") % {"email": email}, field="email"
        )
    existing = ClusterRole.objects.select_for_update().filter(user=user, cluster=cluster).first()
    if existing and existing.role == role:
        raise ConflictError(_("%(user)s already has this role.") % {"user": user}, field="email")
    if existing and existing.role == ClusterRole.Role.MANAGER:
        _ensure_another_manager(cluster, existing)
    if existing:
        existing.role = role
        existing.save(update_fields=["role", "updated_at"])
        cluster_role = existing
    else:
        cluster_role = ClusterRole.objects.create(user=user, cluster=cluster, role=role)
    forget_cluster_roles(user)
    log_action(
        actor=actor,
        action="klynge.clusters.cluster_role.assigned",
        target=cluster_role,
        cluster=cluster,
        data={"user": user.email, "role": role},
    )
    return cluster_role


@transaction.atomic
def cluster_role_remove(*, actor: Actor, cluster_role: ClusterRole) -> None:
    if cluster_role.role == ClusterRole.Role.MANAGER:
        _ensure_another_manager(cluster_role.cluster, cluster_role)
    data = {"user": cluster_role.user.email, "role": cluster_role.role}
    log_action(
        actor=actor,
        action="klynge.clusters.cluster_role.removed",
        target=cluster_role,
        cluster=cluster_role.cluster,
        data=data,
    )
    forget_cluster_roles(cluster_role.user)
    cluster_role.delete()


def _ensure_another_manager(cluster: Cluster, leaving: ClusterRole) -> None:
    others = (
        ClusterRole.objects.select_for_update()
        .filter(cluster=cluster, role=ClusterRole.Role.MANAGER)
        .exclude(pk=leaving.pk)
    )
    if not others.exists():
        raise ConflictError(
            _("A cluster needs at least one manager. Appoint another manager first."),
            code="last_manager",
        )
