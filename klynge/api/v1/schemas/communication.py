from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class PostOut(Schema):
    id: int
    cluster: str = Field(..., alias="cluster.slug")
    title_nb: str
    title_en: str
    summary_nb: str
    summary_en: str
    body_nb: str
    body_en: str
    visibility: str
    publish_at: datetime | None
    pinned: bool
    url: str = Field(..., alias="get_absolute_url")


class PostCreateIn(Schema):
    title_nb: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    summary_nb: str = Field("", max_length=600)
    summary_en: str = Field("", max_length=600)
    body_nb: str = ""
    body_en: str = ""
    visibility: Literal["public", "members"] = "public"
    pinned: bool = False
    publish_at: datetime | None = None


class PostPatchIn(Schema):
    title_nb: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    summary_nb: str | None = Field(None, max_length=600)
    summary_en: str | None = Field(None, max_length=600)
    body_nb: str | None = None
    body_en: str | None = None
    visibility: Literal["public", "members"] | None = None
    pinned: bool | None = None
    publish_at: datetime | None = None


class AudienceIn(Schema):
    members: bool = True
    member_kinds: list[str] = []
    topics: list[str] = []
    counties: list[str] = []
    events: list[int] = []
    courses: list[int] = []
    subscribers: bool = True


class NewsletterIn(Schema):
    subject_nb: str = Field("", max_length=200)
    subject_en: str = Field("", max_length=200)
    intro_nb: str = ""
    intro_en: str = ""
    posts: list[int] = []
    audience: AudienceIn = AudienceIn()


class NewsletterScheduleIn(Schema):
    send_at: datetime | None = None


class NewsletterStatsOut(Schema):
    state: str
    recipients: int
    queued: int
    sent: int
    failed: int
    skipped: int
    unsubscribed: int
    clicks: int
    unique_clicks: int


class NewsletterOut(Schema):
    id: int
    cluster: str = Field(..., alias="cluster.slug")
    subject_nb: str
    subject_en: str
    intro_nb: str
    intro_en: str
    audience: dict
    status: str
    send_at: datetime | None
    recipients: int


class SubscriberOut(Schema):
    id: int
    email: str
    name: str
    language: str
    status: str
    confirmed_at: datetime | None
    unsubscribed_at: datetime | None


class SubscribeIn(Schema):
    email: str = Field(..., max_length=254)
    name: str = Field("", max_length=150)
    language: Literal["nb", "en"] = "nb"
