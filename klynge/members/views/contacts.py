"""The member-contact area: accepting an invitation, and the home of a member organisation's contact."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.ratelimit import rate_limited

from ..forms.people import AcceptInvitationForm
from ..permissions import can_edit_organisation, can_link_login
from ..selectors import people as selectors
from ..services.invitations import existing_user_for, invitation_accept
from .people import optional_url

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
@rate_limited("public_form")
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_get_by_token(raw=token)
    if invitation is None:
        return _invalid(request, "unknown", None, status=404)
    state = selectors.invitation_state(invitation)
    person = invitation.person
    if state != selectors.OPEN:
        return _invalid(request, state, invitation, status=410)
    if person.user_id is not None or person.anonymised_at is not None or not person.email:
        return _invalid(request, "unusable", invitation, status=410)
    existing = existing_user_for(person)
    context: dict[str, Any] = {"invitation": invitation, "person": person, "existing": existing}
    if existing is not None:
        return _accept_with_existing_login(request, context)
    form = AcceptInvitationForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, _("Welcome to Klynge! You can now log in with your email."))
            return redirect("members:my_organisation")
    context["form"] = form
    return render(request, "members/invitation_accept.html", context)


def _accept_with_existing_login(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """A login with the person's email exists: its owner must be logged in to link it."""
    existing = context["existing"]
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        context["login_url"] = _login_url(request)
        return render(request, "members/invitation_accept.html", context)
    if not can_link_login(request.user, existing):
        context["wrong_user"] = True
        return render(request, "members/invitation_accept.html", context, status=403)
    if request.method == "POST":
        try:
            invitation_accept(invitation=context["invitation"], user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your login is now linked to your organisation."))
            return redirect("members:my_organisation")
    return render(request, "members/invitation_accept.html", context)


def _login_url(request: HttpRequest) -> str:
    response = redirect_to_login(request.get_full_path())
    return response["Location"]


def _invalid(request: HttpRequest, reason: str, invitation: object, *, status: int) -> HttpResponse:
    return render(
        request,
        "members/invitation_invalid.html",
        {"reason": reason, "invitation": invitation},
        status=status,
    )


@login_required
def my_organisation(request: HttpRequest) -> HttpResponse:
    home = selectors.contact_home_get(user=request.user)
    if home is None:
        return render(request, "members/contact_home.html", {"home": None})
    organisation = home.organisation
    context = {
        "home": home,
        "organisation": organisation,
        "page": paginate(request, home.colleagues),
        "can_edit_organisation": can_edit_organisation(request.user, organisation),
        "organisation_url": optional_url("members:organisation", organisation.pk),
        "organisation_edit_url": optional_url("members:organisation_edit", organisation.pk),
    }
    return render(request, "members/contact_home.html", context)


urlpatterns: list[URLPattern] = [
    path("my/organisation/", my_organisation, name="my_organisation"),
    path("invitations/<str:token>/", invitation_accept_view, name="invitation_accept"),
]
