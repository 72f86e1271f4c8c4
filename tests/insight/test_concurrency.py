"""A personal link answers once, even when the same invitation is submitted from several places at
the same moment (two tabs, a double click): exactly one submission counts."""

from __future__ import annotations

import time
from typing import Any

import pytest

from klynge.core.errors import ConflictError
from klynge.core.models import AuditEntry
from klynge.insight.models import Invitation, Response
from klynge.insight.selectors.surveys import survey_structure
from klynge.insight.services import answering
from tests.concurrency import needs_postgres, run_parallel

pytestmark = pytest.mark.django_db(transaction=True)


def submit_all(sent: Any, threads: int) -> tuple[list[Any], list[BaseException]]:
    structure = survey_structure(survey=sent.survey)
    answering.answers_save(
        invitation=sent.invitation_a,
        structure=structure,
        raw={"collaborate": "no", "recommend": "8"},
    )

    def submit(_index: int) -> Any:
        invitation = Invitation.objects.select_related("survey__cluster").get(
            pk=sent.invitation_a.pk
        )
        return answering.response_submit(actor=None, invitation=invitation, structure=structure)

    return run_parallel(submit, range(threads))


def test_one_submission_counts(sent: Any) -> None:
    results, errors = submit_all(sent, 6)
    assert len(results) == 1
    assert len(errors) == 5 and all(isinstance(e, ConflictError) for e in errors)
    assert Response.objects.filter(status="submitted").count() == 1
    assert AuditEntry.objects.filter(action="klynge.insight.response.submitted").count() == 1


@needs_postgres
def test_control_without_the_row_lock_submits_twice(
    sent: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above can fail: without the row locks, every thread sees an open invitation."""

    def unlocked(invitation: Invitation) -> Invitation:
        found = Invitation.objects.select_related("survey").get(pk=invitation.pk)
        time.sleep(0.2)  # let the others read it too
        return found

    def unlocked_draft(invitation: Invitation) -> Any:
        return Response.objects.filter(invitation=invitation, status="in_progress").first()

    monkeypatch.setattr(answering, "_lock", unlocked)
    monkeypatch.setattr(answering, "_locked_draft", unlocked_draft)
    results, _errors = submit_all(sent, 4)
    assert len(results) > 1
    assert AuditEntry.objects.filter(action="klynge.insight.response.submitted").count() > 1
