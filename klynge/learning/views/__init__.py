"""Course pages; each module ends with its own `urlpatterns`."""
