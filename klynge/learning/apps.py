from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "klynge.learning"
    label = "learning"
    verbose_name = _("Continuing and further education")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from klynge.core import search

        from .search import find_courses

        search.register("courses", _("Courses"), find_courses, order=50)
        from klynge.core import navigation
        from klynge.members import guests

        from .selectors.enrolments import cluster_ids_enrolled_by

        guests.register("learning", cluster_ids_enrolled_by)
        from klynge.core.permissions import everyone
        from klynge.notifications import kinds

        from .notices import KINDS
        from .permissions import can_view_competence_kpis
        from .sections import register_sections

        kinds.register(*KINDS)

        register_sections()
        from .home import register_home

        register_home()
        navigation.add("main", "courses", _("Courses"), "learning:list", everyone, order=30)
        navigation.add(
            "cluster",
            "competence",
            _("Competence"),
            "learning:kpis",
            can_view_competence_kpis,
            order=60,
        )
