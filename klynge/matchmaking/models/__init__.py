"""B2B matchmaking: sessions on events, participant profiles, requests, meetings and bookings."""

from .meetings import Booking, Meeting, MeetingRequest, Precedence
from .participants import Participant
from .sessions import MatchmakingSession

__all__ = [
    "Booking",
    "MatchmakingSession",
    "Meeting",
    "MeetingRequest",
    "Participant",
    "Precedence",
]
