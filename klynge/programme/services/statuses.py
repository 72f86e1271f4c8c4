"""Record a cluster's programme levels over time (the status history) and certification labels."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.files import delete_file_on_commit, delete_stored_on_commit
from klynge.core.weblinks import clean_web_url, clean_web_urls

from ..models import CertificationLabel, ClusterStatus, Level

LABEL_FIELDS = ("grade", "awarded_on", "valid_until", "score_percent", "assessor", "reference")
LABEL_TEXT_FIELDS = ("evidence_url", "note")


def _user(actor: Actor) -> Actor | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _overlapping(
    cluster: Cluster, starts_on: datetime.date, ends_on: datetime.date | None, exclude: int | None
) -> Any:
    """Statuses of the cluster whose period meets [starts_on, ends_on)."""
    rows = ClusterStatus.objects.filter(cluster=cluster)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    rows = rows.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on))
    if ends_on is not None:
        rows = rows.filter(starts_on__lt=ends_on)
    return rows


def _check_period(starts_on: Any, ends_on: Any) -> None:
    if not isinstance(starts_on, datetime.date):
        raise DomainError(_("Enter the date the level starts."), field="starts_on")
    if ends_on is not None and ends_on <= starts_on:
        raise DomainError(_("The end date must be after the start date."), field="ends_on")


@transaction.atomic
def cluster_status_add(
    *,
    actor: Actor,
    cluster: Cluster,
    level: Level,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    decision_reference: str = "",
    note: str = "",
    assessment: Any = None,
) -> ClusterStatus:
    """Add a level to the cluster's history.

    An open-ended new level closes the current open level on its start date (the history moves
    on); any other overlap with recorded periods is refused, so the history never contradicts
    itself.
    """
    _check_period(starts_on, ends_on)
    Cluster.objects.select_for_update().filter(pk=cluster.pk).first()
    closed: ClusterStatus | None = None
    overlaps = list(_overlapping(cluster, starts_on, ends_on, exclude=None))
    if ends_on is None:
        current = next((s for s in overlaps if s.ends_on is None), None)
        if current is not None and current.starts_on < starts_on:
            overlaps.remove(current)
            closed = current
    if overlaps:
        other = overlaps[0]
        raise ConflictError(
            _("This period overlaps %(status)s. Change that entry first.") % {"status": other},
            code="status_overlap",
            field="starts_on",
        )
    if closed is not None:
        closed.ends_on = starts_on
        closed.save(update_fields=["ends_on", "updated_at"])
    status = ClusterStatus.objects.create(
        cluster=cluster,
        level=level,
        starts_on=starts_on,
        ends_on=ends_on,
        decision_reference=decision_reference.strip(),
        note=note.strip(),
        assessment=assessment,
        created_by=_user(actor),
    )
    log_action(
        actor=actor,
        action="klynge.programme.status.added",
        target=status,
        data={
            "level": level.code,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "decision_reference": status.decision_reference,
            "closed_previous": closed.pk if closed else None,
        },
    )
    return status


@transaction.atomic
def cluster_status_update(
    *,
    actor: Actor,
    status: ClusterStatus,
    level: Level,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    decision_reference: str = "",
    note: str = "",
) -> ClusterStatus:
    _check_period(starts_on, ends_on)
    overlaps = _overlapping(status.cluster, starts_on, ends_on, exclude=status.pk)
    other = overlaps.first()
    if other is not None:
        raise ConflictError(
            _("This period overlaps %(status)s. Change that entry first.") % {"status": other},
            code="status_overlap",
            field="starts_on",
        )
    before = {
        "level": status.level.code,
        "starts_on": status.starts_on,
        "ends_on": status.ends_on,
        "decision_reference": status.decision_reference,
    }
    status.level, status.starts_on, status.ends_on = level, starts_on, ends_on
    status.decision_reference, status.note = decision_reference.strip(), note.strip()
    status.save()
    log_action(
        actor=actor,
        action="klynge.programme.status.updated",
        target=status,
        data={
            "before": before,
            "after": {
                **before,
                "level": level.code,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "decision_reference": status.decision_reference,
            },
        },
    )
    return status


@transaction.atomic
def cluster_status_remove(*, actor: Actor, status: ClusterStatus) -> None:
    log_action(
        actor=actor,
        action="klynge.programme.status.removed",
        target=status,
        data={"level": status.level.code, "starts_on": status.starts_on, "ends_on": status.ends_on},
    )
    status.delete()


# --- labels --------------------------------------------------------------------------------------


def label_validity_years() -> int:
    return int(settings.KLYNGE_LABEL_VALIDITY_YEARS)


def default_valid_until(awarded_on: datetime.date) -> datetime.date:
    """Two years (a setting) from the award: the day before the anniversary."""
    years = label_validity_years()
    try:
        anniversary = awarded_on.replace(year=awarded_on.year + years)
    except ValueError:  # 29 February
        anniversary = awarded_on.replace(year=awarded_on.year + years, day=28)
    return anniversary - datetime.timedelta(days=1)


def _check_label(fields: dict[str, Any]) -> None:
    if fields.get("grade") not in CertificationLabel.Grade.values:
        raise DomainError(_("Choose bronze, silver or gold."), field="grade")
    awarded, until = fields.get("awarded_on"), fields.get("valid_until")
    if not isinstance(awarded, datetime.date):
        raise DomainError(_("Enter the date the label was awarded."), field="awarded_on")
    if until is not None and until <= awarded:
        raise DomainError(_("The label must be valid after its award date."), field="valid_until")
    score = fields.get("score_percent")
    if score is not None and not 0 <= score <= 100:
        raise DomainError(_("Enter a score between 0 and 100 %."), field="score_percent")


@transaction.atomic
def label_award(
    *,
    actor: Actor,
    cluster: Cluster,
    grade: str,
    awarded_on: datetime.date,
    valid_until: datetime.date | None = None,
    score_percent: Any = None,
    assessor: str = "",
    reference: str = "",
    evidence: Any = None,
    evidence_url: str = "",
    note: str = "",
) -> CertificationLabel:
    fields = {
        "grade": grade,
        "awarded_on": awarded_on,
        "valid_until": valid_until,
        "score_percent": score_percent,
    }
    _check_label(fields)
    label = CertificationLabel(
        cluster=cluster,
        grade=grade,
        awarded_on=awarded_on,
        valid_until=valid_until or default_valid_until(awarded_on),
        score_percent=score_percent,
        assessor=assessor.strip(),
        reference=reference.strip(),
        evidence_url=clean_web_url(evidence_url, field="evidence_url"),
        note=note.strip(),
        created_by=_user(actor),
    )
    if evidence:
        label.evidence.save(evidence.name, evidence, save=False)
    label.save()
    log_action(
        actor=actor,
        action="klynge.programme.label.awarded",
        target=label,
        data={
            "grade": grade,
            "awarded_on": awarded_on,
            "valid_until": label.valid_until,
            "score_percent": score_percent,
        },
    )
    return label


@transaction.atomic
def label_update(
    *, actor: Actor, label: CertificationLabel, evidence: Any = None, **fields: Any
) -> CertificationLabel:
    unknown = set(fields) - set(LABEL_FIELDS) - set(LABEL_TEXT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    clean_web_urls(CertificationLabel, fields)
    merged = {name: getattr(label, name) for name in LABEL_FIELDS} | fields
    if merged.get("valid_until") is None:
        merged["valid_until"] = default_valid_until(merged["awarded_on"])
    _check_label(merged)
    changed = sorted(n for n, v in merged.items() if getattr(label, n) != v)
    for name in changed:
        value = merged[name]
        setattr(label, name, value.strip() if isinstance(value, str) else value)
    if "valid_until" in changed:
        # A new expiry date deserves new warnings.
        label.warned_90_at = label.warned_30_at = None
    if evidence:
        replaced = label.evidence.name
        label.evidence.save(evidence.name, evidence, save=False)
        changed.append("evidence")
        delete_stored_on_commit(label.evidence.storage, replaced)
    if changed:
        label.save()
        log_action(
            actor=actor,
            action="klynge.programme.label.updated",
            target=label,
            data={"changed": changed},
        )
    return label


@transaction.atomic
def label_remove(*, actor: Actor, label: CertificationLabel) -> None:
    log_action(
        actor=actor,
        action="klynge.programme.label.removed",
        target=label,
        data={"grade": label.grade, "awarded_on": label.awarded_on},
    )
    label.delete()
    delete_file_on_commit(label.evidence)
