from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "klynge.clusters"
    label = "clusters"
    verbose_name = _("Clusters")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from klynge.core import navigation, user_scopes
        from klynge.core.permissions import everyone

        from .permissions import can_view_cluster
        from .roles import remember_roles_scope, roles_scope_expression

        user_scopes.register("cluster_roles", roles_scope_expression, remember_roles_scope)
        navigation.add("main", "clusters", _("Clusters"), "clusters:list", everyone, order=10)
        navigation.add(
            "cluster", "cluster", _("Cluster page"), "clusters:detail", can_view_cluster, order=0
        )
