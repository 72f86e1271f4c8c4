"""Admin views for superusers, read-only: every change to projects goes through the audited services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import FundingSource, Idea, IdeaInterest, Milestone, Outcome, Project, ProjectPartner


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PartnerInline(ReadOnly, admin.TabularInline):
    model = ProjectPartner
    extra = 0
    raw_id_fields = ["organisation", "contact"]


class FundingSourceInline(ReadOnly, admin.TabularInline):
    model = FundingSource
    extra = 0


@admin.register(Project)
class ProjectAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "kind", "status", "lead_cluster", "start_date", "end_date"]
    list_filter = ["kind", "status", "lead_cluster"]
    search_fields = ["title", "acronym", "funder_reference"]
    filter_horizontal = ["topics", "clusters"]
    inlines = [PartnerInline, FundingSourceInline]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["project", "kind", "date", "quantity"]
    list_filter = ["kind"]
    raw_id_fields = ["project", "organisations"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["project", "title", "due_date", "status"]
    raw_id_fields = ["project"]


class InterestInline(ReadOnly, admin.TabularInline):
    model = IdeaInterest
    extra = 0
    raw_id_fields = ["organisation", "user"]


@admin.register(Idea)
class IdeaAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "cluster", "organisation", "status", "created_at"]
    list_filter = ["status", "cluster"]
    search_fields = ["title"]
    raw_id_fields = ["organisation", "posted_by"]
    inlines = [InterestInline]
