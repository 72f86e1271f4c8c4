from django.contrib import admin

from .models import CertificationLabel, ClusterStatus, Criterion, Framework, Level


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_nb", "rank", "introduced_on", "retired_on"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "code", "name_en", "max_points", "threshold", "required", "indicator"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "use", "pass_percent", "grants_level", "is_active"]
    inlines = [CriterionInline]


@admin.register(ClusterStatus)
class ClusterStatusAdmin(admin.ModelAdmin):
    list_display = ["cluster", "level", "starts_on", "ends_on", "decision_reference"]
    list_filter = ["level"]


@admin.register(CertificationLabel)
class CertificationLabelAdmin(admin.ModelAdmin):
    list_display = ["cluster", "grade", "awarded_on", "valid_until", "score_percent"]
    list_filter = ["grade"]
