"""Pure-Python B2B meeting scheduling (no Django).

Public API::

    solve(problem, engine="auto", time_limit=None, on_progress=None) -> Schedule
    validate(problem, schedule) -> list[str]
    greedy(problem) -> Schedule
    read_dzn(path) -> Problem
"""

from .dzn import read_dzn
from .greedy import greedy
from .model import (
    Assignment,
    FixedMeeting,
    Meeting,
    MeetingId,
    ParticipantId,
    Problem,
    Schedule,
    Session,
    SessionRestriction,
    Slot,
    SolveStats,
)
from .solve import solve
from .validate import validate

__all__ = [
    "Assignment",
    "FixedMeeting",
    "Meeting",
    "MeetingId",
    "ParticipantId",
    "Problem",
    "Schedule",
    "Session",
    "SessionRestriction",
    "Slot",
    "SolveStats",
    "greedy",
    "read_dzn",
    "solve",
    "validate",
]
