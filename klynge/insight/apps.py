from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "klynge.insight"
    label = "insight"
    verbose_name = _("Strategy and insight")

    def ready(self) -> None:
        from .sections import register_sections

        register_sections()
