from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from klynge.core.permissions import acting

from .models import Invitation, Membership, Organisation, Person
from .services.people import person_move


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "country", "kind", "employees", "size_class", "county"]
    list_filter = ["kind", "size_class", "country"]
    search_fields = ["name", "org_number"]
    inlines = [MembershipInline]
    filter_horizontal = ["topics"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "organisation", "user", "anonymised_at"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["organisation", "user"]

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        """A new organisation goes through the one move (person_move): the date at the
        organisation restarts and the move is audited, as on the site and in the API."""
        target = obj.organisation
        if not (change and "organisation" in form.changed_data and target is not None):
            super().save_model(request, obj, form, change)
            return
        obj.organisation_id = form.initial.get("organisation")
        super().save_model(request, obj, form, change)
        moved = person_move(actor=acting(request.user), person=obj, organisation=target)
        obj.organisation, obj.organisation_since = moved.organisation, moved.organisation_since


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "cluster", "category", "joined_on", "left_on"]
    list_filter = ["cluster", "category"]
    raw_id_fields = ["organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "cluster", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = ["token_hash"]
