"""Writes for events: one module per area (events, registrations, attendance, feedback)."""
