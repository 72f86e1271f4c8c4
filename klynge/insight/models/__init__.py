from .engagement import EngagementSettings
from .responses import Answer, Invitation, Response
from .surveys import Question, Section, Survey, pick_language

__all__ = [
    "Answer",
    "EngagementSettings",
    "Invitation",
    "Question",
    "Response",
    "Section",
    "Survey",
    "pick_language",
]
