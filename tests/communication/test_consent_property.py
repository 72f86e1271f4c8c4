"""Property: whatever the audience and the consent states, nobody without newsletter consent (or a
confirmed subscription) at the moment of sending is ever sent a newsletter, and everyone in the
audience who consents gets exactly one copy. Seeded (derandomised) hypothesis examples."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge.communication.models import Subscriber
from klynge.communication.selectors.audience import has_consent
from klynge.communication.services.newsletters import newsletter_create, newsletter_queue
from klynge.communication.services.posts import post_create
from klynge.core.errors import DomainError
from klynge.notifications.tasks import resume
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]

T0 = datetime.datetime(2031, 6, 1, 8, 0, tzinfo=datetime.UTC)

person = st.fixed_dictionaries(
    {
        "consent": st.booleans(),
        "member": st.booleans(),
        "kind": st.sampled_from(["sme", "university"]),
        "participant": st.booleans(),
        "anonymised": st.booleans(),
        "withdraws": st.booleans(),  # withdraws consent after queueing, before sending
        "shared_email": st.booleans(),  # uses the address of the person before
    }
)
subscriber = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["pending", "confirmed", "unsubscribed"]),
        "unsubscribes": st.booleans(),
    }
)
audience = st.fixed_dictionaries(
    {
        "members": st.booleans(),
        "member_kinds": st.sampled_from([[], ["sme"], ["university"]]),
        "use_event": st.booleans(),
        "subscribers": st.booleans(),
    }
)


def build(cast: Any, people: list[dict], subscribers: list[dict]) -> tuple[Any, list[Any]]:
    event = EventFactory(cluster=cast.cluster_a)
    rows = []
    for index, spec in enumerate(people):
        organisation = OrganisationFactory(kind=spec["kind"])
        if spec["member"]:
            MembershipFactory(cluster=cast.cluster_a, organisation=organisation)
        email = f"p{index - 1 if spec['shared_email'] and index else index}@example.org"
        found = PersonFactory(
            organisation=organisation,
            email=email,
            consent_newsletter=spec["consent"],
            anonymised_at=T0 if spec["anonymised"] else None,
        )
        if spec["participant"]:
            RegistrationFactory(event=event, person=found, status="attended")
        rows.append(found)
    for index, spec in enumerate(subscribers):
        Subscriber.objects.create(
            cluster=cast.cluster_a, email=f"s{index}@example.org", status=spec["status"]
        )
    return event, rows


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.lists(person, max_size=7),
    subscribers=st.lists(subscriber, max_size=4),
    chosen=audience,
)
def test_nobody_without_consent_is_ever_sent_a_newsletter(
    member_cast: Any, people: list[dict], subscribers: list[dict], chosen: dict
) -> None:
    mail.outbox.clear()
    with transaction.atomic():
        with time_machine.travel(T0, tick=False) as clock:
            event, rows = build(member_cast, people, subscribers)
            post = post_create(
                actor=member_cast.manager_a,
                cluster=member_cast.cluster_a,
                title_en="News",
                publish_at=T0,
            )
            newsletter = newsletter_create(
                actor=member_cast.manager_a,
                cluster=member_cast.cluster_a,
                subject_en="Letter",
                posts=[post.pk],
                audience={
                    "members": chosen["members"],
                    "member_kinds": chosen["member_kinds"],
                    "events": [event.pk] if chosen["use_event"] else [],
                    "subscribers": chosen["subscribers"],
                },
            )
            try:
                newsletter_queue(
                    actor=member_cast.manager_a,
                    newsletter=newsletter,
                    send_at=T0 + datetime.timedelta(minutes=5),
                )
            except DomainError:
                assert mail.outbox == []
                transaction.set_rollback(True)
                return
            for spec, found in zip(people, rows, strict=True):
                if spec["withdraws"]:
                    found.consent_newsletter = False
                    found.save()
            for index, spec in enumerate(subscribers):
                if spec["unsubscribes"]:
                    Subscriber.objects.filter(email=f"s{index}@example.org").update(
                        status="unsubscribed"
                    )
            clock.shift(datetime.timedelta(hours=2))
            resume()
            resume()
            sent = [address for message in mail.outbox for address in message.to]
            consenting = {
                email
                for email in {p.email for p in rows}
                | {f"s{i}@example.org" for i in range(len(subscribers))}
                if has_consent(cluster_id=member_cast.cluster_a.pk, email=email)
            }
            assert set(sent) <= consenting
            assert len(sent) == len(set(sent))  # one copy each
            expected = set()
            for spec, found in zip(people, rows, strict=True):
                in_audience = (
                    chosen["members"]
                    and spec["member"]
                    and (not chosen["member_kinds"] or spec["kind"] in chosen["member_kinds"])
                ) or (chosen["use_event"] and spec["participant"])
                if in_audience and spec["consent"] and not spec["anonymised"]:
                    expected.add(found.email)
            if chosen["subscribers"]:
                expected |= {
                    f"s{i}@example.org"
                    for i, spec in enumerate(subscribers)
                    if spec["status"] == "confirmed"
                }
            assert set(sent) == expected & consenting
        transaction.set_rollback(True)
