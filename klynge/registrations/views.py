"""What the colleague pages of events and courses share: run the form, say how it went."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from klynge.core import capacity
from klynge.core.errors import DomainError
from klynge.members.models import Person

from .forms import ColleaguesForm


def colleagues_taken(
    request: HttpRequest,
    form: ColleaguesForm,
    take: Callable[[list[Person]], Sequence[Any]],
    *,
    done: str,
) -> bool:
    """Register the chosen colleagues with `take`; True when done (`done` counts them, "%(n)s"),
    False with the refusal on the form."""
    try:
        made = take(list(form.cleaned_data["people"]))
    except DomainError as error:
        form.add_error("people", error.message)
        return False
    messages.success(request, done % {"n": len(made)})
    waiting = sum(1 for holder in made if holder.status == capacity.WAITLISTED)
    if waiting:
        messages.info(request, _("%(n)s of them are on the waiting list.") % {"n": waiting})
    return True
