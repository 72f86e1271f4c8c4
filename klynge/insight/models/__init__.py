from .engagement import EngagementSettings
from .network import NetworkSettings
from .responses import Answer, Invitation, Response
from .surveys import Question, Section, Survey, pick_language

__all__ = [
    "Answer",
    "EngagementSettings",
    "Invitation",
    "NetworkSettings",
    "Question",
    "Response",
    "Section",
    "Survey",
    "pick_language",
]
