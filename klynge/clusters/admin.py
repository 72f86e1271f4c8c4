from django.contrib import admin

from .models import Cluster, ClusterRole, Topic


class ClusterRoleInline(admin.TabularInline):
    model = ClusterRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "region", "country", "founded", "is_active"]
    list_filter = ["country", "region", "is_active"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["focus_topics"]
    inlines = [ClusterRoleInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_nb"]
    search_fields = ["slug", "name_en", "name_nb"]
