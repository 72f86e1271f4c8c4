from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "klynge.programme"
    label = "programme"
    verbose_name = _("Cluster programme")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from klynge.core.audit_visibility import AuditRule, register_audit_rule
        from klynge.core.extensions import register_badges

        from .badges import cluster_level_badges
        from .permissions import can_view_evaluators

        register_badges("cluster_badges", "programme-level", cluster_level_badges, order=10)
        register_audit_rule(
            AuditRule(
                key="programme-evaluators",
                prefixes=(
                    "klynge.programme.assignment.",
                    "klynge.programme.conflict.",
                    "klynge.programme.review.",
                ),
                visible=lambda user, entry: can_view_evaluators(user),
                hidden_actor=_("An evaluator"),
                hidden_target=_("A review of an application"),
            )
        )
