from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "klynge.insight"
    label = "insight"
    verbose_name = _("Strategy and insight")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from klynge.core import navigation
        from klynge.notifications import kinds

        from .notices import KINDS
        from .permissions import (
            can_view_dashboard,
            can_view_engagement,
            can_view_network,
            can_view_surveys,
        )
        from .sections import register_sections

        kinds.register(*KINDS)
        register_sections()
        navigation.add(
            "cluster", "surveys", _("Surveys"), "insight:surveys", can_view_surveys, order=60
        )
        navigation.add(
            "cluster",
            "engagement",
            _("Engagement"),
            "insight:engagement",
            can_view_engagement,
            order=62,
        )
        navigation.add(
            "cluster",
            "network",
            _("Network"),
            "insight:network",
            can_view_network,
            order=64,
        )
        navigation.add(
            "cluster",
            "dashboard",
            _("Dashboard"),
            "insight:dashboard",
            can_view_dashboard,
            order=58,
        )
