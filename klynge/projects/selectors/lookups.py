"""Turn slugs from API input into objects, refusing unknown ones on the field they came in."""

from __future__ import annotations

from django.utils.translation import gettext as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.errors import DomainError


def topics_by_slugs(slugs: list[str] | None) -> list[Topic] | None:
    if slugs is None:
        return None
    topics = list(Topic.objects.filter(slug__in=slugs))
    missing = set(slugs) - {t.slug for t in topics}
    if missing:
        message = _("Unknown topics: %(slugs)s") % {"slugs": ", ".join(sorted(missing))}
        raise DomainError(message, field="topics")
    return topics


def clusters_by_slugs(slugs: list[str] | None) -> list[Cluster] | None:
    if slugs is None:
        return None
    clusters = list(Cluster.objects.filter(slug__in=slugs))
    missing = set(slugs) - {c.slug for c in clusters}
    if missing:
        message = _("Unknown clusters: %(slugs)s") % {"slugs": ", ".join(sorted(missing))}
        raise DomainError(message, field="clusters")
    return clusters
