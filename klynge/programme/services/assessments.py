"""Assessments: create with a computed snapshot, score, move through the workflow, decide."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.weblinks import clean_web_url
from klynge.core.workflow import StateChange

from ..indicators import INDICATORS, as_dict, compute
from ..models import Assessment, AssessmentItem, Framework
from ..selectors.assessments import assessment_summary
from ..selectors.inputs import framework_window, indicator_inputs
from ..workflow import ASSESSMENT_WORKFLOW
from .statuses import cluster_status_add

A = Assessment.Status


def _user(actor: Actor) -> Actor | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(assessment: Assessment) -> Assessment:
    locked = (
        Assessment.objects.select_for_update().select_related("framework").get(pk=assessment.pk)
    )
    return locked


@transaction.atomic
def assessment_create(
    *,
    actor: Actor,
    cluster: Cluster,
    framework: Framework,
    period: str,
    as_of: datetime.date,
    assessors: Iterable[Any] = (),
) -> Assessment:
    """A draft assessment with one item per criterion and the computed indicators filled in."""
    period = (period or "").strip()
    if not period:
        raise DomainError(_("Give the period, for example 2020."), field="period")
    if not framework.is_active:
        raise DomainError(_("This framework is no longer in use."), field="framework")
    if Assessment.objects.filter(cluster=cluster, framework=framework, period=period).exists():
        raise ConflictError(
            _("The cluster already has an assessment with this framework for this period."),
            field="period",
        )
    assessment = Assessment.objects.create(
        cluster=cluster, framework=framework, period=period, as_of=as_of, created_by=_user(actor)
    )
    assessment.assessors.set(list(assessors))
    AssessmentItem.objects.bulk_create(
        [AssessmentItem(assessment=assessment, criterion=c) for c in framework.criteria.all()]
    )
    _compute(assessment)
    log_action(
        actor=actor,
        action="klynge.programme.assessment.created",
        target=assessment,
        data={"framework": framework.code, "period": period, "as_of": as_of},
    )
    return assessment


def _compute(assessment: Assessment) -> int:
    """Store value, points, inputs and explanation of every computed criterion (a snapshot)."""
    items = list(assessment.items.select_related("criterion").filter(criterion__indicator__gt=""))
    if not items:
        return 0
    inputs = indicator_inputs(
        cluster=assessment.cluster_id,
        as_of=assessment.as_of,
        window_years=framework_window(assessment.framework),
    )
    now = timezone.now()
    for item in items:
        criterion = item.criterion
        if criterion.indicator not in INDICATORS:
            item.explanation = _("Unknown indicator %(key)s.") % {"key": criterion.indicator}
            continue
        result = compute(
            criterion.indicator, inputs, max_points=criterion.max_points, params=criterion.params
        )
        item.computed_value = result.value
        item.computed_points = result.points
        item.inputs = {"used": result.inputs, "all": as_dict(inputs)}
        item.explanation = result.explanation
    AssessmentItem.objects.bulk_update(
        items, ["computed_value", "computed_points", "inputs", "explanation"]
    )
    assessment.computed_at = now
    assessment.save(update_fields=["computed_at", "updated_at"])
    return len(items)


@transaction.atomic
def assessment_recompute(
    *, actor: Actor, assessment: Assessment, as_of: datetime.date | None = None
) -> Assessment:
    locked = _locked(assessment)
    if locked.is_decided:
        raise ConflictError(_("A decided assessment keeps its snapshot."), code="decided")
    if as_of is not None:
        locked.as_of = as_of
        locked.save(update_fields=["as_of", "updated_at"])
    count = _compute(locked)
    log_action(
        actor=actor,
        action="klynge.programme.assessment.recomputed",
        target=locked,
        data={"as_of": locked.as_of, "indicators": count},
    )
    return locked


def _points(value: Any, item: AssessmentItem, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        points = Decimal(str(value))
    except InvalidOperation as exc:
        raise DomainError(_("Enter a number."), field=field) from exc
    if not Decimal(0) <= points <= item.criterion.max_points:
        raise DomainError(
            _("Enter between 0 and %(max)s points.") % {"max": item.criterion.max_points},
            field=field,
        )
    return points


@transaction.atomic
def assessment_score(
    *, actor: Actor, assessment: Assessment, scores: dict[int, dict[str, Any]], as_cluster: bool
) -> int:
    """Save scores per item id: {"score": points, "comment": text, "evidence_url": url}.

    `as_cluster` writes the self-assessment (during the self-assessment step); otherwise the
    assessor's score (in draft or review). An assessor who overrides a computed indicator must
    say why in the comment. Returns the number of items changed.
    """
    locked = _locked(assessment)
    allowed = (A.SELF_ASSESSMENT,) if as_cluster else (A.DRAFT, A.IN_REVIEW)
    if locked.status not in allowed:
        raise ConflictError(
            _("Scores cannot be changed while the assessment is ‘%(status)s’.")
            % {"status": locked.get_status_display()},
            code="wrong_status",
        )
    items = {i.pk: i for i in locked.items.select_related("criterion").filter(pk__in=list(scores))}
    changed = []
    for item_id, values in scores.items():
        item = items.get(item_id)
        if item is None:
            raise DomainError(_("Unknown criterion."), field="scores")
        field = f"score_{item_id}"
        points = _points(values.get("score"), item, field)
        comment = (values.get("comment") or "").strip()
        if as_cluster:
            new = {"self_score": points, "self_comment": comment}
        else:
            if item.criterion.is_computed and points is not None and not comment:
                raise DomainError(
                    _("Explain why you override the computed value."), field=f"comment_{item_id}"
                )
            new = {
                "score": points,
                "comment": comment,
                "evidence_url": clean_web_url(
                    values.get("evidence_url"), field=f"evidence_url_{item_id}"
                ),
            }
        if all(getattr(item, k) == v for k, v in new.items()):
            continue
        for key, value in new.items():
            setattr(item, key, value)
        if not as_cluster:
            item.scored_by, item.scored_at = _user(actor), timezone.now()
        item.save()
        changed.append(item.criterion.code)
    if changed:
        log_action(
            actor=actor,
            action="klynge.programme.assessment.scored",
            target=locked,
            data={"criteria": changed, "self_assessment": as_cluster},
        )
    return len(changed)


@transaction.atomic
def assessment_transition(*, actor: Actor, assessment: Assessment, action: str) -> StateChange:
    if action == "decide":
        raise DomainError(_("Use the decision form to decide."), field="action")
    locked = _locked(assessment)
    change = ASSESSMENT_WORKFLOW.apply(actor, locked, action)
    locked.save(update_fields=["status", "updated_at"])
    assessment.status = locked.status
    log_action(
        actor=actor,
        action="klynge.programme.assessment.transitioned",
        target=locked,
        data={"from": change.source, "to": change.target, "action": action},
    )
    return change


@transaction.atomic
def assessment_decide(
    *,
    actor: Actor,
    assessment: Assessment,
    outcome: str,
    decided_on: datetime.date,
    decision_reference: str = "",
    note: str = "",
    grant_level: bool = False,
) -> Assessment:
    """Record the decision; a pass that grants the framework's level writes the new ClusterStatus."""
    locked = _locked(assessment)
    ASSESSMENT_WORKFLOW.check(actor, locked, "decide")
    if outcome not in Assessment.Outcome.values:
        raise DomainError(_("Choose passed or not passed."), field="outcome")
    summary = assessment_summary(assessment=locked)
    computed = Assessment.Outcome.PASSED if summary.passed else Assessment.Outcome.FAILED
    if outcome != computed and not note.strip():
        raise DomainError(
            _("The decision differs from the scores (%(computed)s): explain why in the note.")
            % {"computed": Assessment.Outcome(computed).label},
            field="note",
        )
    level = locked.framework.grants_level
    if grant_level and (outcome != Assessment.Outcome.PASSED or level is None):
        raise DomainError(
            _("Only a passed assessment of a framework that grants a level can grant it."),
            field="grant_level",
        )
    ASSESSMENT_WORKFLOW.apply(actor, locked, "decide")
    locked.outcome = outcome
    locked.decided_on = decided_on
    locked.decision_reference = decision_reference.strip()
    locked.decision_note = note.strip()
    locked.decided_by = _user(actor)
    locked.total_points, locked.max_points = summary.total, summary.maximum
    locked.percent = summary.percent
    if grant_level and level is not None:
        locked.granted_level = level
        cluster_status_add(
            actor=actor,
            cluster=locked.cluster,
            level=level,
            starts_on=decided_on,
            decision_reference=locked.decision_reference,
            assessment=locked,
        )
    locked.save()
    assessment.status = locked.status
    log_action(
        actor=actor,
        action="klynge.programme.assessment.decided",
        target=locked,
        data={
            "outcome": outcome,
            "percent": summary.percent,
            "computed": computed,
            "granted_level": level.code if grant_level and level else None,
        },
    )
    return locked
