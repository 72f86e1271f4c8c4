"""Matchmaking pages, one module per area; each defines its own `urlpatterns`."""
