"""Public event pages: list, detail with registration, personal manage link, calendars, feedback."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.models import Cluster
from klynge.clusters.selectors import topic_list
from klynge.core.errors import DomainError
from klynge.core.extensions import render_sections, sections
from klynge.core.pagination import paginate
from klynge.core.permissions import require
from klynge.core.ratelimit import rate_limited
from klynge.registrations.forms import CapacityForm
from klynge.registrations.selectors import person_of
from klynge.registrations.services import Guest

from .. import permissions as perms
from .. import selectors
from ..calendars import event_ics, feed_ics
from ..forms import EventFilterForm, FeedbackForm, RegistrationForm
from ..models import CalendarFeed, Event, Registration
from ..services.feedback import feedback_submit
from ..services.registrations import registration_cancel, registration_create
from .helpers import visible_event_or_404


def _day_start(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None, topics=topic_list())
    filters: dict[str, Any] = {"period": "upcoming"}
    if form.is_valid():
        data = form.cleaned_data
        end = data["end"] + datetime.timedelta(days=1) if data["end"] else None
        filters = {
            "period": data["period"] or "upcoming",
            "kind": data["kind"],
            "topic": data["topic"],
            "status": data["status"],
            "search": data["q"],
            "start": _day_start(data["start"]),
            "end": _day_start(end),
        }
    cluster = None
    if request.GET.get("cluster"):
        cluster = get_object_or_404(Cluster, slug=request.GET["cluster"])
    events = selectors.event_list_visible(user=request.user, cluster=cluster, **filters)
    page = paginate(request, events)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page": page,
            "period": filters["period"],
            "cluster": cluster,
            "total": page.paginator.count,
        },
    )


def _registration_form(request: HttpRequest, event: Event, person: Any) -> RegistrationForm:
    questions = list(event.questions.all())
    initial = {}
    if person is None and request.user.is_authenticated:
        initial = {"full_name": request.user.full_name, "email": request.user.email}
    data = request.POST if request.method == "POST" else None
    return RegistrationForm(data, questions=questions, guest=person is None, initial=initial)


def event_detail(
    request: HttpRequest, pk: int, form: RegistrationForm | None = None
) -> HttpResponse:
    event = visible_event_or_404(request, pk)
    user = request.user
    person = person_of(user)
    mine = selectors.registration_for_user(event=event, user=user)
    can_register = (
        perms.can_register_for_event(user, event) and event.registration_state() == "open"
    )
    colleagues = perms.can_register_colleagues(user, event)
    context = {
        "event": event,
        "counts": selectors.event_counts(event=event),
        "mine": mine,
        "person": person,
        "can_register": can_register and mine is None,
        "form": form or (_registration_form(request, event, person) if can_register else None),
        "can_register_colleagues": colleagues,
        "org_registrations": (
            selectors.registration_list_for_organisation(
                event=event, organisation_id=person.organisation_id
            )
            if colleagues and person and person.organisation_id
            else None
        ),
        "can_manage": perms.can_manage_event(user, event),
        "can_view_participants": perms.can_view_participants(user, event),
        "can_cancel_event": perms.can_cancel_event(user, event),
        "capacity_form": CapacityForm(initial={"capacity": event.capacity}),
        "feedback": (
            selectors.feedback_summary(event=event)
            if event.starts_at < timezone.now() and perms.can_view_feedback_summary(user, event)
            else None
        ),
        "sections": render_sections("event_sections", request, event),
    }
    return render(request, "events/event_detail.html", context)


@require_POST
@rate_limited("registration", address_field="email")
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = visible_event_or_404(request, pk)
    require(perms.can_register_for_event, request.user, event)
    person = person_of(request.user)
    form = _registration_form(request, event, person)
    if form.is_valid():
        try:
            guest = None
            if person is None:
                data = form.cleaned_data
                guest = Guest(
                    full_name=data["full_name"],
                    email=data["email"],
                    organisation_name=data["organisation_name"],
                    language=translation.get_language() or "",
                )
            registration = registration_create(
                actor=request.user,
                event=event,
                person=person,
                guest=guest,
                answers=form.answers(),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(
                    request, _("You are registered. A confirmation is on its way by email.")
                )
            else:
                messages.info(
                    request,
                    _("The event is full: you are number %(position)s on the waiting list.")
                    % {"position": registration.waitlist_position},
                )
            return redirect(registration.get_manage_url())
    return event_detail(request, pk, form=form)


def event_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    event = visible_event_or_404(request, pk)
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def _registration_by_token(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "event__cluster", "person", "organisation"),
        token=token,
    )


@rate_limited("public_form")
def manage_registration(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link from the mails: see the status, cancel (no login needed)."""
    registration = _registration_by_token(token)
    if request.method == "POST":
        try:
            registration_cancel(actor=request.user, registration=registration)
            messages.success(request, _("Your registration is cancelled."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect(registration.get_manage_url())
    return render(
        request,
        "events/manage_registration.html",
        {"registration": registration, "event": registration.event},
    )


@rate_limited("public_form")
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_by_token(token)
    if registration.status != Registration.Status.ATTENDED:
        raise Http404(_("Only people who attended can give feedback."))
    given = hasattr(registration, "feedback")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and not given and form.is_valid():
        try:
            feedback_submit(
                registration=registration,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Thank you for your feedback!"))
            return redirect("events:feedback", token=token)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(
        request,
        "events/feedback.html",
        {"registration": registration, "event": registration.event, "form": form, "given": given},
    )


def cluster_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """A public iCal feed: the cluster's public events from 90 days back."""
    cluster = get_object_or_404(Cluster, slug=slug, is_active=True)
    since = timezone.now() - datetime.timedelta(days=90)
    events = selectors.event_list_visible(
        user=AnonymousUser(), period="all", cluster=cluster
    ).filter(ends_at__gte=since, audience=Event.Audience.PUBLIC)
    response = HttpResponse(
        feed_ics(cluster.name, events), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{cluster.slug}.ics"'
    return response


def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed.objects.select_related("person"), token=token)
    events = [r.event for r in selectors.registration_list_for_person(person=feed.person)]
    extra = [
        component
        for section in sections("personal_calendar", None, feed.person)
        for component in section["context"].get("components", [])
    ]
    body = feed_ics(_("My events"), events, extra)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    feed = None
    registrations: Any = []
    if person is not None:
        feed, _created = CalendarFeed.objects.get_or_create(person=person)
        registrations = selectors.registration_list_for_person(person=person)
    return render(
        request,
        "events/my_events.html",
        {"person": person, "feed": feed, "registrations": registrations},
    )


urlpatterns = [
    path("events/", event_list, name="list"),
    path("events/mine/", my_events, name="mine"),
    path("events/<int:pk>/", event_detail, name="detail"),
    path("events/<int:pk>/register/", event_register, name="register"),
    path("events/<int:pk>/event.ics", event_calendar, name="ics"),
    path("events/r/<str:token>/", manage_registration, name="manage_registration"),
    path("events/r/<str:token>/feedback/", feedback, name="feedback"),
    path("events/feeds/clusters/<slug:slug>.ics", cluster_feed, name="cluster_feed"),
    path("events/feeds/people/<str:token>.ics", personal_feed, name="personal_feed"),
]
