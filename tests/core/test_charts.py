"""Server-side SVG charts: accessible, deterministic, safe to inline several times on one page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from klynge.core import charts

SVG = "{http://www.w3.org/2000/svg}"
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

CASES: dict[str, Callable[[], str]] = {
    "bar": lambda: charts.bar_chart(["Industry", "Research"], [40, 12], title="By type"),
    "bar_horizontal": lambda: charts.bar_chart(
        ["D – Electricity", "J – Information"], [3, 9], title="By section", horizontal=True
    ),
    "bar_percent": lambda: charts.bar_chart(["2020"], [0.5], title="Share", percent=True),
    "grouped": lambda: charts.grouped_bar(
        ["2019", "2020"], {"Joined": [3, 4], "Left": [1, 0]}, title="Flows"
    ),
    "stacked": lambda: charts.stacked_bar(
        ["2019", "2020"], {"SME": [3, 4], "Large": [1, 2]}, title="Sizes"
    ),
    "line": lambda: charts.line_chart(
        ["2019", "2020", "2021"], {"Retention": [None, 0.9, 1.0]}, title="Retention", percent=True
    ),
    "donut": lambda: charts.donut_chart(["Norway", "Abroad"], [9, 1], title="Countries"),
    "donut_empty": lambda: charts.donut_chart(["Norway", "Abroad"], [0, 0], title="Nothing"),
    "bar_empty": lambda: charts.bar_chart([], [], title="Nothing"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_chart_is_accessible_inline_svg(name: str) -> None:
    svg = CASES[name]()
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata" not in svg
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text
    assert root.get("aria-labelledby", "").split()[0] == title.get("id")
    assert root.get("viewBox")


@pytest.mark.parametrize("name", list(CASES))
def test_chart_output_is_deterministic(name: str) -> None:
    """Drawn twice without the cache, byte for byte the same."""
    with override_settings(CACHES=NO_CACHE):
        assert CASES[name]() == CASES[name]()


def test_cache_keys_on_the_text_shown_not_on_lazy_objects() -> None:
    label = gettext_lazy("Members")
    with translation.override("en"):
        english = charts.bar_chart([label], [1], title=gettext_lazy("Industry"))
    with translation.override("nb"):
        norwegian = charts.bar_chart([label], [1], title=gettext_lazy("Industry"))
    assert english != norwegian
    assert ">Members</text>" in english and ">Members</text>" not in norwegian


def test_cached_chart_equals_a_fresh_drawing() -> None:
    cached = charts.line_chart(["2020", "2021"], {"Rate": [0.5, 1]}, title="Cached", percent=True)
    again = charts.line_chart(["2020", "2021"], {"Rate": [0.5, 1]}, title="Cached", percent=True)
    fresh = charts.line_chart.__wrapped__(
        ["2020", "2021"], {"Rate": [0.5, 1]}, title="Cached", percent=True
    )
    assert cached == again == fresh


def test_text_stays_text_and_title_is_escaped() -> None:
    svg = charts.bar_chart(["R&D <lab>"], [1], title="Members & partners <2019>")
    assert "<text" in svg and "R&amp;D &lt;lab&gt;" in svg
    assert "<title" in svg and "Members &amp; partners &lt;2019&gt;" in svg
    ET.fromstring(svg)


def test_note_becomes_description() -> None:
    svg = charts.bar_chart(["SME"], [3], title="Size", note="Estimated from headcount")
    root = ET.fromstring(svg)
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text == "Estimated from headcount"
    assert desc.get("id") in root.get("aria-labelledby", "").split()


def test_ids_are_prefixed_so_two_charts_can_share_a_page() -> None:
    first = charts.bar_chart(["a"], [1], title="One", chart_id="one")
    second = charts.bar_chart(["a"], [1], title="Two", chart_id="two")
    first_ids = set(re.findall(r'\bid="([^"]+)"', first))
    second_ids = set(re.findall(r'\bid="([^"]+)"', second))
    assert first_ids and not (first_ids & second_ids)
    assert all(i.startswith("one-") for i in first_ids)
    # every internal reference points at an id of the same chart
    refs = set(re.findall(r'(?:url\(#|href="#)([^")]+)', first))
    assert refs and refs <= first_ids


def test_site_colours_and_values_are_drawn() -> None:
    svg = charts.grouped_bar(["2020"], {"Joined": [5], "Left": [2]}, title="Flows")
    assert charts.BRAND in svg and charts.ACCENT in svg
    bar = charts.bar_chart(["Industry", "Research"], [40, 12], title="By type")
    texts = re.findall(r">([^<>]+)</text>", bar)
    assert "40" in texts and "12" in texts and "Industry" in texts


def test_donut_shows_shares_in_legend_and_skips_zero_slices() -> None:
    svg = charts.donut_chart(["Norway", "Abroad", "Nowhere"], [3, 1, 0], title="Countries")
    assert "Norway: 3 (75%)" in svg and "Abroad: 1 (25%)" in svg
    assert "Nowhere" not in svg
