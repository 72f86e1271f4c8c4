from __future__ import annotations

from .types import Schema


class TopicOut(Schema):
    slug: str
    name_en: str
    name_nb: str


class ClusterOut(Schema):
    slug: str
    name: str
    short_name: str
    description_en: str
    description_nb: str
    operator_name: str
    city: str
    region: str
    country: str
    founded: int | None
    website: str
    focus_topics: list[TopicOut]
