from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "klynge.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import pre_save

        from .dates import bound_model_date_fields, guard_dates_before_save
        from .sqlite_text import install

        connection_created.connect(install, dispatch_uid="klynge-sqlite-unicode-like")
        bound_model_date_fields(apps.get_models())
        pre_save.connect(guard_dates_before_save, dispatch_uid="klynge-date-range")
