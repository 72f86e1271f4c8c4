from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "klynge.clusters"
    label = "clusters"
    verbose_name = _("Clusters")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
