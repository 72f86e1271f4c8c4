"""SVG charts of survey results (through `klynge.core.charts`), the same for the page and the PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _

from klynge.core import charts

from .selectors.results import QuestionResult, WaveResult


def _note(result: QuestionResult) -> str:
    parts = [_("n = %(n)s") % {"n": result.n}]
    if result.summary is not None and result.summary.mean is not None:
        parts.append(_("mean %(mean)s") % {"mean": f"{result.summary.mean:g}"})
        parts.append(_("median %(median)s") % {"median": f"{result.summary.median:g}"})
    if result.nps is not None and result.nps.score is not None:
        parts.append(_("NPS %(score)s") % {"score": result.nps.score})
    return " · ".join(parts)


def question_chart(result: QuestionResult, chart_id: str) -> str:
    """The chart of one question's answers ("" for text questions and empty results)."""
    question = result.question
    title = question.text
    if question.is_text or not result.n:
        return ""
    if question.kind == "matrix":
        points = [str(p) for p in question.scale_points]
        series = {
            point: [dict(s.summary.distribution).get(point, 0) for s in result.statements]
            for point in points
        }
        return charts.stacked_bar(
            [s.label for s in result.statements],
            series,
            title=title,
            horizontal=True,
            note=_note(result),
            chart_id=chart_id,
        )
    labels = [label for _key, label, _count in result.counts]
    values = [count for _key, _label, count in result.counts]
    return charts.bar_chart(
        labels,
        values,
        title=title,
        horizontal=question.kind in ("single", "multiple"),
        note=_note(result),
        chart_id=chart_id,
    )


def trend_chart(key: str, title: str, waves: list[WaveResult], chart_id: str) -> str:
    """Earlier waves side by side: a line of the mean (scale, number), NPS, or grouped shares."""
    shown = [w for w in waves if key in w.by_key]
    if len(shown) < 2:
        return ""
    labels = [w.label for w in shown]
    first = shown[-1].by_key[key]
    kind = first.question.kind
    if kind == "nps":
        return charts.line_chart(
            labels,
            {_("NPS"): [w.by_key[key].nps_score for w in shown]},
            title=title,
            ticks=(-100, -50, 0, 50, 100),
            chart_id=chart_id,
        )
    if kind in ("scale", "number"):
        return charts.line_chart(
            labels,
            {_("Mean"): [w.by_key[key].numbers.mean for w in shown]},
            title=title,
            ticks=(1, 2, 3, 4, 5) if kind == "scale" else None,
            chart_id=chart_id,
        )
    if kind == "matrix":
        statements = [s.label for s in first.statements]
        series = {
            w.label: [
                next((s.summary.mean or 0 for s in w.by_key[key].statements if s.label == label), 0)
                for label in statements
            ]
            for w in shown
        }
        return charts.grouped_bar(statements, series, title=title, chart_id=chart_id)
    options = [label for _k, label, _c in first.counts]
    series = {
        w.label: [
            next((share for _k, label, _c, share in w.by_key[key].shares if label == option), 0)
            for option in options
        ]
        for w in shown
    }
    return charts.grouped_bar(options, series, title=title + " (%)", chart_id=chart_id)
