"""Annual reports: start (pre-filled), refresh the figures, write the narrative, submit, review."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.extensions import figures as figures_of
from klynge.core.figures import compute, source_of
from klynge.core.workflow import StateChange

from ..models import AnnualReport, ReportCorrection
from ..models.reports import NARRATIVE_FIELDS
from ..report_definition import NAME as REPORT
from ..report_definition import ReportScope
from ..selectors.report_figures import report_figures
from ..workflow import REPORT_WORKFLOW

R = AnnualReport.Status


def _user(actor: Actor) -> Actor | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _fill(report: AnnualReport) -> None:
    """Take the report's figures, and last year's beside them (the page compares the two without
    counting the year before again; a stored report for that year still takes precedence)."""
    figures = report_figures(cluster=report.cluster_id, year=report.year)
    sources = figures_of(REPORT)
    figures["values"] = compute(sources, ReportScope.of(report.cluster_id, report.year))
    before = report.year - 1
    figures["previous"] = {
        "year": before,
        "values": compute(sources, ReportScope.of(report.cluster_id, before)),
    }
    report.figures = figures
    report.figures_as_of = datetime.date.fromisoformat(report.figures["as_of"])
    report.figures_refreshed_at = timezone.now()


@transaction.atomic
def report_create(*, actor: Actor, cluster: Cluster, year: int) -> AnnualReport:
    if not 2000 <= year <= timezone.localdate().year:
        raise DomainError(_("Choose a year up to this year."), field="year")
    if AnnualReport.objects.filter(cluster=cluster, year=year).exists():
        raise ConflictError(_("The cluster already has a report for this year."), field="year")
    report = AnnualReport(cluster=cluster, year=year)
    _fill(report)
    report.save()
    log_action(
        actor=actor, action="klynge.programme.report.created", target=report, data={"year": year}
    )
    return report


@transaction.atomic
def report_refresh(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_editable:
        raise ConflictError(_("A submitted report keeps its figures."), code="submitted")
    _fill(locked)
    locked.save()
    log_action(
        actor=actor,
        action="klynge.programme.report.refreshed",
        target=locked,
        data={"as_of": locked.figures_as_of},
    )
    return locked


@transaction.atomic
def report_update(*, actor: Actor, report: AnnualReport, **texts: str) -> AnnualReport:
    unknown = set(texts) - set(NARRATIVE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_editable:
        raise ConflictError(_("A submitted report can no longer be changed."), code="submitted")
    changed = sorted(k for k, v in texts.items() if getattr(locked, k) != (v or "").strip())
    for name in changed:
        setattr(locked, name, (texts[name] or "").strip())
    if changed:
        locked.save()
        log_action(
            actor=actor,
            action="klynge.programme.report.updated",
            target=locked,
            data={"changed": changed},
        )
    return locked


@transaction.atomic
def report_transition(
    *, actor: Actor, report: AnnualReport, action: str, comment: str = ""
) -> StateChange:
    """Submit (the figures are refreshed and frozen), accept, or return with a comment."""
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    comment = (comment or "").strip()
    if action == "return" and not comment:
        raise DomainError(_("Say what the cluster should change."), field="comment")
    change = REPORT_WORKFLOW.apply(actor, locked, action)
    now = timezone.now()
    if action == "submit":
        _fill(locked)
        locked.submitted_at, locked.submitted_by = now, _user(actor)
    else:
        locked.reviewed_at, locked.reviewed_by, locked.review_comment = now, _user(actor), comment
    locked.save()
    log_action(
        actor=actor,
        action="klynge.programme.report.transitioned",
        target=locked,
        data={"from": change.source, "to": change.target, "comment": comment[:500]},
    )
    report.status = locked.status
    return change


@transaction.atomic
def correction_set(
    *, actor: Actor, report: AnnualReport, key: str, value: Decimal | int | float, reason: str
) -> ReportCorrection:
    """Correct one figure; the computed value is kept beside the correction."""
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_editable:
        raise ConflictError(_("A submitted report can no longer be changed."), code="submitted")
    if source_of(figures_of(REPORT), key) is None:
        raise DomainError(_("No such figure in the report."), field="key")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the figure is corrected."), field="reason")
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise DomainError(_("Enter a number."), field="value") from error
    if not value.is_finite() or value < 0 or value >= Decimal("1e14"):
        raise DomainError(_("Enter a number from 0 upwards."), field="value")
    computed = (locked.figures or {}).get("values", {}).get(key)
    correction, _created = ReportCorrection.objects.update_or_create(
        report=locked,
        key=key,
        defaults={
            "value": value.quantize(Decimal("0.01")),
            "computed": None
            if computed is None
            else Decimal(str(computed)).quantize(Decimal("0.01")),
            "reason": reason[:500],
            "corrected_by": _user(actor),
        },
    )
    log_action(
        actor=actor,
        action="klynge.programme.report_correction.saved",
        target=locked,
        data={"key": key, "value": str(value), "computed": computed, "reason": reason[:500]},
    )
    return correction


@transaction.atomic
def correction_delete(*, actor: Actor, report: AnnualReport, key: str) -> None:
    """Drop a correction: the computed figure counts again."""
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_editable:
        raise ConflictError(_("A submitted report can no longer be changed."), code="submitted")
    deleted, _rows = ReportCorrection.objects.filter(report=locked, key=key).delete()
    if deleted:
        log_action(
            actor=actor,
            action="klynge.programme.report_correction.deleted",
            target=locked,
            data={"key": key},
        )
