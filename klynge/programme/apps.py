from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "klynge.programme"
    label = "programme"
    verbose_name = _("Cluster programme")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from klynge.core import navigation, user_scopes
        from klynge.core.audit_visibility import AuditRule, register_audit_rule

        from .permissions import evaluator_scope_expression, remember_evaluator_scope

        user_scopes.register("evaluator", evaluator_scope_expression, remember_evaluator_scope)
        from klynge.core.extensions import register_badges
        from klynge.core.permissions import everyone
        from klynge.notifications import kinds

        from .badges import cluster_level_badges
        from .home import register_home
        from .notices import KINDS
        from .permissions import (
            can_open_programme,
            can_view_evaluators,
            can_view_own_reviews,
            can_view_programme_record,
        )

        kinds.register(*KINDS)

        navigation.add("main", "calls", _("Calls"), "programme:calls", everyone, order=40)
        navigation.add(
            "main", "programme", _("Programme"), "programme:home", can_open_programme, order=60
        )
        navigation.add(
            "main",
            "reviews",
            _("My reviews"),
            "programme:my_reviews",
            can_view_own_reviews,
            order=70,
        )
        navigation.add(
            "cluster",
            "programme",
            _("Programme"),
            "programme:cluster",
            can_view_programme_record,
            order=70,
        )

        register_badges("cluster_badges", "programme-level", cluster_level_badges, order=10)
        register_home()
        from klynge.core.extensions import register_figures

        from .report_definition import NAME, definition

        register_figures(NAME, definition())
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
