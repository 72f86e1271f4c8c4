"""A link crawler over the Django test client: which links a person is shown lead nowhere?"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Paths a crawl does not follow: static files, the admin's own pages, the API (its own tests).
SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/api/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


class _Anchors(HTMLParser):
    """Each link with the text a person reads on it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.found.append((" ".join("".join(self._text).split()), self._href))
            self._href = None


def anchors_in(html: str) -> list[tuple[str, str]]:
    """(text, href) of every link of a page, in page order."""
    parser = _Anchors()
    parser.feed(html)
    return parser.found


def links_in(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "#", "javascript:")):
            continue
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        found.append(path)
    return found


@dataclass
class CrawlResult:
    visited: list[tuple[str, int]] = field(default_factory=list)
    broken: list[tuple[str, int, str]] = field(default_factory=list)  # url, status, found on


def crawl(client: Client, start: str = "/", *, depth: int = 3, per_view: int = 2) -> CrawlResult:
    """Breadth first from `start`: open every link up to `depth` clicks away.

    Pages at the last depth are opened (their status counts) but their links are not followed.
    Each view (URL name) is opened at most `per_view` times with different arguments, which keeps
    the crawl short while every kind of page is still reached.
    """
    result = CrawlResult()
    queue: deque[tuple[str, int, str]] = deque([(start, 0, "")])
    seen: set[str] = {start}
    per_name: Counter[str] = Counter()
    while queue:
        url, level, parent = queue.popleft()
        response = client.get(url)
        status = response.status_code
        result.visited.append((url, status))
        if status in (403, 404, 405) or status >= 500:
            result.broken.append((url, status, parent))
            continue
        if status in (301, 302):
            target = urljoin(url, response["Location"])
            if target not in seen and not target.startswith(SKIP_PREFIXES):
                seen.add(target)
                queue.append((target, level, url))
            continue
        if level >= depth or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_in(response.content.decode(), url):
            if link in seen or link.startswith(SKIP_PREFIXES):
                continue
            seen.add(link)
            try:
                name = resolve(urlsplit(link).path).view_name
            except Resolver404:
                result.broken.append((link, 404, url))
                continue
            per_name[name] += 1
            if per_name[name] > per_view:
                continue
            queue.append((link, level + 1, url))
    return result
