"""Member registry URLs. Each area keeps its routes beside its views, in views/<area>.py."""

from __future__ import annotations

from .views import composition, contacts, directory, imports, organisations, people, person_move

app_name = "members"

urlpatterns = [
    *directory.urlpatterns,
    *organisations.urlpatterns,
    *people.urlpatterns,
    *person_move.urlpatterns,
    *contacts.urlpatterns,
    *composition.urlpatterns,
    *imports.urlpatterns,
]
