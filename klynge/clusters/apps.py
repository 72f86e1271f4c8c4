from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "klynge.clusters"
    label = "clusters"
    verbose_name = _("Clusters")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from klynge.core import navigation
        from klynge.core.permissions import everyone

        from .permissions import can_view_cluster

        navigation.add("main", "clusters", _("Clusters"), "clusters:list", everyone, order=10)
        navigation.add(
            "cluster", "cluster", _("Cluster page"), "clusters:detail", can_view_cluster, order=0
        )
