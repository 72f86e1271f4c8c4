"""Project URLs. Each area keeps its routes beside its views, in views/<area>.py."""

from __future__ import annotations

from .views import ideas, kpis, outcomes, parts, portfolio, project

app_name = "projects"

urlpatterns = [
    *portfolio.urlpatterns,
    *kpis.urlpatterns,
    *project.urlpatterns,
    *parts.urlpatterns,
    *outcomes.urlpatterns,
    *ideas.urlpatterns,
]
