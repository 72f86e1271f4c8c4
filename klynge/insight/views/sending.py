"""Audience (with the count before sending), sending invitations, reminder dates, response rate."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.errors import DomainError
from klynge.core.permissions import acting
from klynge.core.spreadsheets import check_size, read_table
from klynge.events.selectors import event_list_visible
from klynge.learning.selectors.courses import course_list_visible

from ..forms.audience import AudienceForm, ReminderForm
from ..models import Survey
from ..permissions import can_send_survey, can_view_survey
from ..selectors.audience import audience_count, audience_recipients
from ..selectors.responses import response_rate
from ..services.invitations import (
    audience_set,
    entries_from_table,
    invitations_send,
    reminder_dates_set,
)
from .common import survey_or_404


def _audience_form(request: HttpRequest, survey: Survey) -> AudienceForm:
    events = list(event_list_visible(user=request.user, period="all", cluster=survey.cluster)[:200])
    courses = list(
        course_list_visible(user=request.user, cluster=survey.cluster, period="all")[:200]
    )
    audience = survey.audience or {}
    return AudienceForm(
        request.POST or None,
        request.FILES or None,
        events=events,
        courses=courses,
        initial={
            "kind": audience.get("kind", "members"),
            "events": audience.get("event_ids", []),
            "courses": audience.get("course_ids", []),
        },
    )


@login_required
def audience(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_send_survey)
    form = _audience_form(request, survey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entries = None
            upload = data.get("file")
            if data["kind"] == "upload" and upload is not None:
                check_size(upload.size)
                table = read_table(upload.read(), upload.name)
                entries = entries_from_table(table.header, table.rows)
            elif data["kind"] == "upload":
                entries = (survey.audience or {}).get("entries")
            audience_set(
                actor=acting(request.user),
                survey=survey,
                kind=data["kind"],
                event_ids=data["events"],
                course_ids=data["courses"],
                entries=entries,
            )
            messages.success(request, _("The audience was saved. Check the count before sending."))
            return redirect("insight:audience", pk=survey.pk)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    recipients = audience_recipients(survey=survey) if survey.audience else []
    count = audience_count(survey=survey, recipients=recipients) if survey.audience else None
    reminders = ReminderForm(
        initial=dict(
            zip(
                ("first", "second", "third"),
                [date.fromisoformat(d) for d in survey.reminder_dates or []],
                strict=False,
            )
        )
    )
    return render(
        request,
        "insight/audience.html",
        {
            "survey": survey,
            "cluster": survey.cluster,
            "form": form,
            "count": count,
            "sample": recipients[:10],
            "reminders": reminders,
        },
    )


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_send_survey)
    try:
        sent = invitations_send(actor=acting(request.user), survey=survey)
        messages.success(
            request,
            _("%(n)s invitations are on their way.") % {"n": sent},
        )
        return redirect("insight:response_rate", pk=survey.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("insight:audience", pk=survey.pk)


@login_required
@require_POST
def reminders(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_send_survey)
    form = ReminderForm(request.POST)
    if form.is_valid():
        try:
            reminder_dates_set(actor=acting(request.user), survey=survey, dates=form.dates())
            messages.success(request, _("The reminder dates were saved."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Enter valid dates."))
    return redirect("insight:audience", pk=survey.pk)


@login_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_view_survey)
    return render(
        request,
        "insight/response_rate.html",
        {
            "survey": survey,
            "cluster": survey.cluster,
            "rate": response_rate(survey=survey),
            "can_send": can_send_survey(request.user, survey),
        },
    )


urlpatterns = [
    path("surveys/<int:pk>/audience/", audience, name="audience"),
    path("surveys/<int:pk>/send/", send, name="send"),
    path("surveys/<int:pk>/reminders/", reminders, name="reminders"),
    path("surveys/<int:pk>/responses/", rate, name="response_rate"),
]
