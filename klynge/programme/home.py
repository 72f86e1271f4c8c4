"""The programme's widgets on the home page ("what needs me now"), one per role."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.accounts.typing import Viewer
from klynge.clusters.permissions import can_see_team_duties
from klynge.core.extensions import HomeScope, Section, register

from .permissions import can_manage_application, can_view_own_reviews, can_view_programme_record


def _team_duties(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors.home import cluster_duties

    cluster = scope.cluster
    duties = cluster_duties(cluster=cluster)
    items = []
    if duties.label is not None:
        items.append(
            {
                "text": ngettext(
                    "The %(grade)s label expires in %(days)d day",
                    "The %(grade)s label expires in %(days)d days",
                    duties.days_left or 0,
                )
                % {"grade": duties.label.get_grade_display(), "days": duties.days_left},
                "url": reverse("programme:readiness", args=[cluster.slug]),
                "meta": formats.date_format(duties.label.valid_until, "SHORT_DATE_FORMAT"),
                "urgent": (duties.days_left or 0) <= 30,
            }
        )
    if duties.report_due:
        if duties.report is None:
            text = _("Annual report %(year)s: not started") % {"year": duties.report_year}
            url = reverse("programme:report_new") + f"?cluster={cluster.slug}"
        else:
            text = _("Annual report %(year)s: %(status)s") % {
                "year": duties.report_year,
                "status": duties.report.get_status_display(),
            }
            url = duties.report.get_absolute_url()
        items.append({"text": text, "url": url})
    today = timezone.localdate()
    for report in duties.follow_ups:
        items.append(
            {
                "text": _("%(report)s: %(project)s")
                % {"report": report, "project": report.application.project.title},
                "url": report.get_absolute_url(),
                "meta": _("due %(date)s")
                % {"date": formats.date_format(report.due_on, "SHORT_DATE_FORMAT")},
                "urgent": report.due_on < today,
            }
        )
    return {
        "title": _("Programme"),
        "items": items,
        "empty": _("No label or report needs you now."),
        "links": [
            (_("Programme page"), reverse("programme:cluster", args=[cluster.slug])),
            (_("Follow-up of funded projects"), reverse("programme:follow_ups")),
        ],
    }


def _evaluator_reviews(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors.home import review_list_open

    today = timezone.localdate()
    items = []
    for assignment in review_list_open(user=viewer):
        due = assignment.due_on
        items.append(
            {
                "text": assignment.application.project.title,
                "url": reverse("programme:review", args=[assignment.pk]),
                "meta": (
                    _("due %(date)s") % {"date": formats.date_format(due, "SHORT_DATE_FORMAT")}
                    if due
                    else assignment.application.cluster.short_name
                ),
                "urgent": bool(due and due <= today),
            }
        )
    return {
        "title": _("Reviews assigned to you"),
        "items": items,
        "empty": _("No review waits for you."),
        "links": [(_("All my reviews"), reverse("programme:my_reviews"))],
    }


def _officer_queue(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors.home import officer_work_queue

    queue = officer_work_queue()
    applications = reverse("programme:applications")
    rows = [
        (
            queue.to_start,
            ngettext(
                "%(n)d submitted application to take forward",
                "%(n)d submitted applications to take forward",
                queue.to_start,
            ),
            applications + "?status=submitted",
        ),
        (
            queue.to_decide,
            ngettext(
                "%(n)d application with every review in: decide",
                "%(n)d applications with every review in: decide",
                queue.to_decide,
            ),
            applications + "?status=in_review",
        ),
        (
            queue.reviews_overdue,
            ngettext("%(n)d review overdue", "%(n)d reviews overdue", queue.reviews_overdue),
            applications + "?status=in_review",
        ),
        (
            queue.assessments_waiting,
            ngettext(
                "%(n)d assessment in review",
                "%(n)d assessments in review",
                queue.assessments_waiting,
            ),
            reverse("programme:assessments") + "?status=in_review",
        ),
        (
            queue.reports_to_review,
            ngettext(
                "%(n)d annual report to review",
                "%(n)d annual reports to review",
                queue.reports_to_review,
            ),
            reverse("programme:reports") + "?status=submitted",
        ),
        (
            queue.follow_ups_to_review,
            ngettext(
                "%(n)d follow-up report of a funded project to review",
                "%(n)d follow-up reports of funded projects to review",
                queue.follow_ups_to_review,
            ),
            reverse("programme:follow_ups") + "?status=submitted",
        ),
        (
            queue.follow_ups_overdue,
            ngettext(
                "%(n)d follow-up report overdue",
                "%(n)d follow-up reports overdue",
                queue.follow_ups_overdue,
            ),
            reverse("programme:desk"),
        ),
        (
            queue.labels_expiring,
            ngettext(
                "%(n)d label expires within 90 days",
                "%(n)d labels expire within 90 days",
                queue.labels_expiring,
            ),
            reverse("programme:labels") + "?expiring=90",
        ),
    ]
    items = [{"text": text % {"n": n}, "url": url} for n, text, url in rows if n]
    return {
        "title": _("The programme's work queue"),
        "items": items,
        "empty": _("Nothing waits for the programme now."),
        "links": [
            (_("The officer's desk"), reverse("programme:desk")),
            (_("Portfolio"), reverse("programme:portfolio")),
            (_("Peer benchmarking"), reverse("programme:benchmark")),
            (_("Levels"), reverse("programme:levels")),
            (_("Labels"), reverse("programme:labels")),
            (_("Calls"), reverse("programme:calls")),
            (_("Assessments"), reverse("programme:assessments")),
            (_("Evaluators"), reverse("programme:evaluators")),
        ],
    }


def register_home() -> None:
    template = "components/home_widget.html"
    register(
        "home",
        Section(
            "programme-queue",
            gettext_lazy("The programme's work queue"),
            template,
            _officer_queue,
            order=5,
            visible=lambda viewer, scope: can_manage_application(viewer, None),
        ),
    )
    register(
        "home",
        Section(
            "programme-reviews",
            gettext_lazy("Reviews assigned to you"),
            template,
            _evaluator_reviews,
            order=6,
            visible=lambda viewer, scope: can_view_own_reviews(viewer),
        ),
    )
    register(
        "home",
        Section(
            "programme-duties",
            gettext_lazy("Programme"),
            template,
            _team_duties,
            order=50,
            visible=lambda viewer, scope: (
                can_see_team_duties(viewer, scope.cluster)
                and can_view_programme_record(viewer, scope.cluster)
            ),
        ),
    )
