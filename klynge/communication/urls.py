from django.urls import path

from . import feeds
from .views import news, newsletters, public

app_name = "communication"

C = "clusters/<slug:slug>"

urlpatterns = [
    path(f"{C}/news/", news.news, name="news"),
    path(f"{C}/news/feed.atom", feeds.ClusterNewsFeed(), name="news_feed"),
    path(f"{C}/news/manage/", news.news_manage, name="news_manage"),
    path(f"{C}/news/new/", news.post_create, name="post_create"),
    path(f"{C}/news/<int:pk>/", news.post_detail, name="post"),
    path(f"{C}/news/<int:pk>/edit/", news.post_edit, name="post_edit"),
    path(f"{C}/news/<int:pk>/publish/", news.post_publish, name="post_publish"),
    path(f"{C}/news/<int:pk>/delete/", news.post_delete, name="post_delete"),
    path(f"{C}/newsletters/", newsletters.newsletter_list, name="newsletters"),
    path(f"{C}/newsletters/new/", newsletters.newsletter_create, name="newsletter_create"),
    path(f"{C}/newsletters/subscribers/", newsletters.subscribers, name="subscribers"),
    path(f"{C}/newsletters/<int:pk>/", newsletters.newsletter_detail, name="newsletter"),
    path(f"{C}/newsletters/<int:pk>/edit/", newsletters.newsletter_edit, name="newsletter_edit"),
    path(
        f"{C}/newsletters/<int:pk>/preview/",
        newsletters.newsletter_preview,
        name="newsletter_preview",
    ),
    path(f"{C}/newsletters/<int:pk>/test/", newsletters.newsletter_test, name="newsletter_test"),
    path(
        f"{C}/newsletters/<int:pk>/schedule/",
        newsletters.newsletter_schedule,
        name="newsletter_schedule",
    ),
    path(
        f"{C}/newsletters/<int:pk>/cancel/", newsletters.newsletter_cancel, name="newsletter_cancel"
    ),
    path(f"{C}/newsletter/", public.archive, name="archive"),
    path(f"{C}/newsletter/<int:pk>/", public.archive_item, name="archive_item"),
    path(f"{C}/newsletter/subscribe/", public.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", public.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("newsletter/preferences/<str:token>/", public.preferences, name="preferences"),
    path("newsletter/c/<str:token>/", public.click, name="click"),
]
