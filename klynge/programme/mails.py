"""Mails of the programme: label expiry warnings and application decisions (ids in, mail out)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from klynge.clusters.models import ClusterRole
from klynge.core.links import absolute_url


def cluster_managers(cluster_id: int) -> list[Any]:
    roles = ClusterRole.objects.filter(
        cluster_id=cluster_id, role=ClusterRole.Role.MANAGER, user__is_active=True
    ).select_related("user")
    return [role.user for role in roles]


def programme_officers() -> list[Any]:
    return list(
        get_user_model().objects.filter(is_programme_officer=True, is_active=True).order_by("pk")
    )


def send_to_users(users: Iterable[Any], template: str, context: dict[str, Any]) -> int:
    """One mail per user (each in their own language); returns how many were sent."""
    sent = 0
    seen: set[str] = set()
    for user in users:
        if not user.email or user.email in seen:
            continue
        seen.add(user.email)
        with (
            translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE),
            timezone.override("Europe/Oslo"),
        ):
            full = {**context, "recipient": user}
            subject = render_to_string(f"programme/email/{template}_subject.txt", full).strip()
            body = render_to_string(f"programme/email/{template}.txt", full)
        EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
        sent += 1
    return sent


def send_label_warning(label: Any, days_left: int) -> int:
    cluster = label.cluster
    context = {
        "label": label,
        "cluster": cluster,
        "days_left": days_left,
        "programme_url": absolute_url(reverse("programme:cluster", args=[cluster.slug])),
    }
    users = [*cluster_managers(cluster.pk), *programme_officers()]
    return send_to_users(users, "label_expiry", context)


def send_decision(application_id: int) -> int:
    """Tell the applicant cluster's managers and the submitter about the decision."""
    from .models import Application

    application = (
        Application.objects.select_related("call", "project", "cluster", "submitted_by")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not application.is_decided:
        return 0
    users = cluster_managers(application.cluster_id)
    if application.submitted_by is not None:
        users.append(application.submitted_by)
    context = {
        "application": application,
        "approved": application.status == "approved",
        "application_url": absolute_url(application.get_absolute_url()),
    }
    return send_to_users(users, "decision", context)
