"""Evaluators hear about their work: a mail when a review is assigned, reminders before it is due
and once when it is overdue, each sent once however often the task runs."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from klynge.programme.models import Framework, ReviewAssignment
from klynge.programme.services.applications import application_submit, application_transition
from klynge.programme.services.reviews import assignment_create, conflict_declare, evaluator_add
from klynge.programme.tasks import send_review_reminders
from tests.factories.programme import ApplicationFactory, CallFactory

pytestmark = pytest.mark.usefixtures("shipped", "run_on_commit", "frozen_clock")

D = datetime.date


@pytest.fixture
def application(cast: Any) -> Any:
    framework = Framework.objects.get(code="pre-project")
    application = ApplicationFactory(call=CallFactory(framework=framework), cluster=cast.cluster_a)
    application_submit(actor=cast.manager_a, application=application)
    application_transition(actor=cast.officer, application=application, action="start_review")
    return application


def to(address: str) -> list[Any]:
    return [message for message in mail.outbox if address in message.to]


def test_assigning_a_review_mails_the_evaluator_with_the_due_date(
    cast: Any, application: Any
) -> None:
    evaluator = evaluator_add(actor=cast.officer, email="ev1@example.org").user
    mail.outbox.clear()
    assignment = assignment_create(
        actor=cast.officer, application=application, evaluator=evaluator, due_on=D(2031, 3, 14)
    )
    [message] = to("ev1@example.org")
    assert application.project.title in message.subject
    assert "14 Mar 2031" in message.body
    assert f"/programme/reviews/{assignment.pk}/" in message.body


def test_the_evaluator_gets_the_assignment_mail_in_their_language(
    cast: Any, application: Any
) -> None:
    evaluator = evaluator_add(actor=cast.officer, email="ev-nb@example.org").user
    evaluator.language = "nb"
    evaluator.save(update_fields=["language"])
    mail.outbox.clear()
    assignment_create(
        actor=cast.officer, application=application, evaluator=evaluator, due_on=D(2031, 3, 14)
    )
    [message] = to("ev-nb@example.org")
    assert "Vurdering" in message.subject and "14. mars 2031" in message.body


def test_reminders_before_the_due_date_and_once_overdue(cast: Any, application: Any) -> None:
    ev1 = evaluator_add(actor=cast.officer, email="ev1@example.org").user
    ev2 = evaluator_add(actor=cast.officer, email="ev2@example.org").user
    ev3 = evaluator_add(actor=cast.officer, email="ev3@example.org").user
    due = D(2031, 3, 14)
    for evaluator in (ev1, ev2, ev3):
        assignment_create(
            actor=cast.officer, application=application, evaluator=evaluator, due_on=due
        )
    recused = ReviewAssignment.objects.get(evaluator=ev3)
    conflict_declare(actor=ev3, assignment=recused, has_conflict=True, note="My employer")
    submitted = ReviewAssignment.objects.get(evaluator=ev2)
    ReviewAssignment.objects.filter(pk=submitted.pk).update(status="submitted")
    mail.outbox.clear()

    assert send_review_reminders.call("2031-03-10") == 0  # four days before: not yet
    assert send_review_reminders.call("2031-03-11") == 1  # three days before (the setting)
    [soon] = mail.outbox
    assert soon.to == ["ev1@example.org"] and "due soon" in soon.subject
    mail.outbox.clear()
    send_review_reminders.call("2031-03-12")
    send_review_reminders.call("2031-03-14")
    assert mail.outbox == []  # the same reminder is not sent twice

    send_review_reminders.call("2031-03-15")
    [overdue] = mail.outbox
    assert overdue.to == ["ev1@example.org"] and "overdue" in overdue.subject
    mail.outbox.clear()
    send_review_reminders.call("2031-03-20")
    assert mail.outbox == []


def test_the_command_queues_the_task(cast: Any, application: Any) -> None:
    evaluator = evaluator_add(actor=cast.officer, email="ev1@example.org").user
    assignment_create(
        actor=cast.officer, application=application, evaluator=evaluator, due_on=D(2031, 3, 14)
    )
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_review_reminders", "--today", "2031-03-13", stdout=out)
    assert "Queued review reminders" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["ev1@example.org"]]
