"""Person pages: profile, edit, add a colleague, invite as member contact, personal data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.errors import DomainError
from klynge.core.extensions import render_sections
from klynge.core.permissions import acting, require, require_any

from ..forms.people import AnonymiseForm, InvitationForm, PersonForm
from ..models import Invitation, Organisation, Person
from ..permissions import (
    can_add_person,
    can_edit_person,
    can_invite_member_contact,
    can_manage_personal_data,
    can_move_person,
    can_view_person,
)
from ..selectors import people as selectors
from ..services.invitations import invitation_revoke, invitation_send
from ..services.people import person_create, person_update
from ..services.personal_data import person_anonymise, person_export_data


def optional_url(name: str, *args: object) -> str:
    """Reverse a URL another area provides, or "" while that area does not exist yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _person_or_404(person_id: int) -> Person:
    try:
        return selectors.person_get(pk=person_id)
    except Person.DoesNotExist as exc:
        raise Http404(_("No such person.")) from exc


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(person_id)
    require(can_view_person, request.user, person)
    show_private = selectors.person_shows_private(request.user, person)
    invitations = selectors.invitation_list_for_person(person=person) if show_private else []
    invite_clusters = []
    if show_private and person.user_id is None and person.email:
        invite_clusters = selectors.invitation_clusters_for(user=request.user, person=person)
    context = {
        "person": person,
        "show_private": show_private,
        "can_edit": can_edit_person(request.user, person) and person.anonymised_at is None,
        "can_manage_data": can_manage_personal_data(request.user, person),
        "can_move": can_move_person(request.user, person) and person.anonymised_at is None,
        "invitations": invitations,
        "login_status": selectors.person_login_status(person=person, invitations=invitations),
        "invite_form": InvitationForm(clusters=invite_clusters) if invite_clusters else None,
        "can_revoke": {
            i.pk for i in invitations if can_invite_member_contact(request.user, i.cluster_id)
        },
        "organisation_url": optional_url("members:organisation", person.organisation_id)
        if person.organisation_id
        else "",
        "sections": render_sections("person_sections", request, person),
    }
    return render(request, "members/person_detail.html", context)


@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(person_id)
    require(can_edit_person, request.user, person)
    if person.anonymised_at is not None:
        messages.error(request, _("This person has been anonymised and can no longer be changed."))
        return redirect(person.get_absolute_url())
    form = PersonForm.for_person(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(actor=acting(request.user), person=person, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(person.get_absolute_url())
    return render(request, "members/person_form.html", {"form": form, "person": person})


@login_required
def person_new(request: HttpRequest, org_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=org_id)
    require(can_add_person, request.user, organisation)
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(
                actor=acting(request.user), organisation=organisation, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect(person.get_absolute_url())
    context = {
        "form": form,
        "organisation": organisation,
        "organisation_url": optional_url("members:organisation", organisation.pk),
    }
    return render(request, "members/person_form.html", context)


@login_required
@require_POST
def person_invite(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(person_id)
    require(can_view_person, request.user, person)
    clusters = require_any(
        can_invite_member_contact,
        request.user,
        selectors.invitation_clusters_for(user=request.user, person=person),
    )
    data = request.POST.copy()
    if len(clusters) == 1:
        data.setdefault("cluster", str(clusters[0].pk))
    form = InvitationForm(data, clusters=clusters)
    if not form.is_valid():
        messages.error(request, _("Choose a cluster to invite the person to."))
        return redirect(person.get_absolute_url())
    cluster = form.cleaned_data["cluster"]
    require(can_invite_member_contact, request.user, cluster)
    try:
        invitation_send(
            actor=acting(request.user),
            person=person,
            cluster=cluster,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("An invitation was sent to %(email)s.") % {"email": person.email}
        )
    return redirect(person.get_absolute_url())


@login_required
@require_POST
def person_invitation_revoke(
    request: HttpRequest, person_id: int, invitation_id: int
) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("person"), pk=invitation_id, person_id=person_id
    )
    require(can_invite_member_contact, request.user, invitation.cluster_id)
    try:
        invitation_revoke(actor=acting(request.user), invitation=invitation)
        messages.success(request, _("The invitation was withdrawn."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(invitation.person.get_absolute_url())


@login_required
def person_export(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(person_id)
    require(can_manage_personal_data, request.user, person)
    data = person_export_data(actor=acting(request.user), person=person)
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="klynge-person-{person.pk}.json"'
    return response


@login_required
def person_anonymise_confirm(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(person_id)
    require(can_manage_personal_data, request.user, person)
    if person.anonymised_at is not None:
        messages.info(request, _("This person has already been anonymised."))
        return redirect(person.get_absolute_url())
    form = AnonymiseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person_anonymise(actor=acting(request.user), person=person)
        messages.success(request, _("The person was anonymised."))
        return redirect(person.get_absolute_url())
    return render(request, "members/person_anonymise.html", {"form": form, "person": person})


urlpatterns: list[URLPattern] = [
    path("people/<int:person_id>/", person_detail, name="person"),
    path("people/<int:person_id>/edit/", person_edit, name="person_edit"),
    path("organisations/<int:org_id>/people/new/", person_new, name="person_create"),
    path("people/<int:person_id>/invite/", person_invite, name="person_invite"),
    path(
        "people/<int:person_id>/invitations/<int:invitation_id>/revoke/",
        person_invitation_revoke,
        name="person_invitation_revoke",
    ),
    path("people/<int:person_id>/export.json", person_export, name="person_export"),
    path("people/<int:person_id>/anonymise/", person_anonymise_confirm, name="person_anonymise"),
]
