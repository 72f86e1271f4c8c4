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
