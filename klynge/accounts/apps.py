from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "klynge.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_session_active

        user_logged_in.connect(mark_session_active, dispatch_uid="klynge-session-idle-clock")
        from klynge.core import navigation
        from klynge.notifications import kinds

        from .forms import KINDS
        from .permissions import can_open_admin, can_view_own_profile

        kinds.register(*KINDS)

        navigation.add(
            "account", "profile", _("Profile"), "accounts:profile", can_view_own_profile, order=10
        )
        navigation.add("account", "admin", _("Admin"), "admin:index", can_open_admin, order=90)
