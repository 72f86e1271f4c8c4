"""Charts rendered on the server: matplotlib to an inline SVG string, for a page and a PDF alike.

Every function returns `<svg ...>` markup (no XML declaration), with `role="img"`, a `<title>` and,
when a note is given, a `<desc>`, so screen readers announce the chart. Output is deterministic
(fixed size, fixed hash salt, text kept as text) and the element ids are prefixed per chart, so
several charts can sit on one page without clashing ids. Pages should also show the numbers in a
table next to each chart: a chart is never the only way to read them.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any, Literal

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

BRAND = "#0b5d6b"
ACCENT = "#e0a526"
INK = "#17212b"
MUTED = "#5a6772"
LINE = "#d5dde3"
PALETTE = (BRAND, ACCENT, "#5b9aa6", "#8a5a9e", "#1e7b3a", "#b3261e", "#9aa7b1", "#3d4f5c")

WIDTH_IN = 6.4
HEIGHT_IN = 3.4

_RC: dict[Any, Any] = {  # matplotlib rcParams (its stubs list every key as a Literal)
    "svg.hashsalt": "klynge",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.edgecolor": LINE,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "text.color": INK,
    "legend.frameon": False,
    "path.simplify": False,
    "lines.linewidth": 2,
}

Number = int | float
STYLE_VERSION = "2"  # bump when the look changes, so cached SVGs are drawn again
CACHE_SECONDS = 24 * 3600


def _cached(chart: Callable[..., str]) -> Callable[..., str]:
    """Memoise a chart in Django's cache, keyed by its inputs (drawing one takes ~0.1 s).

    Charts are pure functions of their arguments, so the key is a hash of the normalised arguments
    (lazy translations become the text they show). Outside a configured Django it just draws.
    """

    @functools.wraps(chart)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        from django.conf import settings

        if not settings.configured:
            return chart(*args, **kwargs)
        from django.core.cache import cache

        parts = (chart.__name__, STYLE_VERSION, matplotlib.__version__, _plain((args, kwargs)))
        key = "klynge:chart:" + hashlib.sha256(repr(parts).encode()).hexdigest()
        svg: str | None = cache.get(key)
        if svg is None:
            svg = chart(*args, **kwargs)
            cache.set(key, svg, CACHE_SECONDS)
        return svg

    return wrapper


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


@_cached
def bar_chart(
    labels: Sequence[str],
    values: Sequence[Number],
    *,
    title: str,
    horizontal: bool = False,
    note: str | None = None,
    percent: bool = False,
    chart_id: str | None = None,
) -> str:
    """One series of bars; horizontal suits long labels (industries, counties)."""
    labels, values = list(labels), list(values)
    height = HEIGHT_IN
    if horizontal:
        height = max(HEIGHT_IN * 0.6, 0.9 + 0.32 * max(len(labels), 1))

    def draw(fig: Figure) -> None:
        ax = _axes(fig, title)
        positions = range(len(labels))
        if horizontal:
            bars = ax.barh(positions, values, color=BRAND, height=0.65)
            ax.set_yticks(list(positions), labels)
            ax.invert_yaxis()
            _grid(ax, "x", percent=percent)
        else:
            bars = ax.bar(positions, values, color=BRAND, width=0.65)
            _xticks(ax, list(positions), labels)
            _grid(ax, "y", percent=percent)
        ax.bar_label(bars, labels=[_fmt(v, percent) for v in values], padding=2, color=INK)
        ax.margins(x=0.08 if horizontal else 0.02, y=0.02 if horizontal else 0.12)

    return _render(draw, title=title, note=note, chart_id=chart_id, height=height)


@_cached
def grouped_bar(
    labels: Sequence[str],
    series: Mapping[str, Sequence[Number]],
    *,
    title: str,
    note: str | None = None,
    chart_id: str | None = None,
) -> str:
    """Several series side by side per label (e.g. joined and left per year)."""
    labels = list(labels)
    names = list(series)

    def draw(fig: Figure) -> None:
        ax = _axes(fig, title)
        width = 0.8 / max(len(names), 1)
        for index, name in enumerate(names):
            offset = (index - (len(names) - 1) / 2) * width
            positions = [i + offset for i in range(len(labels))]
            ax.bar(positions, list(series[name]), width=width, label=name, color=_colour(index))
        _xticks(ax, list(range(len(labels))), labels)
        _grid(ax, "y")
        _legend(ax, names)

    return _render(draw, title=title, note=note, chart_id=chart_id)


@_cached
def stacked_bar(
    labels: Sequence[str],
    series: Mapping[str, Sequence[Number]],
    *,
    title: str,
    horizontal: bool = False,
    note: str | None = None,
    chart_id: str | None = None,
) -> str:
    """Series stacked on each other per label (e.g. members per year by member type)."""
    labels = list(labels)
    names = list(series)

    def draw(fig: Figure) -> None:
        ax = _axes(fig, title)
        base = [0.0] * len(labels)
        positions = list(range(len(labels)))
        for index, name in enumerate(names):
            values = [float(v) for v in series[name]]
            if horizontal:
                ax.barh(positions, values, left=base, label=name, color=_colour(index))
            else:
                ax.bar(positions, values, bottom=base, label=name, color=_colour(index))
            base = [b + v for b, v in zip(base, values, strict=True)]
        if horizontal:
            ax.set_yticks(positions, labels)
            ax.invert_yaxis()
            _grid(ax, "x")
        else:
            _xticks(ax, positions, labels)
            _grid(ax, "y")
        _legend(ax, names)

    return _render(draw, title=title, note=note, chart_id=chart_id)


@_cached
def line_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[Number | None]],
    *,
    title: str,
    note: str | None = None,
    percent: bool = False,
    ticks: Sequence[Number] | None = None,
    chart_id: str | None = None,
) -> str:
    """Lines over ordered labels (years); None leaves a gap. `percent` reads values as 0..1.

    `ticks` fixes the value axis to a measure's whole range (a 1–5 scale, NPS from -100 to 100),
    so that a small change looks small; without it the axis fits the values.
    """
    labels = list(labels)
    names = list(series)

    def draw(fig: Figure) -> None:
        ax = _axes(fig, title)
        positions = list(range(len(labels)))
        for index, name in enumerate(names):
            values = [float("nan") if v is None else float(v) for v in series[name]]
            ax.plot(positions, values, marker="o", markersize=4, label=name, color=_colour(index))
        _xticks(ax, positions, labels)
        if percent:
            ax.set_ylim(0, 1.05)
            ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        elif ticks:
            margin = (max(ticks) - min(ticks)) * 0.05
            ax.set_ylim(min(ticks) - margin, max(ticks) + margin)
            ax.set_yticks(list(ticks))
        _grid(ax, "y", percent=percent)
        if len(names) > 1:
            _legend(ax, names)

    return _render(draw, title=title, note=note, chart_id=chart_id)


@_cached
def donut_chart(
    labels: Sequence[str],
    values: Sequence[Number],
    *,
    title: str,
    note: str | None = None,
    chart_id: str | None = None,
) -> str:
    """Shares of a whole (e.g. Norwegian vs international); zero slices are left out."""
    pairs = [(label, value) for label, value in zip(labels, values, strict=True) if value > 0]
    total = sum(value for _label, value in pairs)

    def draw(fig: Figure) -> None:
        ax = fig.add_axes((0.02, 0.04, 0.5, 0.8))
        _title(fig, title)
        if not pairs:
            ax.axis("off")
            return
        wedges, _texts = ax.pie(
            [value for _label, value in pairs],
            colors=[_colour(i) for i in range(len(pairs))],
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.38, "edgecolor": "white"},
        )
        ax.set_aspect("equal")
        ax.text(0, 0, _fmt(total, False), ha="center", va="center", fontsize=14, color=INK)
        legend = [f"{label}: {_fmt(value, False)} ({value / total:.0%})" for label, value in pairs]
        fig.legend(wedges, legend, loc="center left", bbox_to_anchor=(0.55, 0.45))

    return _render(draw, title=title, note=note, chart_id=chart_id, tight=False)


# --- internals ------------------------------------------------------------------------------


def _axes(fig: Figure, title: str) -> Axes:
    ax = fig.add_subplot()
    _title(fig, title)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def _title(fig: Figure, title: str) -> None:
    """The title at the top left of the figure (not of the axes), the same in every chart."""
    fig.suptitle(title, x=0.01, y=0.98, ha="left", va="top", fontsize=11, fontweight="bold")


def _grid(ax: Axes, axis: Literal["x", "y"], *, percent: bool = False) -> None:
    """Light grid lines on the value axis: whole numbers for counts, 0-100 % for shares."""
    ax.grid(axis=axis, color=LINE, linewidth=0.8)
    ax.set_axisbelow(True)
    value_axis = ax.xaxis if axis == "x" else ax.yaxis
    if percent:
        value_axis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    else:
        value_axis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def _legend(ax: Axes, names: list[str]) -> None:
    if names:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _rotation(labels: Sequence[str]) -> int:
    longest = max((len(label) for label in labels), default=0)
    if len(labels) > 14:
        return 90
    return 45 if len(labels) > 8 or longest * len(labels) > 60 else 0


def _xticks(ax: Axes, positions: Sequence[float], labels: Sequence[str]) -> None:
    """Category labels under the bars; slanted ones end at their tick so they do not overlap."""
    rotation = _rotation(labels)
    if rotation:
        ax.set_xticks(positions, labels, rotation=rotation, ha="right", rotation_mode="anchor")
    else:
        ax.set_xticks(positions, labels)


def _fmt(value: Number, percent: bool) -> str:
    if percent:
        return f"{value:.0%}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _render(
    draw: Callable[[Figure], None],
    *,
    title: str,
    note: str | None,
    chart_id: str | None,
    height: float = HEIGHT_IN,
    tight: bool = True,
) -> str:
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, height))
        draw(fig)
        if tight:
            fig.set_layout_engine("tight")
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _finish(buffer.getvalue(), title=title, note=note, chart_id=chart_id)


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^")]+)')


def _finish(svg: str, *, title: str, note: str | None, chart_id: str | None) -> str:
    """Drop the XML prologue and metadata, prefix ids, add role, title and description."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    prefix = chart_id or "chart-" + hashlib.sha1(svg.encode() + title.encode()).hexdigest()[:8]
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", prefix)
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    title_id = f"{prefix}-title"
    labelled = title_id
    head = f'<title id="{title_id}">{escape(title)}</title>'
    if note:
        head += f'<desc id="{prefix}-desc">{escape(note)}</desc>'
        labelled += f" {prefix}-desc"
    opening_end = svg.index(">") + 1
    opening = svg[:opening_end].replace(
        "<svg ", f'<svg role="img" aria-labelledby="{labelled}" class="klynge-chart" ', 1
    )
    return opening + "\n " + head + svg[opening_end:].rstrip() + "\n"


