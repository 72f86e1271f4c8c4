from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "klynge.learning"
    label = "learning"
    verbose_name = _("Continuing and further education")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from .sections import register_sections

        register_sections()
