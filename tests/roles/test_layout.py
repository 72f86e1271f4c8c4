"""Every main page works on a phone (390 px) and a laptop (1366 px): nothing overflows sideways,
the page's key action is on screen, and axe-core finds nothing serious or critical.

Screenshots of each page at both widths are written to var/screenshots/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from .conftest import browser_page
from .pages import main_pages

WIDTHS = [(390, 844), (1366, 900)]
SHOTS = Path(settings.VAR_DIR if hasattr(settings, "VAR_DIR") else "var") / "screenshots"

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter(el => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) return false;
    for (let up = el.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (["auto", "scroll", "hidden"].includes(style.overflowX) && up.getBoundingClientRect().right <= width + 1) return false;
    }
    return true;
  });
  return {scroll: document.documentElement.scrollWidth, width,
          culprits: wide.slice(0, 5).map(el => el.tagName + "." + el.className + " " + Math.round(el.getBoundingClientRect().right))};
}"""


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_main_pages_fit_the_screen(
    demo_server: str, demo_browser: Any, width: int, height: int
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    pages: dict[Any, Any] = {}
    for main in main_pages():
        page = pages.get(main.role)
        if page is None:
            page = pages[main.role] = browser_page(
                demo_browser, demo_server, main.role, width, height
            )
        response = page.goto(main.url)
        assert response is not None and response.status == 200, (main, response and response.status)
        found = page.evaluate(OVERFLOW)
        if found["scroll"] > found["width"] + 1:
            problems.append(f"{main.role} {main.name}: {found}")
        action = main.key_action or (main.wide_action if width > 1000 else "")
        if action:
            target = page.locator(action).first
            target.scroll_into_view_if_needed()
            box = target.bounding_box()
            if box is None or box["x"] < 0 or box["x"] + box["width"] > width + 1:
                problems.append(f"{main.role} {main.name}: {action} off screen {box}")
        page.screenshot(path=str(SHOTS / f"{main.role}-{main.name}-{width}.png"), full_page=True)
    for page in pages.values():
        page.context.close()
    assert problems == []


def test_main_pages_have_no_serious_accessibility_findings(
    demo_server: str, demo_browser: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    findings = []
    pages: dict[Any, Any] = {}
    for main in main_pages():
        page = pages.get(main.role)
        if page is None:
            page = pages[main.role] = browser_page(demo_browser, demo_server, main.role, 1366, 900)
        page.goto(main.url)
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                findings.append(f"{main.role} {main.name}: {violation['id']} {targets}")
    for page in pages.values():
        page.context.close()
    assert findings == []
