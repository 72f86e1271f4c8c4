from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "klynge.communication"
    label = "communication"
    verbose_name = _("News and newsletters")

    def ready(self) -> None:
        from klynge.notifications import kinds
        from klynge.notifications.sending import register_renderer

        from . import personal_data
        from .letters import KIND, KINDS, render_delivery
        from .sections import register_sections

        personal_data.register()
        kinds.register(*KINDS)
        register_renderer(KIND, render_delivery)
        register_sections()
        from . import figures

        figures.register()
