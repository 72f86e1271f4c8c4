from django.contrib import admin

from .models import Course, CourseSession, Enrolment


class SessionInline(admin.TabularInline):
    model = CourseSession
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "cluster", "kind", "status", "capacity"]
    list_filter = ["kind", "status", "cluster"]
    search_fields = ["title"]
    inlines = [SessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["person", "course", "status", "completed_on", "credits_earned"]
    list_filter = ["status"]
    search_fields = ["person__full_name", "course__title", "certificate_code"]
    raw_id_fields = ["person", "organisation", "course"]
