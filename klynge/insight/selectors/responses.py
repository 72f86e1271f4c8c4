"""Reads for invitations and responses: the live response rate, one respondent's saved answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from klynge.accounts.tokens import hash_token
from klynge.accounts.typing import Viewer
from klynge.members.models import Organisation

from ..models import Answer, Invitation, Response, Survey


@dataclass
class RateRow:
    key: str
    label: str
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(100 * self.rate)


@dataclass
class ResponseRate:
    invited: int
    answered: int
    in_progress: int
    by_kind: list[RateRow] = field(default_factory=list)
    by_size: list[RateRow] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(100 * self.rate)


KIND_LABELS = dict(Organisation.Kind.choices)
SIZE_LABELS = dict(Organisation.SizeClass.choices)


def kind_label(key: str) -> str:
    return str(KIND_LABELS.get(key, _("No organisation")))


def size_label(key: str) -> str:
    return str(SIZE_LABELS.get(key, _("No organisation")))


def _rows(survey: Survey, column: str, labels: Any, order: list[str]) -> list[RateRow]:
    counts = {
        row[column]: row
        for row in Invitation.objects.filter(survey=survey)
        .values(column)
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(completed=True)))
    }
    keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    return [
        RateRow(
            key=k, label=labels(k), invited=counts[k]["invited"], answered=counts[k]["answered"]
        )
        for k in keys
    ]


def response_rate(*, survey: Survey) -> ResponseRate:
    """Invited, answered (submitted) and started, overall and by kind and size (three queries)."""
    by_kind = _rows(survey, "org_kind", kind_label, list(KIND_LABELS))
    by_size = _rows(survey, "size_class", size_label, list(SIZE_LABELS))
    in_progress = Response.objects.filter(survey=survey, status=Response.Status.IN_PROGRESS).count()
    return ResponseRate(
        invited=sum(r.invited for r in by_kind),
        answered=sum(r.answered for r in by_kind),
        in_progress=in_progress,
        by_kind=by_kind,
        by_size=by_size,
    )


# --- answering ----------------------------------------------------------------------------------


def invitation_get_by_token(*, raw: str) -> Invitation | None:
    if not raw or len(raw) > 200:
        return None
    invitation = (
        Invitation.objects.select_related("survey__cluster", "person")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if invitation is not None:
        invitation.opened_by_link = True  # type: ignore[attr-defined]  # marks this lookup only
    return invitation


def invitation_for_user(*, survey: Survey, user: Viewer) -> Invitation | None:
    """The invitation to `survey` sent to the person whose login `user` is."""
    if not user.is_authenticated:
        return None
    return (
        Invitation.objects.select_related("survey__cluster", "person")
        .filter(survey=survey, person__user=user, person__anonymised_at__isnull=True)
        .first()
    )


def invitation_list_open_for_user(*, user: Viewer) -> list[Invitation]:
    """Unanswered invitations of the logged-in person to surveys that are open now."""
    if not user.is_authenticated:
        return []
    invitations = (
        Invitation.objects.filter(
            person__user=user, person__anonymised_at__isnull=True, completed=False
        )
        .select_related("survey__cluster")
        .order_by("survey__closes_at", "pk")
    )
    return [i for i in invitations if i.survey.is_open()]


def draft_for(*, invitation: Invitation) -> Response | None:
    """The response in progress of this invitation (none once submitted)."""
    return (
        Response.objects.filter(invitation=invitation, status=Response.Status.IN_PROGRESS)
        .order_by("pk")
        .first()
    )


def answers_of(*, response: Response | None) -> dict[str, Any]:
    """The saved answers of a response as {question key: value}."""
    if response is None:
        return {}
    return {
        answer.question.key: answer.value
        for answer in Answer.objects.filter(response=response).select_related("question")
    }
