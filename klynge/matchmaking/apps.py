from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "klynge.matchmaking"
    label = "matchmaking"
    verbose_name = _("B2B matchmaking")

    def ready(self) -> None:
        from klynge.notifications import kinds

        from . import personal_data

        personal_data.register()
        from klynge.members import guests

        from .home import register_home
        from .selectors.sessions import cluster_ids_with_b2b_profile

        guests.register("matchmaking", cluster_ids_with_b2b_profile)
        from .notices import KINDS
        from .sections import register_sections

        kinds.register(*KINDS)

        register_sections()
        register_home()
