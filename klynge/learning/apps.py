from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "klynge.learning"
    label = "learning"
    verbose_name = _("Continuing and further education")

    def ready(self) -> None:
        from klynge.notifications import kinds

        from .notices import KINDS
        from .sections import register_sections

        kinds.register(*KINDS)

        register_sections()
