from django.contrib import admin

from .models import Invitation, Membership, Organisation, Person


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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "cluster", "category", "joined_on", "left_on"]
    list_filter = ["cluster", "category"]
    raw_id_fields = ["organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "cluster", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = ["token_hash"]
