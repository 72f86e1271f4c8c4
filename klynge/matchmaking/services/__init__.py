"""Writes of the matchmaking app, one module per area (sessions, participants, requests, meetings,
scheduling). Every change to bookings runs under the session's row lock (`booking.lock_session`)."""
