from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "klynge.matchmaking"
    label = "matchmaking"
    verbose_name = _("B2B matchmaking")

    def ready(self) -> None:
        from .home import register_home
        from .sections import register_sections

        register_sections()
        register_home()
