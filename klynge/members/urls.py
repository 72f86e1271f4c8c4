"""Member registry URLs. Each area keeps its routes beside its views, in views/<area>.py."""

from __future__ import annotations

from .views import composition, contacts, directory, imports, organisations, people

app_name = "members"

urlpatterns = [
    *directory.urlpatterns,
    *organisations.urlpatterns,
    *people.urlpatterns,
    *contacts.urlpatterns,
    *composition.urlpatterns,
    *imports.urlpatterns,
]
