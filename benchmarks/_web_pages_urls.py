"""The project's URLs plus the benchmark's base page: base.html rendered empty for a logged-in user.

Its time is the fixed cost of any page (middleware, session, user, context processors, layout), the
part of a page's time that no query or template of the page itself can remove.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


@login_required
def base_page(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


urlpatterns = [*project_urlpatterns, path("__bench__/base/", base_page)]
