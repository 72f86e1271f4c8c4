"""Move a person to another organisation (they changed employer): search, pick, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require

from ..models import Organisation
from ..permissions import can_add_person, can_move_person
from ..selectors.organisations import organisation_candidates_for_person
from ..services.people import person_move
from .people import _person_or_404

RESULTS = 20


@login_required
def person_move_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(person_id)
    require(can_move_person, request.user, person)
    if person.anonymised_at is not None:
        messages.error(request, _("This person has been anonymised and can no longer be changed."))
        return redirect(person.get_absolute_url())
    error = ""
    if request.method == "POST":
        target = Organisation.objects.filter(pk=request.POST.get("organisation") or 0).first()
        if target is None:
            error = _("Choose the organisation the person has moved to.")
        elif not can_add_person(request.user, target):
            error = _("You cannot add people to %(name)s.") % {"name": target.name}
        else:
            try:
                person_move(actor=acting(request.user), person=person, organisation=target)
            except DomainError as failure:
                error = failure.message
            else:
                messages.success(
                    request,
                    _("%(person)s now belongs to %(organisation)s.")
                    % {"person": person.full_name, "organisation": target.name},
                )
                return redirect(person.get_absolute_url())
    query = request.GET.get("q", "").strip()
    candidates: list[Organisation] = []
    if query:
        candidates = organisation_candidates_for_person(
            user=request.user, search=query, exclude_id=person.organisation_id, limit=RESULTS
        )
    context = {
        "person": person,
        "query": query,
        "candidates": candidates,
        "error": error,
    }
    return render(request, "members/person_move.html", context, status=422 if error else 200)


urlpatterns: list[URLPattern] = [
    path("people/<int:person_id>/move/", person_move_view, name="person_move"),
]
