"""Demo news and newsletters: the mature-cluster announcement, sent issues with statistics."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from klynge.communication.models import Newsletter, Post
from klynge.communication.selectors.newsletters import newsletter_stats
from klynge.demo import clusters as demo_clusters
from klynge.demo import communication as demo_communication
from klynge.demo import members as demo_members
from klynge.notifications.models import Delivery

pytestmark = pytest.mark.django_db


def test_demo_news_and_newsletters() -> None:
    demo_clusters.load()
    demo_members.load()
    demo_communication.load()
    first = (Post.objects.count(), Newsletter.objects.count(), Delivery.objects.count())
    demo_communication.load()
    assert (Post.objects.count(), Newsletter.objects.count(), Delivery.objects.count()) == first

    mature = Post.objects.get(title_en="NCE Smart Energy Markets is now a mature cluster")
    assert mature.publish_at.date() == datetime.date(2020, 11, 20) and mature.pinned
    assert mature.visibility == "public" and "gold" in mature.body_en
    sent = [
        n for n in Newsletter.objects.filter(status="queued") if newsletter_stats(n).state == "sent"
    ]
    assert len(sent) >= 3
    for newsletter in sent:
        stats = newsletter_stats(newsletter)
        assert stats.sent > 0 and stats.clicks > 0 and stats.unsubscribed == 1
    news = Client().get("/clusters/nce-smart-energy-markets/news/")
    assert "mature cluster" in news.content.decode()
    archive = Client().get("/clusters/nce-smart-energy-markets/newsletter/")
    assert archive.status_code == 200 and b"Mature cluster: what it means" in archive.content
