from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "klynge.programme"
    label = "programme"
    verbose_name = _("Cluster programme")

    def ready(self) -> None:
        from klynge.core.extensions import register_badges
        from klynge.notifications import kinds

        from .badges import cluster_level_badges
        from .notices import KINDS

        kinds.register(*KINDS)

        register_badges("cluster_badges", "programme-level", cluster_level_badges, order=10)
