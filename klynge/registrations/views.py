"""What the pages (and API routers) of events and courses share: the colleague page, the way in by
person or guest, and the capacity change, each run once and said in the app's words."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from klynge.accounts.typing import Viewer
from klynge.core import capacity
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.members.models import Organisation, Person
from klynge.members.permissions import can_add_person
from klynge.members.services.people import person_create

from .forms import CapacityForm, ColleaguesForm
from .selectors import colleagues_of
from .services import Guest

Source = Callable[[Viewer, Any, Person | None], str]
"""The app's `place_source` for its rules: (user, resource, person or None) -> source."""


def place_taken_for(
    user: Viewer,
    resource: Any,
    *,
    person_id: int | None,
    guest: Callable[[], Guest],
    source: Source,
    take: Callable[..., Any],
) -> Any:
    """A place for a person by id (an unknown or anonymised one is not found) or, without an id, for
    the `guest` by name and email; `source` decides who may (PermissionDenied) before the guest is
    read. `take(actor=, person= or guest=, source=)` is the app's create service, resource bound."""
    if person_id is None:
        how = source(user, resource, None)
        return take(actor=user, guest=guest(), source=how)
    person = get_object_or_404(Person, pk=person_id, anonymised_at__isnull=True)
    return take(actor=user, person=person, source=source(user, resource, person))


def colleagues_page(
    request: HttpRequest,
    *,
    organisation: Organisation,
    holders: Iterable[Any],
    take: Callable[[list[Person]], Sequence[Any]],
    label: str,
    done: str,
    back: str,
    template: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """A member contact's colleague page: the form lists the organisation's people who hold no place
    yet (`holders` are those who do), registers the chosen with `take` and goes `back`; otherwise
    renders `template` with the form, the organisation and the app's `context()`."""
    taken_ids = {holder.person_id for holder in holders}
    form = ColleaguesForm(
        request.POST or None,
        people=colleagues_of(user=request.user).exclude(pk__in=taken_ids),
        label=label,
        allow_new=can_add_person(request.user, organisation),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and colleagues_taken(request, form, take, organisation=organisation, done=done)
    ):
        return redirect(back)
    return render(request, template, {"organisation": organisation, "form": form, **context()})


def colleagues_taken(
    request: HttpRequest,
    form: ColleaguesForm,
    take: Callable[[list[Person]], Sequence[Any]],
    *,
    organisation: Organisation,
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
                person = person_create(
                    actor=acting(request.user),
                    organisation=organisation,
                    full_name=new["full_name"],
                    email=new["email"],
                )
                chosen.append(person)
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


@dataclass(frozen=True)
class CapacityTexts:
    """What a capacity change says (lazy strings; "%(n)s" is a number)."""

    changed: str | Promise  # "The capacity was changed."
    promoted: str | Promise  # "%(n)s people moved from the waiting list ..."
    over: str | Promise  # "The event is over capacity by %(n)s. ..."


def capacity_messages(request: HttpRequest, outcome: dict[str, Any], texts: CapacityTexts) -> None:
    """Say who moved up from the waiting list and how far the resource is over its capacity."""
    if outcome.get("promoted"):
        messages.info(request, str(texts.promoted) % {"n": len(outcome["promoted"])})
    if outcome.get("over_by"):
        messages.warning(request, str(texts.over) % {"n": outcome["over_by"]})


def capacity_changed(
    request: HttpRequest,
    resource: Any,
    change: Callable[[int | None], dict[str, Any]],
    texts: CapacityTexts,
) -> HttpResponse:
    """The team's capacity form posted: `change(new capacity)`, say how it went, back to the page."""
    form = CapacityForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("capacity", []):
            messages.error(request, str(error))
        return redirect(resource.get_absolute_url())
    try:
        outcome = change(form.cleaned_data["capacity"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(texts.changed))
        capacity_messages(request, outcome, texts)
    return redirect(resource.get_absolute_url())


def cancel_page(
    request: HttpRequest,
    resource: Any,
    *,
    cancel: Callable[[], int],
    done: str,
    template: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """The team cancels an event or a course: a confirmation page (`template` with `context()`),
    then `cancel()` (how many were told, "%(n)s" in `done`) and back to the resource's page."""
    if request.method != "POST":
        return render(request, template, context())
    try:
        told = cancel()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"n": told})
    return redirect(resource.get_absolute_url())
