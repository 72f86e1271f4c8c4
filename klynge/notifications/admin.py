from django.contrib import admin

from .models import Delivery, MutedKind


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "to_email", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to_email", "subject", "key")
    readonly_fields = [field.name for field in Delivery._meta.fields]


@admin.register(MutedKind)
class MutedKindAdmin(admin.ModelAdmin):
    list_display = ("email", "kind", "created_at")
    search_fields = ("email",)
