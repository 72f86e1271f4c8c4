from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from klynge.api.v1.api import api
from klynge.clusters import views as cluster_views
from klynge.core.health import health
from klynge.core.search import search_page

urlpatterns = [
    path("", cluster_views.home, name="home"),
    path("health/", health, name="health"),
    path("search/", search_page, name="search"),
    path("accounts/", include("klynge.accounts.urls")),
    path("notifications/", include("klynge.notifications.urls")),
    path("", include("klynge.communication.urls")),
    path("clusters/", include("klynge.clusters.urls")),
    path("", include("klynge.members.urls")),
    path("", include("klynge.events.urls")),
    path("", include("klynge.matchmaking.urls")),
    path("", include("klynge.projects.urls")),
    path("", include("klynge.learning.urls")),
    path("", include("klynge.insight.urls")),
    path("programme/", include("klynge.programme.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "klynge.core.errors.bad_request"
handler403 = "klynge.core.errors.permission_denied"
handler404 = "klynge.core.errors.page_not_found"
handler500 = "klynge.core.errors.server_error"
