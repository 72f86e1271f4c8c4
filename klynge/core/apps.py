from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "klynge.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .sqlite_text import install

        connection_created.connect(install, dispatch_uid="klynge-sqlite-unicode-like")
