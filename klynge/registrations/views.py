"""What the colleague pages of events and courses share: run the form, say how it went."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from klynge.core import capacity
from klynge.core.errors import DomainError
from klynge.core.permissions import require
from klynge.members.models import Person
from klynge.members.permissions import can_add_person
from klynge.members.services.people import person_create

from .forms import ColleaguesForm


def colleagues_taken(
    request: HttpRequest,
    form: ColleaguesForm,
    take: Callable[[list[Person]], Sequence[Any]],
    *,
    organisation: Any,
    done: str,
) -> bool:
    """Register the chosen colleagues with `take`; True when done (`done` counts them, "%(n)s"),
    False with the refusal on the form. A colleague added on the spot is written to `organisation`
    in the same transaction, so a refused registration leaves no new person behind."""
    try:
        with transaction.atomic():
            chosen = list(form.cleaned_data.get("people") or [])
            new = form.new_colleague()
            if new is not None:
                require(can_add_person, request.user, organisation)
                chosen.append(person_create(actor=request.user, organisation=organisation, **new))
            made = take(chosen)
    except DomainError as error:
        field = {"email": "new_email", "full_name": "new_name"}.get(error.field or "", "people")
        form.add_error(field if field in form.fields else "people", error.message)
        return False
    messages.success(request, done % {"n": len(made)})
    waiting = sum(1 for holder in made if holder.status == capacity.WAITLISTED)
    if waiting:
        messages.info(request, _("%(n)s of them are on the waiting list.") % {"n": waiting})
    return True
