"""B2B matchmaking API: sessions, profiles, suggestions, requests, meetings, schedule, agendas."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["matchmaking"])
