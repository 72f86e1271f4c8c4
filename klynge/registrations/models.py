"""What every holder row of the registration core has: an event registration and a course enrolment
are both a person's place (or waiting position) in a limited pool.

`Place` is abstract: each app keeps its own table, status and source choices, organisation link and
the fields of its own (check-in, completion). The two database rules every holder obeys are built
here once: one open place per person and pool, and a waiting position exactly while waiting.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel

WAITLISTED = "waitlisted"


class Place(TimeStampedModel):
    """The fields every holder row has alike (each app declares `person`, whose reverse name is its
    own: `person.registrations`, `person.enrolments`)."""

    waitlist_position = models.PositiveIntegerField(
        _("waiting list position"), null=True, blank=True
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        abstract = True


def one_open_place_per_person(
    *, pool: str, left: str, name: str, message: Any
) -> models.BaseConstraint:
    """Nobody holds two places (or waits twice) in one pool; a place left (`left`) does not count."""
    return models.UniqueConstraint(
        fields=[pool, "person"],
        condition=~Q(status=left),
        name=name,
        violation_error_message=message,
    )


def waiting_position_iff_waiting(*, name: str) -> models.BaseConstraint:
    """A waiting row has a position of 1 or more, every other row none.

    The explicit IS NOT NULL matters: a CHECK passes when it evaluates to NULL (NULL >= 1 is unknown).
    """
    return models.CheckConstraint(
        condition=(
            Q(status=WAITLISTED) & Q(waitlist_position__isnull=False) & Q(waitlist_position__gte=1)
        )
        | (~Q(status=WAITLISTED) & Q(waitlist_position__isnull=True)),
        name=name,
    )
