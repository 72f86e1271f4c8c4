"""Reads for annual reports: visible lists and the figures arranged as tables for pages and exports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from klynge.clusters.roles import cluster_roles

from ..models import AnnualReport
from ..permissions import is_officer
from .report_figures import label_for


def report_list_visible(
    *, user: Any, status: str = "", year: int | None = None
) -> QuerySet[AnnualReport]:
    reports = AnnualReport.objects.select_related("cluster")
    if not is_officer(user):
        reports = reports.filter(cluster_id__in=list(cluster_roles(user)))
    if status:
        reports = reports.filter(status=status)
    if year:
        reports = reports.filter(year=year)
    return reports.order_by("-year", "cluster__name", "pk")


def _pairs(group: str, rows: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    return [(label_for(group, row["key"]), row["count"]) for row in rows]


def figure_tables(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Sections of (label, value) rows from the stored figures, in the reader's language."""
    if not figures:
        return []
    m, e, p = figures.get("members", {}), figures.get("events", {}), figures.get("projects", {})
    share = m.get("sme_share")
    sections = [
        {
            "key": "members",
            "title": _("Members"),
            "rows": [
                (_("Members at the end of the period"), m.get("total")),
                (_("New members"), m.get("new")),
                (_("Members who left"), m.get("left")),
                (_("SMEs (estimated from headcount)"), m.get("sme")),
                (_("SME share"), f"{share * 100:.0f} %" if share is not None else "–"),
                (_("International members"), m.get("international")),
                *_pairs("member_type", m.get("by_type", [])),
            ],
        },
        {
            "key": "events",
            "title": _("Meeting places"),
            "rows": [
                (_("Events held"), e.get("count")),
                (_("Participants"), e.get("participants")),
                *_pairs("event_kind", e.get("by_kind", [])),
            ],
        },
        {
            "key": "projects",
            "title": _("Projects"),
            "rows": [
                (_("Projects carried out"), p.get("active")),
                (_("Started this year"), p.get("started")),
                *_pairs("project_kind", p.get("by_kind", [])),
            ],
        },
        {
            "key": "outcomes",
            "title": _("Outcomes recorded"),
            "rows": _pairs("outcome_kind", p.get("outcomes", [])),
        },
        {
            "key": "international",
            "title": _("International partners"),
            "rows": [
                (_("Foreign partner organisations in projects"), p.get("international_partners")),
                *[(name, "") for name in p.get("international_partner_names", [])],
            ],
        },
    ]
    return sections