def sparkline(
    values: Sequence[Number | None], *, label: str, width: int = 120, height: int = 28
) -> str:
    """A small trend line as inline SVG (no axes; the last point marked). Missing values (None)
    break the line. Cheap enough to draw per request: no matplotlib."""
    known = [float(v) for v in values if v is not None]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="sparkline">'
        f"<title>{escape(label)}</title>"
    ]
    if known:
        low, high = min(known), max(known)
        span = (high - low) or 1.0
        step = (width - 8) / max(len(values) - 1, 1)

        def point(i: int, v: float) -> tuple[float, float]:
            return 4 + i * step, height - 4 - (v - low) / span * (height - 8)

        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(point(i, float(v)))
        for run in runs:
            if len(run) > 1:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(
                    f'<polyline points="{pts}" fill="none" stroke="{BRAND}" stroke-width="1.8"/>'
                )
        # the last known value (there is one: `known` is not empty)
        last = [(i, float(v)) for i, v in enumerate(values) if v is not None][-1]
        x, y = point(*last)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{ACCENT}"/>')
    out.append("</svg>")
    return "".join(out)


def strip_chart(
    points: Sequence[tuple[str, Number | None]],
    *,
    label: str,
    highlight: str | None = None,
    box: tuple[float, float, float, float, float] | None = None,
    width: int = 320,
    height: int = 46,
) -> str:
    """One figure across many: a dot per value on a line, the box (lowest, quartiles, median,
    highest) behind them, `highlight`'s dot larger and in the accent colour. Inline SVG, drawn by
    hand (no matplotlib), so a page can show one per figure."""
    known = [(name, float(v)) for name, v in points if v is not None]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="strip-chart">'
        f"<title>{escape(label)}</title>"
    ]
    if known:
        values = [v for _n, v in known]
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        middle = height / 2

        def x(v: float) -> float:
            return 10 + (v - low) / span * (width - 20)

        out.append(f'<line x1="10" y1="{middle}" x2="{width - 10}" y2="{middle}" stroke="{LINE}"/>')
        if box is not None:
            lo, q1, med, q3, hi = box
            out.append(
                f'<line x1="{x(lo):.1f}" y1="{middle}" x2="{x(hi):.1f}" y2="{middle}" '
                f'stroke="{MUTED}" stroke-width="1"/>'
                f'<rect x="{x(q1):.1f}" y="{middle - 9}" width="{max(x(q3) - x(q1), 1):.1f}" '
                f'height="18" fill="#e6f0f2" stroke="{MUTED}" stroke-width="0.8"/>'
                f'<line x1="{x(med):.1f}" y1="{middle - 9}" x2="{x(med):.1f}" y2="{middle + 9}" '
                f'stroke="{INK}" stroke-width="1.5"/>'
            )
        for name, v in known:
            if name == highlight:
                continue
            out.append(
                f'<circle cx="{x(v):.1f}" cy="{middle}" r="3.5" fill="{BRAND}" '
                f'fill-opacity="0.7"><title>{escape(name)}: {v:g}</title></circle>'
            )
        for name, v in known:
            if name == highlight:
                out.append(
                    f'<circle cx="{x(v):.1f}" cy="{middle}" r="6" fill="{ACCENT}" '
                    f'stroke="{INK}" stroke-width="1"><title>{escape(name)}: {v:g}</title></circle>'
                )
    out.append("</svg>")
    return "".join(out)
