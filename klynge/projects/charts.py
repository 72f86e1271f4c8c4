"""Project charts as inline SVG, drawn by `klynge.core.charts` (matplotlib on the server).

Every chart on a page also has its numbers in a table beside it; these functions only draw.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from klynge.core import charts

from .budget import BudgetSummary

MIX_LABELS = {
    "private_cash": lambda: _("Private cash"),
    "in_kind": lambda: _("In-kind"),
    "private_sources": lambda: _("Other private funding"),
    "public": lambda: _("Public funding"),
}


def funding_mix_chart(budget: BudgetSummary, *, title: str) -> str:
    """A donut of where the money comes from; empty string when no amounts are entered."""
    pairs = [(MIX_LABELS[key](), amount) for key, amount in budget.mix if amount > 0]
    if not pairs:
        return ""
    note = None
    if budget.public_share is not None:
        note = _("Public share %(share)s of eligible cost.") % {
            "share": f"{budget.public_share:.0%}"
        }
    return charts.donut_chart(
        [label for label, _amount in pairs],
        [amount for _label, amount in pairs],
        title=title,
        note=note,
        chart_id="funding-mix",
    )


def count_chart(labels: Sequence[str], values: Sequence[int], *, title: str, chart_id: str) -> str:
    if not any(values):
        return ""
    return charts.bar_chart(labels, values, title=title, horizontal=True, chart_id=chart_id)


def share_chart(
    labels: Sequence[str], values: Sequence[float], *, title: str, chart_id: str
) -> str:
    return charts.bar_chart(labels, values, title=title, percent=True, chart_id=chart_id)


def donut(labels: Sequence[str], values: Sequence[int], *, title: str, chart_id: str) -> str:
    if not any(values):
        return ""
    return charts.donut_chart(labels, values, title=title, chart_id=chart_id)
