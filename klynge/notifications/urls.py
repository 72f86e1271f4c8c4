from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("settings/", views.notification_settings, name="settings"),
    path("deliveries/", views.delivery_log, name="deliveries"),
]
