from __future__ import annotations

from datetime import datetime

from ninja import Schema


class KindSettingOut(Schema):
    key: str
    label: str
    transactional: bool
    enabled: bool


class NotificationSettingsOut(Schema):
    email: str
    kinds: list[KindSettingOut]


class NotificationSettingsIn(Schema):
    enabled: list[str]


class DeliveryOut(Schema):
    id: int
    kind: str
    to_email: str
    subject: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
