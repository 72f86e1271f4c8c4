from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "klynge.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from klynge.core import navigation

        from .permissions import can_open_admin, can_view_own_profile

        navigation.add(
            "account", "profile", _("Profile"), "accounts:profile", can_view_own_profile, order=10
        )
        navigation.add("account", "admin", _("Admin"), "admin:index", can_open_admin, order=90)
