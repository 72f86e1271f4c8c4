from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "klynge.insight"
    label = "insight"
    verbose_name = _("Strategy and insight")

    def ready(self) -> None:
        from klynge.core import navigation

        from .permissions import can_view_surveys
        from .sections import register_sections

        register_sections()
        navigation.add(
            "cluster", "surveys", _("Surveys"), "insight:surveys", can_view_surveys, order=60
        )
