from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "klynge.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from klynge.core import navigation

        from . import personal_data

        personal_data.register()

        from .permissions import can_edit_notification_settings, can_view_all_deliveries

        navigation.add(
            "account",
            "notifications",
            _("Mail settings"),
            "notifications:settings",
            can_edit_notification_settings,
            order=20,
        )
        navigation.add(
            "account",
            "deliveries",
            _("Mail log"),
            "notifications:deliveries",
            can_view_all_deliveries,
            order=80,
        )
