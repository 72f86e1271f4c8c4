from .newsletters import (
    Newsletter,
    NewsletterEvent,
    NewsletterItem,
    NewsletterSettings,
    Subscriber,
)
from .posts import Post, in_language

__all__ = [
    "Newsletter",
    "NewsletterEvent",
    "NewsletterItem",
    "NewsletterSettings",
    "Post",
    "Subscriber",
    "in_language",
]
