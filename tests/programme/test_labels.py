"""Certification labels: validity, expired labels stop counting, expiry warnings sent once."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from klynge.core.errors import DomainError
from klynge.programme.models import CertificationLabel
from klynge.programme.selectors.statuses import badge_map, label_current, label_valid
from klynge.programme.services.statuses import default_valid_until, label_award, label_update
from klynge.programme.tasks import send_label_expiry_warnings
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.programme import CertificationLabelFactory

D = datetime.date


def test_default_validity_is_two_years(cast: Any) -> None:
    label = label_award(
        actor=cast.officer, cluster=cast.cluster_a, grade="gold", awarded_on=D(2019, 6, 1)
    )
    assert label.valid_until == D(2021, 5, 31)
    assert default_valid_until(D(2020, 2, 29)) == D(2022, 2, 27)


def test_award_refuses_bad_input_with_field_errors(cast: Any) -> None:
    with pytest.raises(DomainError) as error:
        label_award(
            actor=cast.officer, cluster=cast.cluster_a, grade="platinum", awarded_on=D(2019, 1, 1)
        )
    assert error.value.field == "grade"
    with pytest.raises(DomainError) as error:
        label_award(
            actor=cast.officer,
            cluster=cast.cluster_a,
            grade="gold",
            awarded_on=D(2019, 1, 1),
            valid_until=D(2018, 1, 1),
        )
    assert error.value.field == "valid_until"
    with pytest.raises(DomainError) as error:
        label_award(
            actor=cast.officer,
            cluster=cast.cluster_a,
            grade="gold",
            awarded_on=D(2019, 1, 1),
            score_percent=120,
        )
    assert error.value.field == "score_percent"


def test_expired_labels_stop_counting(cast: Any) -> None:
    cluster = cast.cluster_a
    CertificationLabelFactory(cluster=cluster, grade="gold", awarded_on=D(2019, 6, 1))
    assert label_valid(cluster=cluster, grade="gold", on=D(2021, 5, 31)) is not None
    assert label_valid(cluster=cluster, grade="gold", on=D(2021, 6, 1)) is None
    assert label_valid(cluster=cluster, grade="gold", on=D(2019, 5, 31)) is None


def test_the_best_valid_label_wins_and_lower_grades_do_not_satisfy_gold(cast: Any) -> None:
    cluster = cast.cluster_a
    CertificationLabelFactory(cluster=cluster, grade="silver", awarded_on=D(2022, 1, 1))
    assert label_valid(cluster=cluster, grade="gold", on=D(2022, 6, 1)) is None
    assert label_valid(cluster=cluster, grade="bronze", on=D(2022, 6, 1)).grade == "silver"
    CertificationLabelFactory(cluster=cluster, grade="gold", awarded_on=D(2022, 3, 1))
    assert label_current(cluster=cluster, on=D(2022, 6, 1)).grade == "gold"


def test_badge_shows_expiry_within_90_days(cast: Any, shipped: None) -> None:
    CertificationLabelFactory(cluster=cast.cluster_a, awarded_on=D(2019, 6, 1))
    badge = badge_map([cast.cluster_a.pk], on=D(2021, 4, 21))[cast.cluster_a.pk]
    assert badge.label_days_left == 40
    assert badge.label_expiring is True
    assert (
        badge_map([cast.cluster_a.pk], on=D(2020, 1, 1))[cast.cluster_a.pk].label_expiring is False
    )


@pytest.fixture
def warned(cast: Any, run_on_commit: None) -> Any:
    """A gold label of cluster A valid until 2021-05-31, a second manager, a second officer."""
    ClusterRoleFactory(
        user=UserFactory(email="manager2-a@example.org"), cluster=cast.cluster_a, role="manager"
    )
    UserFactory(email="officer2@example.org", is_programme_officer=True, language="nb")
    UserFactory(email="retired-officer@example.org", is_programme_officer=True, is_active=False)
    return CertificationLabelFactory(cluster=cast.cluster_a, awarded_on=D(2019, 6, 1))


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_warnings_at_90_and_30_days_go_to_managers_and_officers_once(warned: Any) -> None:
    assert send_label_expiry_warnings.call("2021-02-01") == 0  # 119 days left
    assert mail.outbox == []

    assert send_label_expiry_warnings.call("2021-03-02") == 1  # 90 days left
    assert recipients() == [
        "manager-a@example.org",
        "manager2-a@example.org",
        "officer2@example.org",
        "officer@example.org",
    ]
    assert "90 days" in mail.outbox[0].subject or "90 dager" in mail.outbox[0].subject
    mail.outbox.clear()

    assert send_label_expiry_warnings.call("2021-03-03") == 0  # not twice
    assert send_label_expiry_warnings.call("2021-04-30") == 0  # 31 days: nothing new
    assert send_label_expiry_warnings.call("2021-05-01") == 1  # 30 days left
    assert len(mail.outbox) == 4
    mail.outbox.clear()
    assert send_label_expiry_warnings.call("2021-05-02") == 0
    assert send_label_expiry_warnings.call("2021-06-10") == 0  # expired: no more mail
    assert mail.outbox == []


def test_enqueue_through_the_backend_and_the_command(warned: Any) -> None:
    result = send_label_expiry_warnings.enqueue("2021-05-20")  # 11 days left: straight to 30
    assert result.return_value == 1
    label = CertificationLabel.objects.get(pk=warned.pk)
    assert label.warned_30_at is not None and label.warned_90_at is not None
    mail.outbox.clear()
    call_command("send_label_warnings", "--today", "2021-05-21", stdout=io.StringIO())
    assert mail.outbox == []


def test_a_renewed_label_silences_the_old_one(warned: Any) -> None:
    CertificationLabelFactory(cluster=warned.cluster, awarded_on=D(2021, 3, 1))  # renewal
    assert send_label_expiry_warnings.call("2021-03-02") == 0
    assert mail.outbox == []


def test_changing_the_expiry_date_rearms_the_warnings(warned: Any, cast: Any) -> None:
    send_label_expiry_warnings.call("2021-03-02")
    label = CertificationLabel.objects.get(pk=warned.pk)
    assert label.warned_90_at is not None
    label_update(actor=cast.officer, label=label, valid_until=D(2021, 9, 30))
    label.refresh_from_db()
    assert label.warned_90_at is None
